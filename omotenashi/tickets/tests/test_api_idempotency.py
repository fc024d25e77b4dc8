"""Idempotent ticket creation: retries return the first ticket, never a twin."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from omotenashi.testing.fixtures import api_client
from omotenashi.tickets import api as tickets_api
from omotenashi.tickets.models import IdempotencyKey, Ticket

BODY = {
    "requester": {"email": "erik@example.se", "name": "Erik"},
    "body": "The printer on 3 is jammed.",
}


def _post(client: Client, headers: dict[str, str], body: dict[str, Any], key: str | None) -> Any:
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(
        "/api/v1/tickets",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
        **extra,
    )


@pytest.mark.django_db
def test_same_key_and_body_returns_the_first_ticket_with_200(alice):
    client, headers = api_client(alice)
    first = _post(client, headers, BODY, "retry-1")
    again = _post(
        client, headers, dict(reversed(list(BODY.items()))), "retry-1"
    )  # key order differs
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_a_conflict(alice):
    client, headers = api_client(alice)
    assert _post(client, headers, BODY, "retry-2").status_code == 201
    response = _post(client, headers, {**BODY, "body": "Something else entirely."}, "retry-2")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and "Idempotency-Key" in error["fields"]
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_every_request_creates_a_ticket(alice):
    client, headers = api_client(alice)
    assert _post(client, headers, BODY, None).status_code == 201
    assert _post(client, headers, BODY, None).status_code == 201
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
def test_keys_belong_to_one_agent(alice, it_team, admin_agent):
    # Two integrations that happen to pick the same key must not see each other's tickets.
    client_a, headers_a = api_client(alice)
    client_b, headers_b = api_client(admin_agent)
    first = _post(client_a, headers_a, BODY, "shared-key")
    second = _post(client_b, headers_b, BODY, "shared-key")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]


@pytest.mark.django_db
def test_a_refused_request_does_not_burn_the_key(alice, cs_queue):
    client, headers = api_client(alice)
    refused = _post(client, headers, {**BODY, "queue_id": cs_queue.pk}, "retry-3")
    assert refused.status_code == 404
    assert not IdempotencyKey.objects.exists()
    assert _post(client, headers, BODY, "retry-3").status_code == 201


@pytest.mark.django_db
def test_key_length_is_limited(alice):
    client, headers = api_client(alice)
    for bad in ("k" * 256, "   ", "a\x00b"):
        response = _post(client, headers, BODY, bad)
        assert response.status_code == 422
        assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_losing_the_race_on_the_unique_key_returns_the_winners_ticket(alice, monkeypatch):
    """The IntegrityError path, made deterministic.

    The first request commits its ticket and key. The second is made to miss that key on
    its first look (as if it looked before the first committed), so it creates a ticket and
    then hits the unique constraint: its ticket must vanish with the rollback.
    """
    client, headers = api_client(alice)
    winner = _post(client, headers, BODY, "race").json()
    real_replay = tickets_api._replay
    calls = {"n": 0}

    def late_replay(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else real_replay(*args, **kwargs)

    monkeypatch.setattr(tickets_api, "_replay", late_replay)
    loser = _post(client, headers, BODY, "race")
    assert calls["n"] == 2  # looked, lost the insert, looked again
    assert loser.status_code == 200
    assert loser.json()["id"] == winner["id"]
    assert Ticket.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def _file_backed_sqlite_or_server() -> bool:
    # Threads need their own connections to one database: PostgreSQL, or SQLite in a file.
    # Django's in-memory test database uses shared-cache mode, whose table locks are not
    # retried by busy_timeout, so a real race there fails for reasons unrelated to our code.
    if connection.vendor != "sqlite":
        return True
    return not connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_with_one_key_create_one_ticket(alice, it_queue):
    from omotenashi.testing.system import require

    require(
        "file-backed test database",
        _file_backed_sqlite_or_server(),
        "set OMOTENASHI_TEST_SQLITE=/tmp/omotenashi-test.sqlite3 or DATABASE_URL=postgres://...",
    )
    _, secret_headers = api_client(alice)
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    results: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            client = Client()
            barrier.wait()
            response = _post(client, secret_headers, BODY, "burst")
            results.append((response.status_code, response.json()["id"]))
        except BaseException as exc:  # reported below; a thread must not die silently
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (threads_count - 1) + [201]
    assert len({ticket_id for _, ticket_id in results}) == 1
    assert Ticket.objects.count() == 1
