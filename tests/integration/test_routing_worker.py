"""Understanding and routing run in a real `celery -A omotenashi worker` process.

The ticket is committed here; the hook hands its message id to the broker after commit; the
worker (its own process, its own models loaded at start) reads it and routes the ticket.
And the sweep: a message whose task never reached the broker is read once the periodic
sweep runs. Needs CELERY_BROKER_URL and a shared database (see conftest.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.customers.services import guest_create
from omotenashi.testing.fixtures import make_ticket
from omotenashi.testing.routing import teach
from omotenashi.tickets import hooks
from omotenashi.tickets.models import (
    Decision,
    DecisionKind,
    DecisionOutcome,
    Message,
    Queue,
    RoutingState,
    Ticket,
    TriageSettings,
    Understanding,
    UnderstandingStatus,
)
from omotenashi.tickets.routing.hooks import on_guest_message
from omotenashi.tickets.tasks import understand_missed
from tests.integration.conftest import WorkerFactory, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
# Reading a message loads the language detector and encoders first: give it time.
READ_TIMEOUT = 180.0


def _done(message_id: int) -> Understanding | None:
    return Understanding.objects.filter(
        message_id=message_id, status=UnderstandingStatus.DONE
    ).first()


def _worker_env() -> dict[str, str]:
    # The test process keeps its media (the stored models) in a per-test folder.
    return {"OMOTENASHI_MEDIA_DIR": str(settings.MEDIA_ROOT)}


def test_a_new_ticket_is_read_and_routed_by_the_worker(
    celery_worker: WorkerFactory, alice: Agent, bob: Agent, it_queue: Queue, cs_queue: Queue
) -> None:
    teach(it_queue=it_queue, cs_queue=cs_queue)
    TriageSettings.objects.create(queue_threshold=0.5)
    Queue.objects.filter(pk=cs_queue.pk).update(auto_assign=True)
    worker = celery_worker(extra_env=_worker_env())
    guest = guest_create(name="Élodie Roux", email="elodie@example.fr", language="fr")
    ticket = make_ticket(
        requester=guest,
        queue=it_queue,
        subject="Remboursement",
        body="J'ai renvoyé la théière il y a deux semaines et je n'ai toujours pas reçu mon "
        "remboursement. Pouvez-vous vérifier ?",
    )
    message = ticket.messages.get()
    wait_for(
        lambda: _done(message.pk), worker=worker, timeout=READ_TIMEOUT, what="the worker's reading"
    )
    ticket.refresh_from_db()
    assert ticket.language == "fr" and ticket.queue == cs_queue
    assert ticket.routing_state == RoutingState.ROUTED
    assert ticket.assignee == bob  # speaks French natively, the only one in the team
    queue = Decision.objects.get(ticket=ticket, kind=DecisionKind.QUEUE)
    assert queue.outcome == DecisionOutcome.APPLIED and queue.model_version


def test_a_message_whose_task_was_lost_is_read_by_the_sweep(
    celery_worker: WorkerFactory, carol: Guest, it_queue: Queue
) -> None:
    # The broker was down when it arrived: the ticket is stored, its task never queued.
    with hooks.muted(on_guest_message):
        ticket = make_ticket(
            requester=carol,
            queue=it_queue,
            subject="Skrivaren",
            body="Skrivaren på plan tre fastnar hela tiden.",
        )
    message = ticket.messages.get()
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    worker = celery_worker(extra_env=_worker_env())
    understand_missed.delay()
    wait_for(
        lambda: _done(message.pk), worker=worker, timeout=READ_TIMEOUT, what="the sweep's reading"
    )
    message.refresh_from_db()
    assert message.language == "sv" and message.language_confidence > 0.9
    assert Ticket.objects.get(pk=ticket.pk).routing_state != RoutingState.PENDING
