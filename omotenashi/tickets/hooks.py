"""Extension points through which later layers (channels, search, insights) follow tickets.

Dependencies flow one way (docs/architecture.md): tickets must not import channels or
search. Those apps register here in their AppConfig.ready(). Hooks run *inside* the
service's transaction, so what they write (an outbox row, a search document) commits or
rolls back with the ticket; anything slow or external they defer with on_commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omotenashi.tickets.models import Message, Ticket

TicketCreatedHook = Callable[["Ticket", "Message"], None]
MessageAddedHook = Callable[["Message"], None]
TicketChangedHook = Callable[["Ticket", list[str]], None]

_ticket_created: list[TicketCreatedHook] = []
_message_added: list[MessageAddedHook] = []
_ticket_changed: list[TicketChangedHook] = []
# Hooks switched off in the current thread/context only (see `muted`).
_muted: ContextVar[frozenset[Callable[..., Any]]] = ContextVar(
    "omotenashi_muted_hooks", default=frozenset()
)


@contextmanager
def muted(*hooks: Callable[..., Any]) -> Iterator[None]:
    """Skip these hooks for the code run inside the block, in this context only.

    For imports of history (the demo desk, migrations from another helpdesk): old replies
    must not be mailed again. Other threads serving requests meanwhile are unaffected.
    """
    token = _muted.set(_muted.get() | frozenset(hooks))
    try:
        yield
    finally:
        _muted.reset(token)


def on_ticket_created(hook: TicketCreatedHook) -> TicketCreatedHook:
    if hook not in _ticket_created:
        _ticket_created.append(hook)
    return hook


def on_message_added(hook: MessageAddedHook) -> MessageAddedHook:
    """Called for every message, including the first one of a new ticket."""
    if hook not in _message_added:
        _message_added.append(hook)
    return hook


def on_ticket_changed(hook: TicketChangedHook) -> TicketChangedHook:
    if hook not in _ticket_changed:
        _ticket_changed.append(hook)
    return hook


def ticket_created(ticket: Ticket, first_message: Message) -> None:
    skip = _muted.get()
    for hook in list(_ticket_created):
        if hook not in skip:
            hook(ticket, first_message)


def message_added(message: Message) -> None:
    skip = _muted.get()
    for hook in list(_message_added):
        if hook not in skip:
            hook(message)


def ticket_changed(ticket: Ticket, fields: list[str]) -> None:
    skip = _muted.get()
    for hook in list(_ticket_changed):
        if hook not in skip:
            hook(ticket, fields)
