"""Triage learns from what people decide: every re-route, category or priority change is
training signal; retraining keeps the active model unless a new one is at least as good on
tickets the active one has never seen; a new desk learns from descriptions and examples."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from omotenashi.testing.fixtures import make_ticket
from omotenashi.testing.routing import teach
from omotenashi.tickets import services
from omotenashi.tickets.models import (
    Category,
    Priority,
    Queue,
    TriageExample,
    TriageModelRun,
)
from omotenashi.tickets.routing import learning, store
from omotenashi.tickets.routing.learning import history_examples, stale_fields, triage_retrain

pytestmark = pytest.mark.django_db

NEW_IT = (
    "The docking station does not charge my laptop any more.",
    "Outlook asks for my password every ten minutes.",
    "I cannot reach the intranet over the VPN.",
    "My keyboard stopped working after the update.",
    "Please reset my two-factor authentication, I have a new phone.",
)
NEW_CS = (
    "The wrong colour of bowls was delivered.",
    "I paid but never got an order confirmation.",
    "Can you move my train booking to Friday?",
    "The parcel was left at the wrong address.",
    "I would like my money back for the broken vase.",
)


def _handled(*, requester, queue, agent, texts) -> None:
    """Tickets an agent answered where they landed: the queue is confirmed by the work."""
    for text in texts:
        ticket = make_ticket(requester=requester, queue=queue, subject=text[:40], body=text)
        services.ticket_reply(ticket=ticket, agent=agent, body_text="Thanks, on it.")


def _swap_examples(one: Queue, other: Queue) -> None:
    ones = list(TriageExample.objects.filter(queue=one).values_list("pk", flat=True))
    others = list(TriageExample.objects.filter(queue=other).values_list("pk", flat=True))
    TriageExample.objects.filter(pk__in=ones).update(queue=other)
    TriageExample.objects.filter(pk__in=others).update(queue=one)


def test_a_human_reroute_is_training_signal_and_an_untouched_engine_route_is_not(
    alice, bob, dave, it_queue, cs_queue
):
    rerouted = make_ticket(
        requester=dave, queue=it_queue, subject="Parcel", body="Where is my parcel?"
    )
    services.ticket_change_queue(
        ticket=rerouted, queue=cs_queue, by=alice, reason="An order question."
    )
    engine_only = make_ticket(
        requester=dave, queue=it_queue, subject="Refund", body="Refund please."
    )
    services.ticket_change_queue(
        ticket=engine_only, queue=cs_queue, system="triage v1", confidence=0.9
    )
    answered = make_ticket(requester=dave, queue=it_queue, subject="VPN", body="The VPN drops.")
    services.ticket_reply(ticket=answered, agent=alice, body_text="Fixed.")
    found = {int(h.example.id): h for h in history_examples(field="queue")}
    assert set(found) == {rerouted.pk, answered.pk}
    assert found[rerouted.pk].example.label == str(cs_queue.pk)
    assert (
        found[rerouted.pk].corrected
        and found[rerouted.pk].example.weight == learning.CORRECTION_WEIGHT
    )
    assert (
        found[answered.pk].example.label == str(it_queue.pk)
        and found[answered.pk].example.weight == 1.0
    )
    assert "Where is my parcel?" in found[rerouted.pk].example.text


def test_category_and_priority_changes_are_training_signal(alice, dave, it_queue):
    vpn = Category.objects.create(name="VPN", slug="vpn", queue=it_queue)
    ticket = make_ticket(
        requester=dave, queue=it_queue, subject="VPN", body="The VPN drops every hour."
    )
    services.ticket_change_category(ticket=ticket, category=vpn, by=alice)
    services.ticket_change_priority(ticket=ticket, priority=Priority.HIGH, by=alice)
    [category] = history_examples(field="category")
    [priority] = history_examples(field="priority")
    assert (category.example.label, category.corrected) == (str(vpn.pk), True)
    assert (priority.example.label, priority.corrected) == (Priority.HIGH, True)
    # Set by the engine and never confirmed by anyone: not a label.
    other = make_ticket(requester=dave, queue=it_queue, subject="VPN again", body="VPN down.")
    services.ticket_change_category(ticket=other, category=vpn, system="triage v1")
    assert [h.example.id for h in history_examples(field="category")] == [str(ticket.pk)]


def test_a_new_desk_learns_from_descriptions_and_examples_an_admin_gives(
    alice, bob, it_queue, cs_queue
):
    assert triage_retrain(field="queue").outcome == "promoted"  # the two descriptions are enough
    TriageExample.objects.create(queue=cs_queue, text="I was charged twice for my order.")
    assert stale_fields() == ["queue"]  # the admin's edit is picked up by the periodic sweep
    run = triage_retrain(field="queue", trigger="desk changed").run
    assert run is not None and run.is_active and run.metrics["curated"] == 3
    assert stale_fields() == []
    model = store.model_load(run=run)
    assert model.predict("Mijn bestelling is twee keer afgeschreven.", "nl").label == str(
        cs_queue.pk
    )


def test_retraining_keeps_the_active_model_when_the_new_one_is_worse(
    alice, bob, dave, it_queue, cs_queue, monkeypatch
):
    monkeypatch.setattr(learning, "MIN_NEW", 5)
    teach(it_queue=it_queue, cs_queue=cs_queue)
    good = TriageModelRun.objects.get(field="queue", is_active=True)
    # Tickets answered where they belong, after the active model was trained...
    _handled(requester=dave, queue=it_queue, agent=alice, texts=NEW_IT)
    _handled(requester=dave, queue=cs_queue, agent=bob, texts=NEW_CS)
    # ...and an admin mixes up the examples: the new model would learn them the wrong way round.
    _swap_examples(it_queue, cs_queue)
    Queue.objects.filter(pk__in=[it_queue.pk, cs_queue.pk]).update(description="")
    report = triage_retrain(field="queue")
    assert report.outcome == "kept", report.message
    assert TriageModelRun.objects.get(field="queue", is_active=True) == good
    run = report.run
    assert run is not None and not run.promoted and not run.is_active and not run.file
    assert run.metrics["holdout_size"] == 10 and run.n_new == 10
    assert run.metrics["candidate"]["accuracy"] < run.metrics["current"]["accuracy"]
    assert report.message.startswith(f"Kept {good.version}")


def test_retraining_promotes_a_new_model_that_is_at_least_as_good(
    alice, bob, dave, it_queue, cs_queue, monkeypatch
):
    monkeypatch.setattr(learning, "MIN_NEW", 5)
    # The active model learnt mixed-up examples...
    teach(it_queue=cs_queue, cs_queue=it_queue)
    Queue.objects.filter(pk__in=[it_queue.pk, cs_queue.pk]).update(description="")
    assert triage_retrain(field="queue", force=True).outcome == "promoted"
    bad = TriageModelRun.objects.get(field="queue", is_active=True)
    _handled(requester=dave, queue=it_queue, agent=alice, texts=NEW_IT)
    _handled(requester=dave, queue=cs_queue, agent=bob, texts=NEW_CS)
    # ...an admin puts them right.
    _swap_examples(it_queue, cs_queue)
    report = triage_retrain(field="queue")
    assert report.outcome == "promoted", report.message
    active = TriageModelRun.objects.get(field="queue", is_active=True)
    assert active == report.run and active != bad and active.file and active.sha256
    assert active.metrics["candidate"]["accuracy"] >= active.metrics["current"]["accuracy"]
    bad.refresh_from_db()
    assert not bad.is_active and bad.file  # kept on disk for comparison and rollback


def test_retraining_waits_for_enough_new_evidence_unless_forced(alice, bob, it_queue, cs_queue):
    teach(it_queue=it_queue, cs_queue=cs_queue)
    assert triage_retrain(field="queue").outcome == "skipped"  # nothing changed
    runs = TriageModelRun.objects.count()
    assert triage_retrain(field="queue", force=True).outcome == "promoted"
    assert TriageModelRun.objects.count() == runs + 1


def test_retrain_command_reports_progress_and_the_outcome(alice, bob, it_queue, cs_queue):
    out = StringIO()
    call_command("retrain_triage", "--field", "queue", stdout=out)
    text = out.getvalue()
    assert "queue: embedding..." in text and "queue: training..." in text
    assert "queue: promoted. First model of this field." in text
    out = StringIO()
    call_command(
        "retrain_triage", "--field", "category", "--field", "priority", "--no-progress", stdout=out
    )
    assert "category: no data." in out.getvalue() and "priority: no data." in out.getvalue()


def test_retraining_and_the_sweep_are_on_the_one_schedule():
    from omotenashi.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "omotenashi.tickets.tasks.retrain_triage",
        "omotenashi.tickets.tasks.understand_missed",
    } <= tasks
    assert {
        "omotenashi.tickets.tasks.retrain_triage",
        "omotenashi.tickets.tasks.understand_missed",
    } <= set(app.tasks)
