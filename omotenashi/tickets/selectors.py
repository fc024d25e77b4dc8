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

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_datetime

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.lib.errors import NotFound, PermissionDenied, ValidationFailed
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


def queue_for_new_ticket(*, agent: Agent, queue_id: int | None) -> Queue:
    """The queue an agent files a new ticket in: the one named, else the desk's default.

    One query when the queue is the agent's, the membership checked in it. A named queue
    the agent may not use is not found (queue ids cannot be probed); the default queue of
    a team the agent is not in is refused with the way out.
    """
    if queue_id is not None:
        named = Queue.objects.filter(pk=queue_id)
        if not agent.is_admin:
            named = named.filter(team__members=agent)
        queue = named.first()
        if queue is None:
            raise NotFound("No such queue among yours.", field="queue_id")
        return queue
    # The usual case first, in the cheapest query the ORM builds: the default queue is
    # the agent's (any default queue for an admin).
    usual = Queue.objects.filter(is_default=True)
    if not agent.is_admin:
        usual = usual.filter(team__members=agent)
    queue = usual.first()
    if queue is not None:
        return queue
    member = Agent.teams.through.objects.filter(team_id=OuterRef("team_id"), agent_id=agent.pk)
    # Otherwise the default queue, or the oldest one on a desk without a default (as
    # tickets.services.default_queue), with the membership in the same query.
    queue = Queue.objects.annotate(is_mine=Exists(member)).order_by("-is_default", "id").first()
    if queue is None:
        raise ValidationFailed("The desk has no queue yet; an admin must create one.")
    if not (agent.is_admin or queue.is_mine):
        raise PermissionDenied(
            "The desk's default queue is not one of yours; "
            "choose a queue_id from GET /api/v1/queues.",
            field="queue_id",
        )
    return queue


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
    return _encode_position(ticket.updated_at, ticket.pk)


def _encode_position(updated_at: datetime, pk: int) -> str:
    raw = json.dumps([updated_at.isoformat(), pk]).encode()
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


def ticket_list_for_agent(*, agent: Agent, filters: TicketFilters, cursor: str | None = None, limit: int = 50) -> Page:
    """Newest activity first, keyset-paginated on (updated_at, id) so deep pages stay fast."""
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
    if cursor:
        stamp, pk = decode_cursor(cursor)
        # The first condition is implied by the OR, and is there for the index: neither
        # engine can start an index range from an OR, so without it a page deep in the
        # history reads the index from the newest ticket down to the cursor (744 ms in the
        # middle of 10^6 tickets on PostgreSQL; with it, under a millisecond).
        after = Q(updated_at__lt=stamp) | Q(updated_at=stamp, id__lt=pk)
        qs = qs.filter(updated_at__lte=stamp).filter(after)
    limit = max(1, min(limit, 200))
    # Positions first, rows second. The position query touches the ticket table alone, so
    # each engine walks an (updated_at, id) index and stops after limit + 1 entries; with
    # the joins of the row query in it, SQLite drives the query from the agent's queues and
    # sorts every ticket they hold (docs/performance.md). The second query is by primary key.
    positions = list(qs.order_by("-updated_at", "-id").values_list("id", "updated_at")[: limit + 1])
    page = positions[:limit]
    loaded = (
        Ticket.objects.select_related("queue", "assignee", "requester")
        .prefetch_related("tags")
        .in_bulk([pk for pk, _ in page])
    )
    # A ticket deleted between the two queries is left out rather than failing the page.
    items = [loaded[pk] for pk, _ in page if pk in loaded]
    # The cursor comes from the position query, so a ticket changed between the two
    # queries cannot move the page boundary.
    next_cursor = _encode_position(page[-1][1], page[-1][0]) if len(positions) > limit else None
    return Page(items=items, next_cursor=next_cursor)


def guest_history(*, guest: Guest, limit: int = 20) -> list[Ticket]:
    return list(Ticket.objects.filter(requester=guest).select_related("queue").order_by("-created_at")[:limit])
