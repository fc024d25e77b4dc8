"""When the demo must not load: a desk with data of its own. And that it tells the same story
every time it is loaded."""

from __future__ import annotations

import re
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from omotenashi.accounts.models import Agent, Team
from omotenashi.demo.desk import MARKER_TEAM_SLUG
from omotenashi.demo.loader import demo_state, load_demo, settle_history_mail
from omotenashi.demo.scripts import hooks_muted
from omotenashi.tickets import hooks
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
        (
            m.created_at,
            m.kind,
            re.sub(r"\d+", "N", m.body_text)[:80],
        )  # ticket numbers: PostgreSQL sequences do not roll back
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


def test_mail_queued_for_the_history_is_marked_sent_and_never_sent(
    alice: Agent,
    carol: object,
    it_queue: object,
    ticket_builder: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    from django.core import mail

    from omotenashi.channels.models import OutboundEmail, OutboundStatus
    from omotenashi.tickets.services import ticket_reply

    # The email channel's hooks are live here: the ticket and the reply queue real mail.
    with django_capture_on_commit_callbacks(execute=False) as sends:  # type: ignore[operator]
        ticket = ticket_builder(requester=carol, queue=it_queue)  # type: ignore[operator]
        ticket_reply(ticket=ticket, agent=alice, body_text="Hej Carol, det är fixat.")
    assert OutboundEmail.objects.filter(status=OutboundStatus.PENDING).count() == 2
    assert settle_history_mail() == 2
    for row in OutboundEmail.objects.all():
        assert (row.status, row.sent_at) == (OutboundStatus.SENT, row.created_at)
    for send in sends:  # the send tasks that were waiting for the commit
        send()
    assert mail.outbox == []


def test_paused_hooks_do_not_run_and_come_back(monkeypatch) -> None:
    calls: list[str] = []

    def first(message: object) -> None:
        calls.append("first")

    def second(message: object) -> None:
        calls.append("second")

    monkeypatch.setattr(hooks, "_message_added", [first, second])
    with hooks_muted(first):
        hooks.message_added(None)  # type: ignore[arg-type]
    hooks.message_added(None)  # type: ignore[arg-type]
    assert calls == ["second", "first", "second"]
