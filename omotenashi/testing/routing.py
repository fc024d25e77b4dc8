"""A small desk that triage has learnt (tickets.routing), for tests: the IT and Customer
Service queues of the personas, the examples an admin would give (in English only), and a
queue model trained from them. Training embeds every text once per process; later
trainings find the vectors cached."""

from __future__ import annotations

from omotenashi.tickets.models import Queue, TriageExample
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
