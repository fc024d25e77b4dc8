"""The inbox and the ticket page run a fixed number of SQL queries, however many tickets,
messages, attachments, tags or guests' past tickets are on them: an N+1 (a query per row)
cannot come back unnoticed.

The numbers are pinned. A change that adds a query to these pages must change them here
too, on purpose; bench/render.py shows what the pages cost at 10^5 tickets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.customers.services import guest_create
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Macro, MacroTranslation, Queue, Ticket
from omotenashi.tickets.services import IncomingFile, ticket_assign, ticket_note, ticket_reply

pytestmark = pytest.mark.django_db

# Every workspace page starts with the session, the user, the agent and the agent's queue ids
# (4 queries); the side bar adds its queues, one grouped count of the open tickets and the
# count of tickets waiting for triage (3).
INBOX_QUERIES = {
    # + the page's ids, its rows, their tags
    "mine": 10,
    "unassigned": 10,
    "at-risk": 10,
    "all": 10,
    "queue": 11,  # + the queue itself
}
INBOX_LIVE_POLL_QUERIES = 7  # the page's ids, rows and tags only: no side bar
# + the ticket; the guest's addresses, availability, entitlements and recent tickets; macros,
#   queues, assignable agents, tags; the conversation with its attachments; the history;
#   the categories and the engine's decisions and suggestions (tickets.routing).
TICKET_PAGE_QUERIES = 21
TICKET_PAGE_FROM_A_LIST_QUERIES = TICKET_PAGE_QUERIES + 2  # + the ticket above and the one below


def _fill(*, agent: Agent, guest: Guest, queue: Queue, tickets: int, start: int = 0) -> Ticket:
    """`tickets` tickets with messages, attachments, tags, assignees; returns the busiest one."""
    busiest = None
    for i in range(start, start + tickets):
        requester = guest if i % 2 else guest_create(name=f"Guest {i}", email=f"g{i}@example.org")
        ticket = make_ticket(
            requester=requester, queue=queue, subject=f"Ticket {i}", tags=[f"t{i}", "common"]
        )
        if i % 3 == 0:
            ticket_assign(ticket=ticket, assignee=agent, by=agent)
        ticket_reply(
            ticket=ticket,
            agent=agent,
            body_text=f"Reply {i}",
            attachments=[IncomingFile(f"a{i}.txt", "text/plain", b"x")],
        )
        ticket_note(
            ticket=ticket,
            agent=agent,
            body_text=f"Note {i}",
            attachments=[IncomingFile(f"n{i}.txt", "text/plain", b"y")],
        )
        if i % 3 == 1:  # a reply assigns the ticket to its writer; some go back to the queue
            ticket_assign(ticket=ticket, assignee=None, by=agent)
        busiest = ticket
    assert busiest is not None
    return busiest


def _count(client: Client, path: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def _inbox_paths() -> dict[str, str]:
    return {
        "mine": reverse("tickets:inbox"),
        "unassigned": reverse("tickets:inbox_view", args=["unassigned"]),
        "at-risk": reverse("tickets:inbox_view", args=["at-risk"]),
        "all": reverse("tickets:inbox_view", args=["all"]) + "?status=any",
        "queue": reverse("tickets:queue", args=["it"]),
    }


@pytest.fixture
def desk(alice: Agent, carol: Guest, it_queue: Queue) -> Callable[[int], tuple[Client, Ticket]]:
    macro = Macro.objects.create(name="Thanks")
    MacroTranslation.objects.create(macro=macro, language="en", body="Thanks!")
    carol.entitlements.create(product="Headset")
    carol.availability.create(weekday=0, start="08:00", end="17:00")
    filled = 0

    def grow(total: int) -> tuple[Client, Ticket]:
        nonlocal filled
        busiest = _fill(
            agent=alice, guest=carol, queue=it_queue, tickets=total - filled, start=filled
        )
        filled = total
        Ticket.objects.filter(pk=busiest.pk).update(sla_at_risk=True)
        client = Client()
        client.force_login(alice.user)
        return client, busiest

    return grow


def test_inbox_queries_do_not_grow_with_the_rows(desk: Any) -> None:
    client, _ = desk(2)
    few = {name: _count(client, path) for name, path in _inbox_paths().items()}
    client, _ = desk(14)
    many = {name: _count(client, path) for name, path in _inbox_paths().items()}
    assert many == few
    assert many == INBOX_QUERIES


def test_inbox_live_poll_queries_do_not_grow_with_the_rows(desk: Any) -> None:
    path = reverse("tickets:inbox_view", args=["unassigned"])
    client, _ = desk(2)
    few = _count(client, path, HTTP_HX_REQUEST="true")
    client, _ = desk(14)
    assert _count(client, path, HTTP_HX_REQUEST="true") == few == INBOX_LIVE_POLL_QUERIES


def test_ticket_page_queries_do_not_grow_with_messages_or_history(desk: Any) -> None:
    client, ticket = desk(2)
    few = _count(client, reverse("tickets:detail", args=[ticket.pk]))
    client, ticket = desk(14)
    for i in range(6):  # a long conversation with attachments
        ticket_reply(
            ticket=ticket,
            agent=ticket.assignee or Agent.objects.first(),
            body_text=f"More {i}",
            attachments=[IncomingFile(f"m{i}.txt", "text/plain", b"z")],
        )
    many = _count(client, reverse("tickets:detail", args=[ticket.pk]))
    assert many == few == TICKET_PAGE_QUERIES


def test_ticket_page_opened_from_a_list_adds_a_fixed_few(desk: Any) -> None:
    client, ticket = desk(6)
    path = f"{reverse('tickets:detail', args=[ticket.pk])}?list=all&status=any"
    assert _count(client, path) == TICKET_PAGE_FROM_A_LIST_QUERIES
