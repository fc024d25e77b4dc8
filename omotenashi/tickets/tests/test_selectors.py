"""The ticket list selector: order, keyset cursors and who sees what.

The list is read in two steps (positions, then rows) and a cursor carries a redundant
`updated_at <= t` bound for the index; these tests hold the answers to what a single
query ordered by (updated_at, id) would give.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import NotFound, PermissionDenied, ValidationFailed
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Queue, Status, Ticket
from omotenashi.tickets.selectors import (
    TicketFilters,
    decode_cursor,
    queue_for_new_ticket,
    ticket_list_for_agent,
)
from omotenashi.tickets.services import ticket_change_status

pytestmark = pytest.mark.django_db


def _desk(it_queue: Queue, cs_queue: Queue, carol: Any, dave: Any) -> list[int]:
    """45 tickets over both queues; many share an updated_at, some are older."""
    ids = []
    for n in range(45):
        queue = it_queue if n % 3 else cs_queue
        ids.append(
            make_ticket(requester=carol if n % 2 else dave, queue=queue, subject=f"Case {n}").pk
        )
    now = timezone.now().replace(microsecond=0)
    # Three groups of ties (the cursor must break them by id) and a spread of older tickets.
    Ticket.objects.filter(pk__in=ids[5:20]).update(updated_at=now)
    Ticket.objects.filter(pk__in=ids[20:30]).update(updated_at=now - timedelta(hours=1))
    for offset, pk in enumerate(ids[30:]):
        Ticket.objects.filter(pk=pk).update(updated_at=now - timedelta(days=offset % 4 + 1))
    return ids


def _expected(agent: Agent, **filters: Any) -> list[int]:
    """The order a single query over everything the agent may see would give."""
    rows = Ticket.objects.all()
    if not agent.is_admin:
        rows = rows.filter(queue__team__members=agent)
    rows = rows.filter(**filters)
    return [pk for _, pk in sorted(rows.values_list("updated_at", "pk"), reverse=True)]


def _all_pages(agent: Agent, filters: TicketFilters, limit: int) -> tuple[list[int], int]:
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = ticket_list_for_agent(agent=agent, filters=filters, cursor=cursor, limit=limit)
        seen += [t.pk for t in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return seen, pages


@pytest.mark.parametrize("limit", [1, 4, 7, 50])
def test_pages_follow_activity_order_with_ties_broken_by_id(
    limit, admin_agent, alice, bob, it_queue, cs_queue, carol, dave
):
    _desk(it_queue, cs_queue, carol, dave)
    for agent in (admin_agent, alice, bob):
        seen, pages = _all_pages(agent, TicketFilters(), limit)
        expected = _expected(agent)
        assert seen == expected
        assert pages == max(1, -(-len(expected) // limit))


def test_each_agent_pages_only_through_their_queues(
    alice, bob, mallory, it_queue, cs_queue, carol, dave
):
    ids = _desk(it_queue, cs_queue, carol, dave)
    it_ids = set(Ticket.objects.filter(queue=it_queue).values_list("pk", flat=True))
    assert set(_all_pages(alice, TicketFilters(), 6)[0]) == it_ids
    assert set(_all_pages(bob, TicketFilters(), 6)[0]) == set(ids) - it_ids
    assert _all_pages(mallory, TicketFilters(), 6)[0] == []


def test_a_cursor_carries_no_rights(alice, bob, it_queue, cs_queue, carol, dave):
    """A cursor is only a position: bob continuing from alice's page sees bob's tickets."""
    _desk(it_queue, cs_queue, carol, dave)
    first = ticket_list_for_agent(agent=alice, filters=TicketFilters(), limit=3)
    assert first.next_cursor
    stamp, pk = decode_cursor(first.next_cursor)
    page = ticket_list_for_agent(
        agent=bob, filters=TicketFilters(), cursor=first.next_cursor, limit=100
    )
    assert page.items and all(t.queue_id != it_queue.pk for t in page.items)
    assert [t.pk for t in page.items] == [
        i for i in _expected(bob) if (Ticket.objects.get(pk=i).updated_at, i) < (stamp, pk)
    ]


def test_filters_and_cursor_together(alice, it_queue, cs_queue, carol, dave):
    ids = _desk(it_queue, cs_queue, carol, dave)
    for pk in ids[:12]:
        ticket = Ticket.objects.get(pk=pk)
        if ticket.queue_id == it_queue.pk:
            ticket_change_status(ticket=ticket, status=Status.SOLVED, by=alice)
    seen, _ = _all_pages(alice, TicketFilters(open_only=True), 4)
    assert seen == _expected(
        alice, status__in=[Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD]
    )
    seen, _ = _all_pages(alice, TicketFilters(requester_id=carol.pk), 3)
    assert seen == _expected(alice, requester=carol)


def test_page_rows_come_with_their_relations(alice, it_queue, carol, django_assert_num_queries):
    for n in range(5):
        make_ticket(requester=carol, queue=it_queue, tags=[f"t{n}"])
    # queue ids, positions, rows with queue/assignee/requester, tags: whatever the page size
    with django_assert_num_queries(4):
        page = ticket_list_for_agent(agent=alice, filters=TicketFilters(), limit=5)
        labels = [
            (t.queue.name, t.requester.name, [tag.name for tag in t.tags.all()]) for t in page.items
        ]
    assert len(labels) == 5 and all(name == "IT support" for name, _, _ in labels)


def test_a_broken_cursor_is_a_validation_error(alice, it_queue, carol):
    make_ticket(requester=carol, queue=it_queue)
    with pytest.raises(ValidationFailed):
        ticket_list_for_agent(agent=alice, filters=TicketFilters(), cursor="not-a-cursor")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plan")
def test_a_deep_page_starts_its_index_range_at_the_cursor(admin_agent, it_queue, carol):
    """The index range begins at the cursor rather than at the newest ticket.

    PostgreSQL cannot start an index range from `updated_at < t OR (updated_at = t AND
    id < n)`; without the redundant `updated_at <= t` it walks the (updated_at, id) index
    from the newest ticket and filters, which at 10^6 tickets took 744 ms for a page in the
    middle of the history. The plan is forced to an ordered index scan (the table here is
    tiny), and must carry the bound as an index condition.
    """
    for _ in range(3):
        make_ticket(requester=carol, queue=it_queue)
    first = ticket_list_for_agent(agent=admin_agent, filters=TicketFilters(), limit=1)
    with CaptureQueriesContext(connection) as queries:
        ticket_list_for_agent(
            agent=admin_agent, filters=TicketFilters(), cursor=first.next_cursor, limit=1
        )
    position = next(q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"])
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {position}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_updated_idx" in plan, plan
    assert "Index Cond: (updated_at <=" in plan, plan


# --- the queue a new ticket goes to ------------------------------------------------------------


def test_new_tickets_go_to_the_default_queue_when_it_is_yours(
    alice, bob, admin_agent, it_queue, cs_queue
):
    assert queue_for_new_ticket(agent=alice, queue_id=None) == it_queue
    assert queue_for_new_ticket(agent=admin_agent, queue_id=None) == it_queue
    with pytest.raises(PermissionDenied) as refused:
        queue_for_new_ticket(agent=bob, queue_id=None)
    assert refused.value.field == "queue_id"


def test_a_named_queue_must_be_one_of_yours(alice, bob, mallory, admin_agent, it_queue, cs_queue):
    assert queue_for_new_ticket(agent=bob, queue_id=cs_queue.pk) == cs_queue
    assert queue_for_new_ticket(agent=admin_agent, queue_id=cs_queue.pk) == cs_queue
    for agent, queue_id in ((alice, cs_queue.pk), (mallory, it_queue.pk), (admin_agent, 10**9)):
        with pytest.raises(NotFound):
            queue_for_new_ticket(agent=agent, queue_id=queue_id)


def test_without_a_default_the_oldest_queue_takes_new_tickets(alice, bob, it_queue, cs_queue):
    Queue.objects.filter(pk=it_queue.pk).update(is_default=False)
    # As tickets.services.default_queue: the oldest queue (IT here, alice's).
    assert queue_for_new_ticket(agent=alice, queue_id=None) == it_queue
    with pytest.raises(PermissionDenied):
        queue_for_new_ticket(agent=bob, queue_id=None)


def test_a_desk_without_queues_says_so(admin_agent):
    with pytest.raises(ValidationFailed):
        queue_for_new_ticket(agent=admin_agent, queue_id=None)
