"""Tasks that exist only for the worker integration tests.

The worker subprocess loads this module with `--include tests.integration.worker_tasks`;
the test process imports it to send the tasks. The product's own tasks (the mail outbox)
are tested as they are; this one adds what they cannot show: which process did the work.
"""

from __future__ import annotations

import os

from celery import shared_task

from omotenashi.accounts.models import Agent
from omotenashi.tickets.models import MessageKind, Ticket
from omotenashi.tickets.services import ticket_note

NOTE_TASK = "tests.integration.add_note"


@shared_task(name=NOTE_TASK)
def add_note(ticket_id: int, agent_id: int, token: str) -> None:
    """Leave an internal note naming the process that wrote it (proof the worker did the work)."""
    ticket = Ticket.objects.get(pk=ticket_id)
    if ticket.messages.filter(kind=MessageKind.NOTE, body_text__contains=token).exists():
        return  # redelivered: the note is already there
    ticket_note(
        ticket=ticket,
        agent=Agent.objects.get(pk=agent_id),
        body_text=f"{token} written by pid {os.getpid()}",
    )
