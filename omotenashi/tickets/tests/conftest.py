"""A small desk that triage has learnt (tickets.routing): the IT and Customer Service queues
of the personas, with the examples an admin would give in English only, and a trained queue
model. Training embeds every text once per process; later trainings find them cached."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Queue, Ticket, TriageExample, TriageSettings
from omotenashi.tickets.routing.learning import triage_retrain

IT_EXAMPLES = (
    "My laptop will not start any more.",
    "The VPN does not connect when I work from home.",
    "My headset crackles during calls.",
    "I forgot my password and now my account is locked.",
    "The printer on the third floor keeps jamming.",
    "I need access to the shared finance folder.",
    "My second screen flickers on the docking station.",
    "The office Wi-Fi keeps dropping in the afternoon.",
)
CS_EXAMPLES = (
    "My order has not arrived yet.",
    "The teapot I ordered arrived broken.",
    "I would like a refund for my cancelled order.",
    "I was charged twice for my booking.",
    "Can I change the date of my train ticket?",
    "Please send an invoice made out to my company.",
    "Where is my parcel? The tracking link shows nothing.",
    "I want to return the cups I bought in your shop.",
)


def teach(*, it_queue: Queue, cs_queue: Queue) -> None:
    """An admin's examples for both queues (English only), and the model trained from them."""
    TriageExample.objects.bulk_create(
        [TriageExample(queue=it_queue, text=t) for t in IT_EXAMPLES]
        + [TriageExample(queue=cs_queue, text=t) for t in CS_EXAMPLES]
    )
    report = triage_retrain(field="queue", trigger="test")
    assert report.outcome == "promoted", report.message


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
            ticket = make_ticket(requester=requester, queue=queue, subject=subject, body=body, **kwargs)
        return Ticket.objects.select_related("queue", "assignee", "category").get(pk=ticket.pk)

    return create
