"""The creation path's plain-SQL reads answer as the ORM queries they replace did.

The default queue of an agent and the SLA policy of a new ticket are read with plain SQL
(omotenashi.lib.rows, docs/performance.md); here they are held to the ORM's answer.
"""

from __future__ import annotations

import pytest

from omotenashi.tickets.models import Priority, SlaPolicy, Ticket
from omotenashi.tickets.selectors import _default_queue_of
from omotenashi.tickets.sla import policy_for

pytestmark = pytest.mark.django_db


def test_the_default_queue_is_the_agents_or_none(alice, bob, admin_agent, it_queue, cs_queue):
    found = _default_queue_of(alice)
    assert found == it_queue
    assert {f.attname: getattr(found, f.attname) for f in it_queue._meta.concrete_fields} == {
        f.attname: getattr(it_queue, f.attname) for f in it_queue._meta.concrete_fields
    }
    assert _default_queue_of(bob) is None  # the default queue is IT's, bob is in CS
    assert _default_queue_of(admin_agent) == it_queue


def test_the_queue_policy_wins_over_the_desk_wide_one(it_queue, cs_queue):
    desk = SlaPolicy.objects.create(
        name="Desk high", priority=Priority.HIGH, first_response_minutes=60, resolution_minutes=600
    )
    own = SlaPolicy.objects.create(
        name="IT high",
        queue=it_queue,
        priority=Priority.HIGH,
        first_response_minutes=30,
        resolution_minutes=300,
    )
    SlaPolicy.objects.create(
        name="Desk low", priority=Priority.LOW, first_response_minutes=600, resolution_minutes=6000
    )
    assert policy_for(Ticket(queue=it_queue, priority=Priority.HIGH)) == own
    assert policy_for(Ticket(queue=cs_queue, priority=Priority.HIGH)) == desk
    assert policy_for(Ticket(queue=cs_queue, priority=Priority.URGENT)) is None
    read = policy_for(Ticket(queue=it_queue, priority=Priority.HIGH))
    assert read is not None and read.resolution_minutes == 300 and read.name == "IT high"


# --- the understanding path (omotenashi.tickets.routing.understanding) -----------------------


def _fields(obj: object) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}  # type: ignore[attr-defined]


def test_the_understanding_read_matches_the_orm(carol, it_queue, alice):
    from django.db import connection

    from omotenashi.testing.fixtures import make_ticket
    from omotenashi.tickets.models import Message, MessageKind
    from omotenashi.tickets.routing.understanding import _message_query
    from omotenashi.tickets.services import ticket_add_guest_message

    ticket = make_ticket(requester=carol, queue=it_queue, subject="Ring mig", body="Hej!")
    first = ticket.messages.get()
    second = ticket_add_guest_message(
        ticket=ticket, guest=carol, body_text="Hallå? Fortfarande inget.", channel="portal"
    )
    sql, reader = _message_query()
    for message, earlier in ((first, False), (second, True)):
        with connection.cursor() as cursor:
            cursor.execute(sql, [MessageKind.GUEST, message.pk])
            row = cursor.fetchone()
        read_message, read_ticket = reader.objects(row)
        orm = Message.objects.select_related("ticket").get(pk=message.pk)
        assert _fields(read_message) == _fields(orm)
        assert _fields(read_ticket) == _fields(orm.ticket)
        assert row[-2] == carol.language
        assert bool(row[-1]) is earlier


def test_the_locked_ticket_matches_the_orm(carol, it_queue):
    from django.db import transaction

    from omotenashi.testing.fixtures import make_ticket
    from omotenashi.tickets.models import Category, DeskVersion
    from omotenashi.tickets.routing.understanding import _locked_ticket

    ticket = make_ticket(requester=carol, queue=it_queue)
    message = ticket.messages.get()
    with transaction.atomic():
        locked = _locked_ticket(message.pk)
    assert locked is not None
    read, version = locked
    assert read.category is None
    assert version == DeskVersion.objects.get(pk=1).version  # the queues' creation set it
    assert _fields(read) == _fields(Ticket.objects.get(pk=ticket.pk))
    assert _fields(read.queue) == _fields(it_queue)
    assert _fields(read.requester) == _fields(carol)

    category = Category.objects.create(name="VPN", slug="vpn", queue=it_queue)
    Ticket.objects.filter(pk=ticket.pk).update(category=category)
    with transaction.atomic():
        locked = _locked_ticket(message.pk)
    assert locked is not None and _fields(locked[0].category) == _fields(category)
    with transaction.atomic():
        assert _locked_ticket(message.pk + 1000) is None


