"""Auth, the error envelope and hostile input across /api/v1, and the OpenAPI document."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from omotenashi.accounts.services import api_token_create, api_token_revoke
from omotenashi.testing.fixtures import api_client, make_ticket
from omotenashi.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _assert_envelope(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code and error["message"]
    assert isinstance(error["fields"], dict)
    assert all(
        isinstance(v, list) and all(isinstance(m, str) for m in v) for v in error["fields"].values()
    )
    return error


# --- authentication ------------------------------------------------------------------------------


def test_missing_and_malformed_tokens_are_401(alice):
    client = Client()
    response = client.get("/api/v1/tickets")
    _assert_envelope(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")
    for header in (
        "Bearer",
        "Bearer nonsense",
        "Bearer omo_deadbeef_x",
        "Basic YWxpY2U6cHc=",
        "omo_x_y",
    ):
        _assert_envelope(
            client.get("/api/v1/tickets", HTTP_AUTHORIZATION=header), 401, "unauthorized"
        )


def test_a_valid_token_works_and_a_revoked_one_does_not(alice):
    token, secret = api_token_create(agent=alice, name="ci")
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    api_token_revoke(token=token)
    _assert_envelope(
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}"), 401, "unauthorized"
    )


def test_an_expired_token_is_401(alice):
    _, secret = api_token_create(
        agent=alice, name="old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    _assert_envelope(
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}"), 401, "unauthorized"
    )


def test_a_deactivated_agent_is_401(alice):
    _, secret = api_token_create(agent=alice, name="ci")
    alice.user.is_active = False
    alice.user.save(update_fields=["is_active"])
    _assert_envelope(
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}"), 401, "unauthorized"
    )


def test_a_tampered_secret_is_401(alice):
    _, secret = api_token_create(agent=alice, name="ci")
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    _assert_envelope(
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {tampered}"), 401, "unauthorized"
    )


def test_rate_limit_per_token(alice, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    client, headers = api_client(alice)
    _, other = api_client(alice)
    statuses = [client.get("/api/v1/me", **headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get("/api/v1/me", **headers)
    _assert_envelope(limited, 429, "rate_limited")
    assert 1 <= int(limited["Retry-After"]) <= 60
    # Another token of the same agent has its own budget.
    assert client.get("/api/v1/me", **other).status_code == 200


def test_rate_limit_off_by_default(alice, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    client, headers = api_client(alice)
    assert {client.get("/api/v1/me", **headers).status_code for _ in range(30)} == {200}


# --- the envelope outside operations -------------------------------------------------------------


def test_unknown_endpoint_and_wrong_method_use_the_envelope(alice):
    client, headers = api_client(alice)
    _assert_envelope(client.get("/api/v1/nothing/here", **headers), 404, "not_found")
    wrong = client.delete("/api/v1/tickets", **headers)
    _assert_envelope(wrong, 405, "bad_request")
    assert set(wrong["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_malformed_json_is_400(alice):
    client, headers = api_client(alice)
    for raw in (
        b"{not json",
        b'{"body": "x"',
        '{"body": "caf\xe9"}'.encode("latin-1"),
        b"[" * 100_000,
    ):
        response = client.post(
            "/api/v1/tickets", data=raw, content_type="application/json", **headers
        )
        _assert_envelope(response, 400, "bad_request")


def test_a_body_over_the_upload_limit_is_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, headers = api_client(alice)
    body = json.dumps({"requester": {"email": "x@example.com"}, "body": "x" * 2000})
    response = client.post("/api/v1/tickets", data=body, content_type="application/json", **headers)
    _assert_envelope(response, 413, "bad_request")


# --- hostile payloads: always a 4xx with the envelope, never a 500 ---------------------------

HUGE = "x" * 2_100_000
BIG_INT = 10**30


def _hostile_bodies(guest_id: int) -> list[tuple[str, Any]]:
    base = {"requester_id": guest_id, "body": "Hello"}
    return [
        ("wrong type body", {**base, "body": 42}),
        ("wrong type subject", {**base, "subject": ["a"]}),
        ("wrong type requester", {**base, "requester_id": None, "requester": "carol@example.com"}),
        ("string id", {**base, "requester_id": "seven"}),
        ("float id", {**base, "requester_id": 1.5}),
        ("negative id", {**base, "requester_id": -3}),
        ("huge id", {**base, "requester_id": BIG_INT}),
        ("huge queue id", {**base, "queue_id": BIG_INT}),
        ("unknown queue", {**base, "queue_id": 424242}),
        ("unknown requester", {**base, "requester_id": 424242}),
        ("huge body", {**base, "body": HUGE}),
        ("huge subject", {**base, "subject": "s" * 10_000}),
        ("huge name", {"requester": {"email": "a@example.com", "name": "n" * 10_000}, "body": "x"}),
        ("huge email", {"requester": {"email": "a" * 300 + "@example.com"}, "body": "x"}),
        ("not an email", {"requester": {"email": "not-an-address"}, "body": "x"}),
        ("bad priority", {**base, "priority": "whenever"}),
        ("tags not a list", {**base, "tags": "a,b"}),
        ("huge tag", {**base, "tags": ["t" * 500]}),
        ("too many tags", {**base, "tags": [f"t{n}" for n in range(51)]}),
        ("bad cc", {**base, "cc": ["nope"]}),
        ("bad base64", {**base, "attachments": [{"filename": "a.txt", "content_base64": "%%%"}]}),
        (
            "base64 padding",
            {**base, "attachments": [{"filename": "a.txt", "content_base64": "YQ"}]},
        ),
        (
            "attachment no name",
            {**base, "attachments": [{"filename": "", "content_base64": "YQ=="}]},
        ),
        ("attachment not object", {**base, "attachments": ["YQ=="]}),
        ("unknown field", {**base, "priorty": "high"}),
        ("array body", [base]),
        ("string body", "hello"),
        ("null body", None),
        ("nested junk", {**base, "requester": {"email": {"$ne": ""}}}),
        ("null bytes", {**base, "subject": "a\x00b", "body": "\x00"}),
    ]


def test_hostile_ticket_creates_are_refused_cleanly(alice, carol):
    client, headers = api_client(alice)
    for label, body in _hostile_bodies(carol.pk):
        data = json.dumps(body)
        response = client.post(
            "/api/v1/tickets", data=data, content_type="application/json", **headers
        )
        assert 400 <= response.status_code < 500, (
            label,
            response.status_code,
            response.content[:300],
        )
        _assert_envelope(response, response.status_code, response.json()["error"]["code"])
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"limit": -1},
        {"limit": 0},
        {"limit": 201},
        {"limit": "ten"},
        {"limit": BIG_INT},
        {"cursor": "garbage"},
        {"cursor": "%%%"},
        {"cursor": base64.urlsafe_b64encode(b'["x", "y"]').decode()},
        {"cursor": base64.urlsafe_b64encode(b"{}").decode()},
        {"cursor": "x" * 5000},
        {"queue_id": BIG_INT},
        {"queue_id": -1},
        {"queue_id": "it"},
        {"assignee_id": "me"},
        {"updated_since": "yesterday"},
        {"status": "lost"},
        {"priority": "asap"},
        {"open": "maybe"},
        {"tag": "t" * 100},
        {"tag": "a\x00b"},
    ],
)
def test_hostile_list_queries_are_422(alice, params):
    client, headers = api_client(alice)
    response = client.get("/api/v1/tickets", params, **headers)
    error = _assert_envelope(response, 422, "validation_error")
    assert error["fields"]


def test_hostile_ids_in_paths_are_404_or_422(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client, headers = api_client(alice)
    for path in (
        "/tickets/0",
        "/tickets/-5",
        f"/tickets/{BIG_INT}",
        "/attachments/0",
        f"/guests/{BIG_INT}",
        f"/tickets/{ticket.pk}/macros/{BIG_INT}",
    ):
        method = client.post if "macros" in path else client.get
        _assert_envelope(method(f"/api/v1{path}", **headers), 404, "not_found")
    _assert_envelope(client.get("/api/v1/tickets/abc", **headers), 422, "validation_error")


def test_hostile_operation_bodies(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client, headers = api_client(alice)
    cases = [
        ("post", "status", {"status": None}),
        ("post", "status", {"status": "open", "reason": "r" * 5000}),
        ("post", "queue", {"queue_id": "cs"}),
        ("post", "queue", {"queue_id": BIG_INT}),
        ("post", "assignee", {}),
        ("post", "assignee", {"assignee_id": -1}),
        ("post", "priority", {"priority": 3}),
        ("put", "tags", {"tags": None}),
        ("put", "tags", {"tags": [1, 2]}),
        ("post", "merge", {"target_id": ticket.pk}),
        ("post", "merge", {"target_id": BIG_INT}),
        ("post", "replies", {"body": HUGE}),
        (
            "post",
            "replies",
            {"body": "x", "attachments": [{"filename": "a", "content_base64": "!!"}]},
        ),
        ("post", "notes", {"body": ""}),
        ("post", "notes", {"body": "x", "extra": 1}),
    ]
    for method, op, body in cases:
        call = getattr(client, method)
        response = call(
            f"/api/v1/tickets/{ticket.pk}/{op}",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        )
        assert 400 <= response.status_code < 500, (
            op,
            body if len(str(body)) < 200 else "…",
            response.content[:300],
        )
        _assert_envelope(response, response.status_code, response.json()["error"]["code"])
    ticket.refresh_from_db()
    assert ticket.messages.count() == 1 and ticket.status == "new"


def test_validation_errors_name_each_field(alice):
    client, headers = api_client(alice)
    body = {
        "requester": {"email": 5},
        "priority": "asap",
        "attachments": [{"filename": "a"}],
        "zzz": 1,
    }
    response = client.post(
        "/api/v1/tickets", data=json.dumps(body), content_type="application/json", **headers
    )
    fields = _assert_envelope(response, 422, "validation_error")["fields"]
    assert {"requester.email", "priority", "attachments.0.content_base64", "zzz"} <= set(fields)


# --- OpenAPI --------------------------------------------------------------------------------

EXPECTED_OPERATIONS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tickets"),
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{ticket_id}"),
    ("get", "/api/v1/tickets/{ticket_id}/messages"),
    ("get", "/api/v1/tickets/{ticket_id}/events"),
    ("post", "/api/v1/tickets/{ticket_id}/replies"),
    ("post", "/api/v1/tickets/{ticket_id}/notes"),
    ("post", "/api/v1/tickets/{ticket_id}/status"),
    ("post", "/api/v1/tickets/{ticket_id}/queue"),
    ("post", "/api/v1/tickets/{ticket_id}/assignee"),
    ("post", "/api/v1/tickets/{ticket_id}/priority"),
    ("put", "/api/v1/tickets/{ticket_id}/tags"),
    ("post", "/api/v1/tickets/{ticket_id}/merge"),
    ("post", "/api/v1/tickets/{ticket_id}/macros/{macro_id}"),
    ("get", "/api/v1/attachments/{attachment_id}"),
    ("get", "/api/v1/queues"),
    ("get", "/api/v1/guests"),
    ("post", "/api/v1/guests"),
    ("get", "/api/v1/guests/{guest_id}"),
    ("patch", "/api/v1/guests/{guest_id}"),
}


def test_openapi_document_lists_every_operation_with_summary_tags_and_auth():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Omotenashi API"
    operations = {
        (method, path): op
        for path, item in document["paths"].items()
        for method, op in item.items()
    }
    assert set(operations) >= EXPECTED_OPERATIONS
    for key, op in operations.items():
        assert op.get("summary"), key
        assert op.get("tags"), key
        assert op.get("security"), key
        assert "401" in op["responses"], key
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    # Every $ref resolves inside the document.
    text = response.content.decode()
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        node: Any = document
        for step in ref.removeprefix("#/").split("/"):
            node = node[step]
    create = operations[("post", "/api/v1/tickets")]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])


def test_docs_page_is_served():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
