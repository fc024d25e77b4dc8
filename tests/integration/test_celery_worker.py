"""Work really flows through the broker to a separate `celery -A omotenashi worker` process.

Needs CELERY_BROKER_URL and a database the worker can share (see conftest.py); CI runs
this file once against Redis and once against RabbitMQ, on PostgreSQL.
"""

from __future__ import annotations

import time
import uuid

import pytest
from django.db import transaction

from omotenashi.accounts.models import Agent
from omotenashi.channels.models import OutboundEmail, OutboundKind, OutboundStatus
from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Message, MessageKind, Queue
from omotenashi.tickets.services import ticket_reply
from tests.integration.conftest import SmtpServer, WorkerFactory, wait_for
from tests.integration.worker_tasks import add_note

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


def _note(ticket_id: int, token: str) -> Message | None:
    return Message.objects.filter(
        ticket_id=ticket_id, kind=MessageKind.NOTE, body_text__contains=token
    ).first()


def _all_sent(ticket_id: int, count: int) -> bool:
    rows = OutboundEmail.objects.filter(ticket_id=ticket_id)
    return rows.count() == count and not rows.exclude(status=OutboundStatus.SENT).exists()


def test_task_sent_on_commit_runs_in_the_worker_process(
    celery_worker: WorkerFactory, carol: Guest, alice: Agent, it_queue: Queue
) -> None:
    worker = celery_worker()
    token = f"itest-{uuid.uuid4()}"
    with transaction.atomic():
        ticket = make_ticket(requester=carol, queue=it_queue)
        # The project's pattern: store first, hand the work to the broker after commit.
        transaction.on_commit(lambda: add_note.delay(ticket.pk, alice.pk, token))
    note = wait_for(lambda: _note(ticket.pk, token), worker=worker, what="the worker's note")
    # Written by the worker process, not run eagerly in this one.
    assert note.body_text.endswith(f"written by pid {worker.pid}")
    assert note.author_agent_id == alice.pk


def test_reply_mail_goes_out_through_the_worker(
    celery_worker: WorkerFactory,
    smtp_server: SmtpServer,
    carol: Guest,
    alice: Agent,
    it_queue: Queue,
) -> None:
    worker = celery_worker(extra_env=smtp_server.worker_env)
    token = f"itest-{uuid.uuid4()}"
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Headset crackles")
    ticket_reply(
        ticket=ticket, agent=alice, body_text=f"Hello Carol, a new headset is on its way.\n{token}"
    )
    reply = OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.REPLY)
    # The acknowledgement of the new ticket and the reply: two outbox rows, both sent once.
    wait_for(lambda: _all_sent(ticket.pk, 2), worker=worker, what="the outbox rows to be sent")
    wait_for(
        lambda: len(smtp_server.messages) >= 2,
        worker=worker,
        what="two messages at the SMTP server",
    )
    assert len(smtp_server.messages) == 2
    # Long Message-IDs arrive folded onto a continuation line, hence the strip.
    [mail] = [
        m for m in smtp_server.messages if str(m["Message-ID"]).strip() == reply.email_message_id
    ]
    assert "carol@example.com" in mail["To"]
    assert f"#{ticket.pk}" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and token in body.get_content()
    assert smtp_server.handler.recipients == [["carol@example.com"], ["carol@example.com"]]


def test_mail_queued_while_no_worker_runs_is_sent_when_one_starts(
    celery_worker: WorkerFactory,
    smtp_server: SmtpServer,
    carol: Guest,
    alice: Agent,
    it_queue: Queue,
) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_reply(ticket=ticket, agent=alice, body_text="We are on it.")
    # Nobody consumes yet: the work waits in the broker (and the rows in the database).
    time.sleep(1.0)
    assert OutboundEmail.objects.filter(ticket=ticket, status=OutboundStatus.PENDING).count() == 2
    assert smtp_server.messages == []
    worker = celery_worker(extra_env=smtp_server.worker_env)
    wait_for(lambda: _all_sent(ticket.pk, 2), worker=worker, what="the queued mail to be sent")
    assert len(smtp_server.messages) == 2


def test_prefork_worker_runs_tasks_in_a_child(
    celery_worker: WorkerFactory, carol: Guest, alice: Agent, it_queue: Queue
) -> None:
    worker = celery_worker(pool="prefork")
    ticket = make_ticket(requester=carol, queue=it_queue)
    token = f"itest-{uuid.uuid4()}"
    add_note.delay(ticket.pk, alice.pk, token)
    note = wait_for(lambda: _note(ticket.pk, token), worker=worker, what="the prefork child's note")
    # A pool child, not the worker's main process: database connections survive the fork.
    child_pid = int(note.body_text.rsplit(" ", 1)[1])
    assert child_pid != worker.pid


def test_task_for_missing_ticket_fails_without_killing_the_worker(
    celery_worker: WorkerFactory, carol: Guest, alice: Agent, it_queue: Queue
) -> None:
    # The failure sibling: a bad task is logged and the worker carries on with the next one.
    worker = celery_worker()
    add_note.delay(999_999_999, alice.pk, "itest-missing")
    ticket = make_ticket(requester=carol, queue=it_queue)
    token = f"itest-{uuid.uuid4()}"
    add_note.delay(ticket.pk, alice.pk, token)
    wait_for(lambda: _note(ticket.pk, token), worker=worker, what="the note after a failing task")
    wait_for(
        lambda: "DoesNotExist" in worker.log_tail(200),
        worker=worker,
        what="the failure in the worker log",
    )
    worker.assert_alive()
