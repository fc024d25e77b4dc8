"""Permission-checked reads of tickets. The only way a view or the API turns an id into a ticket.

Rules: an agent sees tickets in the queues of their teams; an admin sees every queue;
a guest sees tickets they requested or are copied on. A ticket the caller may not see is
reported as not found, so ids cannot be probed.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_datetime

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.lib import rows
from omotenashi.lib.errors import NotFound, PermissionDenied, ValidationFailed
from omotenashi.tickets.models import OPEN_STATUSES, Message, MessageKind, Queue, Status, Ticket

# Where a request keeps the agent's queue ids once looked up (see remember_queue_ids).
_QUEUE_IDS = "_omotenashi_queue_ids"


def agent_queue_ids(*, agent: Agent) -> list[int] | None:
    """Queue ids the agent may see; None means every queue (admins)."""
    if agent.is_admin:
        return None
    remembered: list[int] | None = getattr(agent, _QUEUE_IDS, None)
    if remembered is not None:
        return remembered
    return list(Queue.objects.filter(team__members=agent).values_list("id", flat=True).distinct())


def remember_queue_ids(*, agent: Agent) -> None:
    """Look the agent's queues up once for the rest of a request (a page asks several times).

    Only for an Agent loaded for this one request: a later change of the agent's teams is
    not seen through this instance.
    """
    if not agent.is_admin:
        setattr(agent, _QUEUE_IDS, agent_queue_ids(agent=agent))


def queues_for_agent(*, agent: Agent) -> QuerySet[Queue]:
    ids = agent_queue_ids(agent=agent)
    qs = Queue.objects.select_related("team")
    return qs if ids is None else qs.filter(id__in=ids)


@functools.cache
def _default_queue_query(*, admin: bool) -> tuple[str, rows.RowReader]:
    reader = rows.RowReader((Queue, "q"))
    sql = f"SELECT {reader.columns} FROM {rows.table(Queue)} q"  # noqa: S608
    if not admin:
        membership = Agent.teams.through
        sql += (
            f" JOIN {rows.table(membership)} m ON {rows.column(membership, 'team', 'm')}"
            f" = {rows.column(Queue, 'team', 'q')} AND {rows.column(membership, 'agent', 'm')} = %s"
        )
    # At most one queue is the default (constraint queue_one_default); LIMIT for the plan.
    sql += f" WHERE {rows.column(Queue, 'is_default', 'q')} LIMIT 1"
    return sql, reader


def _default_queue_of(agent: Agent) -> Queue | None:
    """The desk's default queue if it is one of the agent's teams' (any, for an admin).

    Plain SQL: the ORM's join through the team membership cost more CPU to build than to
    run (docs/performance.md). Equivalent to
    `Queue.objects.filter(is_default=True, team__members=agent).first()`.
    """
    sql, reader = _default_queue_query(admin=agent.is_admin)
    found = reader.fetch(sql, [] if agent.is_admin else [agent.pk])
    if not found:
        return None
    (queue,), _ = found[0]
    assert isinstance(queue, Queue)
    return queue


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
    # The usual case first, in one plain statement (every API creation asks): the default
    # queue is the agent's (any default queue for an admin).
    queue = _default_queue_of(agent)
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
        .select_related(
            "queue", "queue__team", "assignee", "requester", "requester__organisation", "sla_policy"
        )
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
    qs = ticket.messages.select_related("author_agent", "author_guest").prefetch_related(
        "attachments"
    )
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


def _filtered_for_agent(*, agent: Agent, filters: TicketFilters) -> QuerySet[Ticket]:
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
    return qs


# A list's order: "activity" (newest activity first, keys (updated_at, id)) or "attention"
# (upset or urgent guests first, scored by tickets.routing; keys (attention, updated_at, id)).
# A cursor is the key of a row, so a page starts right after it along the list's index.
ORDERS = ("attention", "activity")
_ORDER_BY = {
    "activity": ("-updated_at", "-id"),
    "attention": ("-attention", "-updated_at", "-id"),
}
ListKey = tuple[int | None, datetime, int]  # (attention or None for "activity", updated_at, id)


def _encode(values: list[object]) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(stamp: datetime, pk: int) -> str:
    return _encode([stamp.isoformat(), pk])


def encode_cursor(ticket: Ticket, *, order: str = "activity") -> str:
    """The position of `ticket` in a list of that order (the cursor of the page after it)."""
    if order == "attention":
        return _encode([ticket.attention, ticket.updated_at.isoformat(), ticket.pk])
    return _cursor(ticket.updated_at, ticket.pk)


def _decode(cursor: str, *, order: str) -> ListKey:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list):
            raise ValueError
        if order == "attention":
            attention, stamp, pk = values
            if not isinstance(attention, int) or isinstance(attention, bool):
                raise ValueError
        else:
            attention = None
            stamp, pk = values
        moment = parse_datetime(stamp)
        if moment is None or not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
        return attention, moment, pk
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise ValidationFailed(
            "The cursor is not valid; start again without one.", field="cursor"
        ) from None


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    _attention, stamp, pk = _decode(cursor, order="activity")
    return stamp, pk


def _after(key: ListKey) -> Q:
    """Rows below `key` in its (descending) list. The redundant `<=` bound on the leading
    column gives the index a place to start: neither engine starts an index range from the
    OR alone, and a deep page would read every newer row."""
    attention, stamp, pk = key
    older = Q(updated_at__lt=stamp) | Q(updated_at=stamp, id__lt=pk)
    if attention is None:
        return older & Q(updated_at__lte=stamp)
    return (Q(attention__lt=attention) | (Q(attention=attention) & older)) & Q(
        attention__lte=attention
    )


def _before(key: ListKey) -> Q:
    """Rows above `key` in its list (the mirror of `_after`)."""
    attention, stamp, pk = key
    newer = Q(updated_at__gt=stamp) | Q(updated_at=stamp, id__gt=pk)
    if attention is None:
        return newer & Q(updated_at__gte=stamp)
    return (Q(attention__gt=attention) | (Q(attention=attention) & newer)) & Q(
        attention__gte=attention
    )


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise ValidationFailed(
            f"Unknown order {order!r}; use one of: {', '.join(ORDERS)}.", field="order"
        )


def ticket_list_for_agent(
    *,
    agent: Agent,
    filters: TicketFilters,
    cursor: str | None = None,
    limit: int = 50,
    order: str = "activity",
) -> Page:
    """One page of the agent's tickets, keyset-paginated so deep pages stay fast.

    `order="activity"`: newest activity first, on (updated_at, id). `order="attention"`: the
    most upset or urgent guests first (Ticket.attention), then newest activity.
    """
    _check_order(order)
    qs = _filtered_for_agent(agent=agent, filters=filters)
    if cursor:
        qs = qs.filter(_after(_decode(cursor, order=order)))
    limit = max(1, min(limit, 200))
    # Two steps: the page's ids along the list's index, then those rows with what they
    # show. Joining queue, assignee and guest into the first query lets SQLite's planner
    # start from the queues and sort every ticket of them (150 ms at 10^5 tickets instead of 1).
    positions = list(
        qs.order_by(*_ORDER_BY[order]).values_list("id", "attention", "updated_at")[: limit + 1]
    )
    page = positions[:limit]
    shown = Ticket.objects.select_related("queue", "assignee", "requester").prefetch_related("tags")
    found = shown.in_bulk([pk for pk, _attention, _stamp in page])
    # A ticket deleted between the two queries is left out rather than failing the page.
    rows = [found[pk] for pk, _attention, _stamp in page if pk in found]
    next_cursor = None
    if len(positions) > limit:
        # From the position query, so a ticket changed between the two queries cannot move
        # the page boundary.
        pk, attention, stamp = page[-1]
        values: list[object] = [stamp.isoformat(), pk]
        next_cursor = _encode([attention, *values] if order == "attention" else values)
    return Page(items=rows, next_cursor=next_cursor)


@dataclass(frozen=True)
class Neighbours:
    """The tickets before and after a position in a list (None at either end)."""

    previous: Ticket | None
    next: Ticket | None


def ticket_neighbours_for_agent(
    *,
    agent: Agent,
    filters: TicketFilters,
    ticket: Ticket,
    position: str | None = None,
    order: str = "activity",
) -> Neighbours:
    """The tickets just above and below `ticket` in the list `filters` and `order` describe.

    `position` is the cursor of the ticket where the agent saw it in the list; the ticket
    itself may have moved since (a reply makes it the newest), and "next" must still mean
    the one that was below it. Without a position, the ticket's own place counts. Two
    queries, each one step along the list's index.
    """
    _check_order(order)
    if position:
        key = _decode(position, order=order)
    else:
        key = (ticket.attention if order == "attention" else None, ticket.updated_at, ticket.pk)
    qs = _filtered_for_agent(agent=agent, filters=filters).exclude(pk=ticket.pk)
    qs = qs.only("id", "updated_at", "attention", "subject")
    ascending = [field.removeprefix("-") for field in _ORDER_BY[order]]
    return Neighbours(
        previous=qs.filter(_before(key)).order_by(*ascending).first(),
        next=qs.filter(_after(key)).order_by(*_ORDER_BY[order]).first(),
    )


@dataclass(frozen=True)
class InboxCounts:
    """What the workspace's side bar shows: open tickets per view, and waiting ones per queue."""

    mine: int
    unassigned: int
    at_risk: int
    waiting_per_queue: dict[int, int]  # new or open (the queue needs to act), by queue id


