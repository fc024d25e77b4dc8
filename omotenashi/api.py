"""The /api/v1 REST API (django-ninja): the API object, token auth, the error envelope.

Routers live in each app's api.py. Every 4xx answer, whatever raised it, has one shape:

    {"error": {"code": "...", "message": "...", "fields": {"<field>": ["..."]}}}

and it is produced in this module only.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path, reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import HttpBearer

from omotenashi.accounts.models import Agent
from omotenashi.accounts.services import api_token_authenticate
from omotenashi.lib import ratelimit
from omotenashi.lib.errors import (
    ApplicationError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)

logger = logging.getLogger(__name__)
E = TypeVar("E", bound=Exception)

DESCRIPTION = """\
The service desk's REST API. Authenticate with `Authorization: Bearer <token>`; an admin
creates a token with `omotenashi create_api_token USERNAME --name NAME`. An agent reaches
only the tickets of their teams' queues; others answer 404. Every error has the shape
`{"error": {"code", "message", "fields"}}`. See docs/api.md for a guide with examples.
"""


class ApiTokenAuth(HttpBearer):
    """Bearer tokens from accounts.ApiToken, with an optional per-token rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> Agent | None:
        agent = api_token_authenticate(secret=token.strip())
        if agent is None:
            return None
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        if limit > 0:
            # Keyed on the token's public prefix, so two integrations of one agent do not
            # starve each other. Counted only after a valid token: bad tokens cost nothing.
            prefix = token.strip().split("_")[1]
            ratelimit.hit(scope="api", key=prefix, limit=limit, window_seconds=60)
        return agent


class OmotenashiAPI(NinjaAPI):
    """NinjaAPI whose URL answers outside any operation also use the error envelope.

    Ninja answers an unknown path with Django's HTML 404 and a known path with a wrong
    method with a bare 405; a client of a JSON API should get JSON for those too.
    """

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _envelope_not_allowed(pattern.callback)
        patterns.append(re_path(r"^.*$", _unknown_endpoint, name="unknown-endpoint"))
        return patterns, app_name, namespace


api = OmotenashiAPI(
    title="Omotenashi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ApiTokenAuth(),
)


# --- the error envelope -------------------------------------------------------------------

CODES: dict[type[ApplicationError], str] = {
    NotFound: "not_found",
    ValidationFailed: "validation_error",
    Conflict: "conflict",
    PermissionDenied: "forbidden",
    RateLimited: "rate_limited",
}
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "validation_error",
    429: "rate_limited",
}


def error_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    code = next((c for cls, c in CODES.items() if isinstance(exc, cls)), None)
    code = code or STATUS_CODES.get(exc.status_code, "bad_request")
    fields = {exc.field: [exc.message]} if exc.field else {}
    response = error_response(
        request, status=exc.status_code, code=code, message=exc.message, fields=fields
    )
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """'attachments.0.content_base64' from ('body', 'payload', 'attachments', 0, ...)."""
    parts = list(loc[1:])  # drop the source: body, query, path, header
    if loc and loc[0] == "body" and parts and parts[0] == "payload":
        parts = parts[1:]  # every body parameter is called `payload`; clients never see it
    return ".".join(str(p) for p in parts) or "__all__"


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", "Not valid."))
        # pydantic prefixes messages raised from our validators; the client needs only ours.
        message = message.removeprefix("Value error, ")
        fields.setdefault(_field_name(error.get("loc", ())), []).append(message)
    summary = "; ".join(f"{name}: {msgs[0]}" for name, msgs in fields.items())
    return error_response(
        request,
        status=422,
        code="validation_error",
        message=f"The request is not valid ({summary}).",
        fields=fields,
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        response = error_response(
            request,
            status=401,
            code="unauthorized",
            message="A valid API token is required: send 'Authorization: Bearer <token>'.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if isinstance(exc, AuthorizationError):
        return error_response(request, status=403, code="forbidden", message=str(exc))
    message = str(exc)
    if exc.status_code == 400:
        # Ninja's only 400 is an unparseable body; say what we expect.
        message = "The request body is not valid JSON."
    code = STATUS_CODES.get(exc.status_code, "bad_request")
    return error_response(request, status=exc.status_code, code=code, message=message)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, status=404, code="not_found", message="Not found.")


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return error_response(
            request,
            status=413,
            code="bad_request",
            message=f"The request body is larger than the {limit_mb:.0f} MB limit.",
        )
    return error_response(
        request, status=400, code="bad_request", message="The request was refused."
    )


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A bug, not bad input: log it with the traceback and answer in the envelope so a
    # client can still parse the reply. Nothing about the failure leaks to the client.
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    message = "Something went wrong on our side."
    body = {"error": {"code": "server_error", "message": message, "fields": {}}}
    return api.create_response(request, body, status=500)


def _handle(exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]) -> None:
    # Ninja's signature also allows handlers of exception classes, which it never passes.
    api.add_exception_handler(exc_class, cast(Any, handler))


_handle(ApplicationError, _application_error)
_handle(ValidationError, _validation_error)
_handle(HttpError, _http_error)
_handle(Http404, _not_found)
_handle(SuspiciousOperation, _suspicious)
_handle(Exception, _unexpected)


def _envelope_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            enveloped = error_response(
                request,
                status=405,
                code="bad_request",
                message=f"{request.method} is not allowed here; use {allowed}.",
            )
            enveloped["Allow"] = allowed
            return enveloped
        return response

    return wrapper


def _unknown_endpoint(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        status=404,
        code="not_found",
        message=f"No endpoint at {request.path}; see {reverse('api:openapi-view')} for the list.",
    )


# --- routers ------------------------------------------------------------------------------

api.add_router("/me", "omotenashi.accounts.api.router")
api.add_router("/tickets", "omotenashi.tickets.api.router")
api.add_router("/tickets", "omotenashi.tickets.routing.api.router")
api.add_router("/attachments", "omotenashi.tickets.api.attachments_router")
api.add_router("/queues", "omotenashi.tickets.api.queues_router")
api.add_router("/guests", "omotenashi.customers.api.router")
# Search is written separately and may not be installed yet; the API works without it.
# find_spec (rather than try/except ImportError) keeps a real import error in that module loud.
if importlib.util.find_spec("omotenashi.search.api") is not None:
    api.add_router("/search", "omotenashi.search.api.router")
