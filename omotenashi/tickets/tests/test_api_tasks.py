"""The housekeeping tasks behind the API: idempotency-key purge and the SLA flag refresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import IdempotencyKey, Priority, SlaPolicy, Status, Ticket
from omotenashi.tickets.services import ticket_change_status
from omotenashi.tickets.tasks import (
    purge_idempotency_keys,
    refresh_sla_flags,
    refresh_sla_flags_now,
)

pytestmark = pytest.mark.django_db


def test_purge_forgets_keys_older_than_a_day(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    old = IdempotencyKey.objects.create(
        agent=alice, key="old", request_hash="a" * 64, ticket=ticket
    )
    fresh = IdempotencyKey.objects.create(
        agent=alice, key="fresh", request_hash="b" * 64, ticket=ticket
    )
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    IdempotencyKey.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - timedelta(hours=23)
    )
    assert purge_idempotency_keys.delay().get() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert purge_idempotency_keys() == 0  # safe to run twice
    assert Ticket.objects.filter(pk=ticket.pk).exists()


@pytest.fixture
def policy(it_queue):
    return SlaPolicy.objects.create(
        name="IT normal",
        queue=it_queue,
        priority=Priority.NORMAL,
        first_response_minutes=60,
        resolution_minutes=600,
    )


def test_refresh_flags_follows_the_clock_in_batches(policy, alice, carol, it_queue):
    tickets = [make_ticket(requester=carol, queue=it_queue) for _ in range(5)]
    created = max(t.created_at for t in tickets)
    stamps = dict(Ticket.objects.values_list("pk", "updated_at"))

    assert refresh_sla_flags_now(now=created + timedelta(minutes=10), batch_size=2) == 0
    # 50 of 60 minutes to the first response used: past the 80 % mark.
    assert refresh_sla_flags_now(now=created + timedelta(minutes=50), batch_size=2) == 5
    assert set(Ticket.objects.values_list("sla_at_risk", "sla_breached")) == {(True, False)}
    assert (
        refresh_sla_flags_now(now=created + timedelta(minutes=50), batch_size=2) == 0
    )  # idempotent
    assert refresh_sla_flags_now(now=created + timedelta(minutes=61), batch_size=2) == 5
    assert set(Ticket.objects.values_list("sla_breached", flat=True)) == {True}
    # A clock ticking is not activity: lists ordered by updated_at must not reshuffle.
    assert dict(Ticket.objects.values_list("pk", "updated_at")) == stamps


def test_refresh_flags_skips_answered_and_clears_closed(policy, alice, carol, it_queue):
    answered = make_ticket(requester=carol, queue=it_queue)
    Ticket.objects.filter(pk=answered.pk).update(first_responded_at=timezone.now())
    solved = make_ticket(requester=carol, queue=it_queue)
    ticket_change_status(ticket=solved, status=Status.SOLVED, by=alice)
    Ticket.objects.filter(pk=solved.pk).update(sla_at_risk=True)  # stale flag
    no_policy = make_ticket(requester=carol, queue=it_queue, priority=Priority.LOW)

    changed = refresh_sla_flags_now(now=timezone.now() + timedelta(minutes=50))
    assert changed == 1  # only the stale flag on the solved ticket
    flags = dict(Ticket.objects.values_list("pk", "sla_at_risk"))
    assert flags == {answered.pk: False, solved.pk: False, no_policy.pk: False}


def test_refresh_task_runs_through_celery(policy, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    Ticket.objects.filter(pk=ticket.pk).update(
        first_response_due_at=timezone.now() - timedelta(minutes=1)
    )
    assert refresh_sla_flags.delay().get() == 1
    ticket.refresh_from_db()
    assert ticket.sla_breached
