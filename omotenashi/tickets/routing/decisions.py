"""What the engine may decide and what a person already decided.

The rule: an automatic decision never overwrites a person's. A field counts as set by a
person when an agent changed it (the ticket's events say who), or, for the queue, when the
ticket was created outside the landing queue (an agent, the API caller or the mailbox
chose it). The engine then records its view as a suggestion a person can accept.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from omotenashi.lib import rows
from omotenashi.lib.process_cache import ProcessValue
from omotenashi.tickets.models import (
    Decision,
    DecisionOutcome,
    EventKind,
    Priority,
    Queue,
    Ticket,
    TicketEvent,
    TriageSettings,
)

# Fields a person can set; the engine leaves them alone once they have.
FIELD_EVENTS = {
    "queue": EventKind.QUEUE,
    "category": EventKind.CATEGORY,
    "priority": EventKind.PRIORITY,
    "language": EventKind.LANGUAGE,
    "assignee": EventKind.ASSIGNEE,
}
ACCEPTABLE = (DecisionOutcome.SUGGESTED, DecisionOutcome.KEPT)


# The thresholds are read for every new ticket and changed a few times a year: each process
# keeps them for SETTINGS_TTL seconds, and saving or deleting the row through the model
# drops the cache (now and at commit, as tickets/sla.py does for calendars; signals
# connected in TicketsConfig.ready). Another process sees a change within the TTL. Nothing
# stores the row as a foreign key, so a stale copy can only apply the old thresholds for
# those seconds (docs/decisions/0107-triage-settings-cached-per-process.md).
SETTINGS_TTL = 30.0
_settings: ProcessValue[TriageSettings] = ProcessValue(SETTINGS_TTL)


def clear_settings_cache() -> None:
    """Drop this process's copy of the settings (tests start without one)."""
    _settings.clear()


def forget_settings(*, using: str | None = None, **_: Any) -> None:
    """Drop the cached settings now and again when the change commits (another thread may
    have read the old row in between). Accepts the keyword arguments of model signals."""
    _settings.forget(using=using)


def triage_settings() -> TriageSettings:
    """The desk's settings row, or the defaults when an admin has not saved one. Read only:
    the instance is shared within the process for up to SETTINGS_TTL seconds."""
    return _settings.get(lambda: TriageSettings.objects.order_by("pk").first() or TriageSettings())


def landing_queue_id() -> int | None:
    """Where tickets land when nobody chose a queue (the default queue, else the first)."""
    queue = (
        Queue.objects.filter(is_default=True).only("pk").first()
        or Queue.objects.order_by("id").only("pk").first()
    )
    return queue.pk if queue else None


def human_set_fields(*, ticket: Ticket) -> set[str]:
    """The fields of `ticket` a person decided (see the module docstring)."""
    found: set[str] = set()
    kinds = [*FIELD_EVENTS.values(), EventKind.CREATED]
    # Plain SQL: asked for every message the engine reads (lib/rows.py has why). As
    # `TicketEvent.objects.filter(ticket=ticket, kind__in=kinds).order_by("id")
    # .values_list("kind", "actor_agent_id", "old_value", "new_value")`.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.column(TicketEvent, 'kind', 'e')},"  # noqa: S608 (names from the model, values as parameters)
            f" {rows.column(TicketEvent, 'actor_agent', 'e')},"
            f" {rows.column(TicketEvent, 'old_value', 'e')},"
            f" {rows.column(TicketEvent, 'new_value', 'e')}"
            f" FROM {rows.table(TicketEvent)} e"
            f" WHERE {rows.column(TicketEvent, 'ticket', 'e')} = %s"
            f" AND {rows.column(TicketEvent, 'kind', 'e')} IN ({', '.join(['%s'] * len(kinds))})"
            " ORDER BY e.id",
            [ticket.pk, *kinds],
        )
        events = cursor.fetchall()
    last_assignee: tuple[int | None, str] | None = None
    created_by_agent = False
    priority_at_creation: str | None = None
    for kind, agent_id, old_value, new_value in events:
        if kind == EventKind.CREATED:
            created_by_agent = agent_id is not None
            continue
        if kind == EventKind.PRIORITY and priority_at_creation is None:
            priority_at_creation = old_value
        if kind == EventKind.ASSIGNEE:
            last_assignee = (agent_id, new_value)
        elif agent_id is not None:
            found.add(next(f for f, k in FIELD_EVENTS.items() if k == kind))
    # An agent creating a ticket on the guest's behalf chose its priority, unless they left
    # the default.
    if created_by_agent and (priority_at_creation or ticket.priority) != Priority.NORMAL:
        found.add("priority")
    # An assignee counts when a person gave the ticket to someone (taking it by replying
    # first included). A person moving the ticket to another team drops the assignee; that
    # is not a wish to keep it unassigned.
    if last_assignee is not None and last_assignee[0] is not None and last_assignee[1]:
        found.add("assignee")
    return found


def decision_make(
    *,
    ticket: Ticket,
    kind: str,
    outcome: str,
    model_name: str,
    model_version: str = "",
    value: object = "",
    value_label: str = "",
    confidence: float | None = None,
    reason: str = "",
    details: dict[str, object] | None = None,
    message_id: int | None = None,
) -> Decision:
    """An unsaved Decision (callers save them together with bulk_create)."""
    return Decision(
        ticket=ticket,
        message_id=message_id,
        kind=kind,
        value="" if value is None else str(value)[:64],
        value_label=value_label[:200],
        confidence=None if confidence is None else round(float(confidence), 4),
        model_name=model_name[:120],
        model_version=model_version[:120],
        reason=reason,
        details=details or {},
        outcome=outcome,
    )


def as_int(value: str) -> int:
    """A decision's stored id value as an int (-1 when it is not one)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
