"""The ticket hook that queues the understanding of every guest message after commit.

Kept apart from understanding.py so registering it (TicketsConfig.ready) does not load
the engine into processes that never read a message.
"""

from __future__ import annotations

from django.db import transaction

from omotenashi.tickets.models import Message, MessageKind


def on_guest_message(message: Message) -> None:
    """tickets.hooks.on_message_added: read every guest message once it is committed.

    Runs inside the service's transaction, so the task is queued only if the message really
    committed, and it receives the id, so it reads the committed state.
    """
    if message.kind != MessageKind.GUEST:
        return
    from omotenashi.tickets.tasks import understand_message

    message_id = message.pk
    transaction.on_commit(lambda: understand_message.delay(message_id))
