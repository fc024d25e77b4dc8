"""When the demo must not load: a desk with data of its own. And that it tells the same story
every time it is loaded."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from omotenashi.accounts.models import Agent, Team
from omotenashi.demo.desk import MARKER_TEAM_SLUG
from omotenashi.demo.loader import demo_state, load_demo
from omotenashi.tickets.models import Message, Ticket

NOW = datetime(2025, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

pytestmark = pytest.mark.django_db


def test_refuses_a_desk_that_has_data_of_its_own(
    alice: Agent, carol: object, ticket_builder: object, it_queue: object
) -> None:
    ticket_builder(requester=carol, queue=it_queue)  # type: ignore[operator]
    assert demo_state() == "occupied"
    result = load_demo(now=NOW)
    assert not result.loaded and "own" in result.reason and result.logins == []
    assert Ticket.objects.count() == 1
    assert not Team.objects.filter(slug=MARKER_TEAM_SLUG).exists()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo not loaded" in out.getvalue() and "password" not in out.getvalue()


def _fingerprint() -> list[tuple[object, ...]]:
    tickets = Ticket.objects.order_by("created_at", "id")
    rows: list[tuple[object, ...]] = [
        (
            t.created_at,
            t.subject,
            t.status,
            t.priority,
            t.language,
            t.requester.name,
            t.assignee.display_name if t.assignee else "",
        )
        for t in tickets.select_related("requester", "assignee")
    ]
    rows += [
        (m.created_at, m.kind, m.body_text[:80])
        for m in Message.objects.exclude(kind="note").order_by("created_at", "id")
    ]
    return rows


def test_an_empty_desk_gets_the_same_demo_every_time() -> None:
    prints = []
    for _ in range(2):
        assert demo_state() == "empty"
        sid = transaction.savepoint()
        assert load_demo(now=NOW).loaded
        assert demo_state() == "loaded"
        prints.append(_fingerprint())
        transaction.savepoint_rollback(sid)
    assert prints[0] == prints[1]
    assert len(prints[0]) > 1000
