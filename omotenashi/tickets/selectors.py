"""Permission-checked reads of tickets. The only way a view or the API turns an id into a ticket.

Rules: an agent sees tickets in the queues of their teams; an admin sees every queue;
a guest sees tickets they requested or are copied on. A ticket the caller may not see is
reported as not found, so ids cannot be probed.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.lib.errors import NotFound, ValidationFailed
from omotenashi.tickets.models import OPEN_STATUSES, Message, MessageKind, Queue, Ticket


def agent_queue_ids(*, agent: Agent) -> list[int] | None:
    """Queue ids the agent may see; None means every queue (admins)."""
    if agent.is_admin:
        return None
    return list(Queue.objects.filter(team__members=agent).values_list("id", flat=True).distinct())


def queues_for_agent(*, agent: Agent) -> QuerySet[Queue]:
    ids = agent_queue_ids(agent=agent)
    qs = Queue.objects.select_related("team")
    return qs if ids is None else qs.filter(id__in=ids)


def tickets_visible_to_agent(*, agent: Agent) -> QuerySet[Ticket]:
    ids = agent_queue_ids(agent=agent)
    qs = Ticket.objects.all()
    return qs if ids is None else qs.filter(queue_id__in=ids)


def ticket_get_for_agent(*, agent: Agent, ticket_id: int | str) -> Ticket:
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise NotFound("No such ticket.") from None
    ticket = (
        tickets_visible_to_agent(agent=agent)
        .select_related("queue", "queue__team", "assignee", "requester", "requester__organisation", "sla_policy")
        .filter(pk=pk)
        .first()
    )
    if ticket is None:
        raise NotFound("No such ticket.")
    return ticket


def tickets_visible_to_guest(*, guest: Guest) -> QuerySet[Ticket]:
    return Ticket.objects.filter(Q(requester=guest) | Q(ccs=guest)).distinct()


def ticket_get_for_guest(*, guest: Guest, ticket_id: int | str) -> Ticket:
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise NotFound("No such request.") from None
    ticket = (
        Ticket.objects.select_related("queue", "assignee", "requester")
        .filter(Q(requester=guest) | Q(ccs=guest), pk=pk)
        .distinct()
        .first()
    )
    if ticket is None:
        raise NotFound("No such request.")
    return ticket


def ticket_messages(*, ticket: Ticket, include_notes: bool) -> QuerySet[Message]:
    qs = ticket.messages.select_related("author_agent", "author_guest").prefetch_related("attachments")
    return qs if include_notes else qs.exclude(kind=MessageKind.NOTE)


# --- lists with keyset (cursor) pagination ---------------------------------------------------


@dataclass(frozen=True)
class TicketFilters:
    status: list[str] | None = None
    open_only: bool = False
    queue_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    requester_id: int | None = None
    priority: str | None = None
    tag: str | None = None
    at_risk: bool = False
    updated_since: datetime | None = None


@dataclass(frozen=True)
class Page:
    items: list[Ticket]
    next_cursor: str | None


def encode_cursor(ticket: Ticket) -> str:
    raw = json.dumps([ticket.updated_at.isoformat(), ticket.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = parse_datetime(stamp)
        if moment is None or not isinstance(pk, int):
            raise ValueError
        return moment, pk
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise ValidationFailed("The cursor is not valid; start again without one.", field="cursor") from None


def encode_attention_cursor(ticket: Ticket) -> str:
    raw = json.dumps([ticket.attention, ticket.updated_at.isoformat(), ticket.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_attention_cursor(cursor: str) -> tuple[int, datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        attention, stamp, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = parse_datetime(stamp)
        if moment is None or not isinstance(pk, int) or not isinstance(attention, int):
            raise ValueError
        return attention, moment, pk
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise ValidationFailed(
            "The cursor is not valid; start again without one.", field="cursor"
        ) from None


def ticket_list_for_agent(
    *,
    agent: Agent,
    filters: TicketFilters,
    cursor: str | None = None,
    limit: int = 50,
    order: str = "activity",
) -> Page:
    """Newest activity first, keyset-paginated on (updated_at, id) so deep pages stay fast.

    `order="attention"`: the most upset or urgent guests first (Ticket.attention, scored by
    tickets.routing), then newest activity; keyset-paginated on (attention, updated_at, id).
    """
    qs = tickets_visible_to_agent(agent=agent)
    f = filters
    if f.status:
        qs = qs.filter(status__in=f.status)
    elif f.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if f.queue_id is not None:
        qs = qs.filter(queue_id=f.queue_id)
    if f.unassigned:
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee_id is not None:
        qs = qs.filter(assignee_id=f.assignee_id)
    if f.requester_id is not None:
        qs = qs.filter(requester_id=f.requester_id)
    if f.priority:
        qs = qs.filter(priority=f.priority)
    if f.tag:
        qs = qs.filter(tags__name=f.tag.lower())
    if f.at_risk:
        qs = qs.filter(Q(sla_at_risk=True) | Q(sla_breached=True), status__in=OPEN_STATUSES)
    if f.updated_since:
        qs = qs.filter(updated_at__gte=f.updated_since)
    by_attention = order == "attention"
    if cursor and by_attention:
        attention, stamp, pk = decode_attention_cursor(cursor)
        qs = qs.filter(
            Q(attention__lt=attention)
            | Q(attention=attention, updated_at__lt=stamp)
            | Q(attention=attention, updated_at=stamp, id__lt=pk)
        )
    elif cursor:
        stamp, pk = decode_cursor(cursor)
        qs = qs.filter(Q(updated_at__lt=stamp) | Q(updated_at=stamp, id__lt=pk))
    limit = max(1, min(limit, 200))
    ordering = ("-attention", "-updated_at", "-id") if by_attention else ("-updated_at", "-id")
    rows = list(
        qs.select_related("queue", "assignee", "requester").prefetch_related("tags")
        .order_by(*ordering)[: limit + 1]
    )
    encode = encode_attention_cursor if by_attention else encode_cursor
    next_cursor = encode(rows[limit - 1]) if len(rows) > limit else None
    return Page(items=rows[:limit], next_cursor=next_cursor)


def guest_history(*, guest: Guest, limit: int = 20) -> list[Ticket]:
    return list(Ticket.objects.filter(requester=guest).select_related("queue").order_by("-created_at")[:limit])
