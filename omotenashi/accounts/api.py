"""/api/v1/me, and the vocabulary every API router shares: the calling agent, ids, errors.

These shared pieces live here rather than in omotenashi/api.py because accounts sits at the
bottom of the dependency order (docs/architecture.md): customers and tickets may import it,
while omotenashi/api.py imports their routers and so must not be imported by them.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import NotFound

# Ids are 64-bit signed integers in every database we support; a larger number sent by a
# client would overflow the driver (a 500) instead of simply matching nothing.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def agent_of(request: HttpRequest) -> Agent:
    """The agent behind the bearer token. Precondition: the operation requires auth."""
    agent = getattr(request, "auth", None)
    if not isinstance(agent, Agent):  # only reachable if an operation forgot auth=
        raise RuntimeError("API operation reached without an authenticated agent")
    return agent


def path_id(value: int, *, what: str) -> int:
    """A path id that can name a row; anything else is simply not found (no 422 for probing)."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"No such {what}.")
    return value


class ErrorBody(Schema):
    code: str = Field(
        description="not_found, validation_error, conflict, forbidden, unauthorized, "
        "rate_limited or bad_request"
    )
    message: str
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Per-field messages; keys are dotted paths."
    )


class ErrorOut(Schema):
    error: ErrorBody


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """Response declarations for the OpenAPI document; 401 applies to every operation."""
    return {code: ErrorOut for code in sorted({401, *codes})}


class Ref(Schema):
    """A named row: {id, name} (team, queue, organisation, agent)."""

    id: int
    name: str


# --- /me --------------------------------------------------------------------------------------


class LanguageOut(Schema):
    language: str
    level: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    role: str
    time_zone: str
    is_available: bool
    teams: list[Ref]
    languages: list[LanguageOut]


router = Router(tags=["me"])


@router.get("", response={200: MeOut, **errors()}, summary="The agent the token belongs to")
def me(request: HttpRequest) -> MeOut:
    agent = agent_of(request)
    return MeOut(
        id=agent.pk,
        username=agent.user.username,
        display_name=agent.display_name,
        email=agent.user.email,
        role=agent.role,
        time_zone=agent.time_zone,
        is_available=agent.is_available,
        teams=[Ref(id=t.pk, name=t.name) for t in agent.teams.order_by("name")],
        languages=[
            LanguageOut(language=row.language, level=row.level)
            for row in agent.languages.order_by("language")
        ],
    )