def inbox_counts_for_agent(*, agent: Agent) -> InboxCounts:
    """One pass over the agent's open tickets, grouped by queue (never over closed history)."""
    rows = (
        tickets_visible_to_agent(agent=agent)
        .filter(status__in=OPEN_STATUSES)
        .values("queue_id")
        .order_by()
        .annotate(
            waiting=Count("id", filter=Q(status__in=[Status.NEW, Status.OPEN])),
            mine=Count("id", filter=Q(assignee=agent)),
            unassigned=Count("id", filter=Q(assignee__isnull=True)),
            at_risk=Count("id", filter=Q(sla_at_risk=True) | Q(sla_breached=True)),
        )
    )
    mine = unassigned = at_risk = 0
    waiting: dict[int, int] = {}
    for row in rows:
        waiting[row["queue_id"]] = row["waiting"]
        mine += row["mine"]
        unassigned += row["unassigned"]
        at_risk += row["at_risk"]
    return InboxCounts(mine=mine, unassigned=unassigned, at_risk=at_risk, waiting_per_queue=waiting)


def guest_history(*, guest: Guest, limit: int = 20) -> list[Ticket]:
    return list(
        Ticket.objects.filter(requester=guest)
        .select_related("queue")
        .order_by("-created_at")[:limit]
    )