def test_plain_insert_stores_what_bulk_create_stores(carol, it_queue, alice):
    from omotenashi.lib import rows
    from omotenashi.testing.fixtures import make_ticket
    from omotenashi.tickets.models import EventKind, TicketEvent

    ticket = make_ticket(requester=carol, queue=it_queue)
    made = [
        TicketEvent(
            ticket=ticket,
            kind=EventKind.PRIORITY,
            actor_agent=alice,
            old_value="normal",
            new_value="high",
            reason=f"Réason {n} ✓",
            data={"n": n, "nested": {"list": [1, "二"]}},
        )
        for n in range(3)
    ]
    before = set(TicketEvent.objects.values_list("pk", flat=True))
    rows.insert(made[:2])
    TicketEvent.objects.bulk_create(made[2:])
    new = TicketEvent.objects.exclude(pk__in=before).order_by("pk")
    assert len(new) == 3
    plain, orm = new[0], new[2]
    skip = {"id", "created_at", "reason", "data"}
    assert {k: v for k, v in _fields(plain).items() if k not in skip} == {
        k: v for k, v in _fields(orm).items() if k not in skip
    }
    assert plain.reason == "Réason 0 ✓" and plain.data == {"n": 0, "nested": {"list": [1, "二"]}}
    assert (
        plain.created_at is not None
        and abs((orm.created_at - plain.created_at).total_seconds()) < 5
    )


def test_plain_insert_refuses_mixed_or_saved_objects(carol, it_queue):
    from omotenashi.lib import rows
    from omotenashi.testing.fixtures import make_ticket
    from omotenashi.tickets.models import Decision, EventKind, TicketEvent

    ticket = make_ticket(requester=carol, queue=it_queue)
    event = TicketEvent(ticket=ticket, kind=EventKind.PRIORITY)
    with pytest.raises(ValueError, match="one model"):
        rows.insert([event, Decision(ticket=ticket, kind="queue", outcome="noted")])
    saved = TicketEvent.objects.create(ticket=ticket, kind=EventKind.PRIORITY)
    with pytest.raises(ValueError, match="primary key"):
        rows.insert([saved])
    rows.insert([])  # nothing to do


def test_working_hours_read_as_the_orm_reads_them(alice, bob):
    from datetime import time

    from omotenashi.accounts.models import WorkingHours
    from omotenashi.tickets.routing.assignment import _working_hours

    WorkingHours.objects.create(agent=alice, weekday=0, start=time(8, 30), end=time(17, 0))
    WorkingHours.objects.create(agent=bob, weekday=4, start=time(22, 0), end=time(23, 59, 59))
    WorkingHours.objects.create(agent=alice, weekday=2, start=time(9), end=time(12, 15))
    ids = [alice.pk, bob.pk]
    orm = list(
        WorkingHours.objects.filter(agent_id__in=ids)
        .order_by("pk")
        .values_list("agent_id", "weekday", "start", "end")
    )
    assert _working_hours(ids) == orm and len(orm) == 3
    assert isinstance(orm[0][2], time)
    assert _working_hours([bob.pk]) == [(bob.pk, 4, time(22, 0), time(23, 59, 59))]


def test_plain_update_changes_what_the_orm_update_changes(carol, it_queue):
    from django.utils import timezone

    from omotenashi.lib import rows
    from omotenashi.testing.fixtures import make_ticket
    from omotenashi.tickets.models import Understanding, UnderstandingStatus

    first = make_ticket(requester=carol, queue=it_queue).messages.get()
    second = make_ticket(requester=carol, queue=it_queue, subject="Two").messages.get()
    for message in (first, second):
        Understanding.objects.create(
            message=message, status=UnderstandingStatus.RUNNING, attempts=2, cues={}
        )
    now = timezone.now()
    values = {
        "status": UnderstandingStatus.DONE,
        "lease_until": None,
        "language": "sv",
        "language_confidence": 0.93,
        "cues": {"frustration": ["fortfarande inte", "igen!"], "urgency": []},
        "finished_at": now,
    }
    assert rows.update(Understanding, values, pk=first.pk, attempts=3) == 0  # not its run
    assert rows.update(Understanding, values, pk=first.pk, attempts=2) == 1
    Understanding.objects.filter(pk=second.pk, attempts=2).update(**values)
    plain, orm = Understanding.objects.get(pk=first.pk), Understanding.objects.get(pk=second.pk)
    skip = {"message_id", "created_at"}
    assert {k: v for k, v in _fields(plain).items() if k not in skip} == {
        k: v for k, v in _fields(orm).items() if k not in skip
    }
    assert plain.cues["frustration"] == ["fortfarande inte", "igen!"] and plain.finished_at == now
    with pytest.raises(ValueError, match="needs values"):
        rows.update(Understanding, {}, pk=first.pk)
