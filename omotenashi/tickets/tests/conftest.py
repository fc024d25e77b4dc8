"""Routing fixtures: a small desk that triage has learnt (omotenashi.testing.routing), the
queue threshold, an English-writing guest, and tickets that arrive through the real
after-commit hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import make_ticket
from omotenashi.testing.routing import teach
from omotenashi.tickets.models import Queue, Ticket, TriageSettings


@pytest.fixture
def taught_desk(alice: Any, bob: Any, it_queue: Queue, cs_queue: Queue) -> None:
    """alice's IT queue (the landing queue) and bob's Customer Service queue, learnt from
    English examples; both hand new tickets to an agent automatically."""
    Queue.objects.filter(pk__in=[it_queue.pk, cs_queue.pk]).update(auto_assign=True)
    teach(it_queue=it_queue, cs_queue=cs_queue)


@pytest.fixture
def emma(db: Any) -> Guest:
    """A guest who writes in English (her profile says so)."""
    from omotenashi.customers.services import guest_create

    return guest_create(name="Emma Brown", email="emma@example.co.uk", language="en")


@pytest.fixture
def threshold() -> Callable[[float], TriageSettings]:
    def set_threshold(value: float) -> TriageSettings:
        row = TriageSettings.objects.first() or TriageSettings()
        row.queue_threshold = value
        row.save()
        return row

    return set_threshold


@pytest.fixture
def arrive(django_capture_on_commit_callbacks: Any) -> Callable[..., Ticket]:
    """A guest's new ticket, committed, with the after-commit work (the understanding task)
    run as a worker would run it. Returns the ticket as stored afterwards."""

    def create(*, requester: Guest, queue: Queue, subject: str, body: str, **kwargs: Any) -> Ticket:
        with django_capture_on_commit_callbacks(execute=True):
            ticket = make_ticket(
                requester=requester, queue=queue, subject=subject, body=body, **kwargs
            )
        return Ticket.objects.select_related("queue", "assignee", "category").get(pk=ticket.pk)

    return create
