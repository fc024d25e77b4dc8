"""SLA targets: which policy applies, due times in business hours, at-risk and breached flags."""

from __future__ import annotations

import functools
import threading
import time
from datetime import date, datetime
from datetime import time as dt_time
from functools import lru_cache
from typing import Any

import holidays as holiday_calendars
from django.db import transaction
from django.utils import timezone

from omotenashi.lib import rows
from omotenashi.lib.businesstime import Calendar, add_business_minutes, business_minutes_between
from omotenashi.tickets.models import OPEN_STATUSES, BusinessCalendar, SlaPolicy, Status, Ticket


@lru_cache(maxsize=64)
def _public_holidays(country: str, years: tuple[int, ...]) -> frozenset[date]:
    try:
        return frozenset(holiday_calendars.country_holidays(country, years=years).keys())
    except NotImplementedError:
        return frozenset()  # unknown country code: admin validation reports it


def calendar_spec(
    calendar: BusinessCalendar | None, *, years: tuple[int, ...] | None = None
) -> Calendar | None:
    """The pure-Python calendar for a stored one (None = round the clock)."""
    if calendar is None:
        return None
    hours: dict[int, list[tuple[dt_time, dt_time]]] = {}
    for row in calendar.hours.all():
        hours.setdefault(row.weekday, []).append((row.start, row.end))
    for intervals in hours.values():
        intervals.sort()
    closed: set[date] = {h.date for h in calendar.holidays.all()}
    if calendar.holiday_country:
        this_year = timezone.now().year
        span = years or (this_year - 1, this_year, this_year + 1, this_year + 2)
        closed.update(_public_holidays(calendar.holiday_country, tuple(span)))
    if not hours:
        return None
    return Calendar(time_zone=calendar.time_zone, hours=hours, closed_dates=frozenset(closed))


# --- calendars, cached per process -----------------------------------------------------------
# Every new ticket needs its calendar's opening hours, closed days and public holidays: three
# queries and a set of a few hundred dates, for configuration an admin changes a few times a
# year. Each process keeps the built calendars for CALENDAR_TTL seconds. A change saved in
# this process (admin, demo loader, tests) drops them at once and again at its commit
# (`forget_calendars`, connected in TicketsConfig.ready); other processes see it within the
# TTL. Policies are not cached: a ticket stores its policy as a foreign key, and a policy
# deleted in another process must never be written into a new ticket from a stale cache.
# Measured and argued in docs/decisions/0010-sla-calendars-cached-per-process.md.
CALENDAR_TTL = 30.0
_calendars: dict[int, tuple[float, Calendar | None]] = {}
_calendars_generation = 0
_calendars_lock = threading.Lock()


def clear_calendar_cache() -> None:
    """Drop every cached calendar of this process (tests start from an empty cache)."""
    global _calendars_generation
    with _calendars_lock:
        _calendars_generation += 1
        _calendars.clear()


def forget_calendars(*, using: str | None = None, **_: Any) -> None:
    """Drop the cached calendars: now, and again when the change commits.

    Now, so the change's own transaction (and a test) sees it; at commit, because another
    thread may have rebuilt a calendar from the old rows in between. Accepts the keyword
    arguments of Django's model signals.
    """
    clear_calendar_cache()
    transaction.on_commit(clear_calendar_cache, using=using)


def business_calendar(calendar_id: int | None) -> Calendar | None:
    """The built calendar of this id (None: round the clock), from the per-process cache."""
    if calendar_id is None:
        return None
    now = time.monotonic()
    cached = _calendars.get(calendar_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    generation = _calendars_generation
    rows = BusinessCalendar.objects.prefetch_related("hours", "holidays").filter(pk=calendar_id)
    calendar = rows.first()
    spec = calendar_spec(calendar)
    with _calendars_lock:
        # Not when a change was forgotten meanwhile: these rows may predate it.
        if generation == _calendars_generation:
            _calendars[calendar_id] = (now + CALENDAR_TTL, spec)
    return spec


@functools.cache
def _policy_query() -> tuple[str, rows.RowReader]:
    reader = rows.RowReader((SlaPolicy, "p"))
    queue = rows.column(SlaPolicy, "queue", "p")
    sql = (
        f"SELECT {reader.columns} FROM {rows.table(SlaPolicy)} p"  # noqa: S608
        f" WHERE {rows.column(SlaPolicy, 'priority', 'p')} = %s"
        f" AND ({queue} = %s OR {queue} IS NULL)"
    )
    return sql, reader


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The queue's own policy for the ticket's priority, else the desk-wide one.

    One plain statement for the two candidates (every new ticket asks; the ORM took
    longer to build the query than PostgreSQL to run it, docs/performance.md).
    """
    sql, reader = _policy_query()
    fallback = None
    for (policy,), _ in reader.fetch(sql, [ticket.priority, ticket.queue_id]):
        assert isinstance(policy, SlaPolicy)
        if policy.queue_id == ticket.queue_id:
            return policy
        if policy.queue_id is None:
            fallback = policy
    return fallback


def _calendar_for(policy: SlaPolicy, ticket: Ticket) -> Calendar | None:
    return business_calendar(policy.calendar_id or ticket.queue.calendar_id)


def apply_policy(ticket: Ticket, *, now: datetime | None = None) -> list[str]:
    """Set the policy and due times from the ticket's queue and priority.

    Due times count from the ticket's creation, so a priority change re-targets the
    clock rather than restarting it. Returns the changed field names.
    """
    now = now or timezone.now()
    policy = policy_for(ticket)
    ticket.sla_policy = policy
    if policy is None:
        ticket.first_response_due_at = None
        ticket.resolution_due_at = None
    else:
        cal = _calendar_for(policy, ticket)
        created = ticket.created_at or now
        ticket.first_response_due_at = add_business_minutes(
            created, policy.first_response_minutes, cal
        )
        ticket.resolution_due_at = add_business_minutes(created, policy.resolution_minutes, cal)
    changed = ["sla_policy", "first_response_due_at", "resolution_due_at"]
    changed += refresh_flags(ticket, now=now)
    return changed


def on_status_change(
    ticket: Ticket, *, old: str, new: str, now: datetime | None = None
) -> list[str]:
    """Pause the resolution clock while waiting for the guest; resume it after."""
    now = now or timezone.now()
    changed: list[str] = []
    if new == Status.PENDING and ticket.sla_paused_at is None:
        ticket.sla_paused_at = now
        changed.append("sla_paused_at")
    elif old == Status.PENDING and new != Status.PENDING and ticket.sla_paused_at is not None:
        if ticket.resolution_due_at is not None and ticket.sla_policy_id:
            cal = _calendar_for(ticket.sla_policy, ticket)  # type: ignore[arg-type]
            paused = business_minutes_between(ticket.sla_paused_at, now, cal)
            remaining = business_minutes_between(
                ticket.sla_paused_at, ticket.resolution_due_at, cal
            )
            if remaining > 0:
                ticket.resolution_due_at = add_business_minutes(now, round(remaining), cal)
            changed.append("resolution_due_at")
            del paused
        ticket.sla_paused_at = None
        changed.append("sla_paused_at")
    changed += refresh_flags(ticket, now=now)
    return changed


def refresh_flags(ticket: Ticket, *, now: datetime | None = None) -> list[str]:
    """Recompute at-risk and breached. Breached sticks once set (it happened)."""
    now = now or timezone.now()
    policy = ticket.sla_policy
    at_risk = False
    breached = ticket.sla_breached
    if policy is not None and ticket.status in OPEN_STATUSES:
        checks: list[tuple[datetime | None, bool]] = [
            (ticket.first_response_due_at, ticket.first_responded_at is None),
            (ticket.resolution_due_at, ticket.sla_paused_at is None),
        ]
        for due, running in checks:
            if due is None or not running:
                continue
            if now >= due:
                breached = True
                continue
            start = ticket.created_at or now
            span = (due - start).total_seconds()
            used = (now - start).total_seconds()
            if span > 0 and used / span * 100 >= policy.at_risk_percent:
                at_risk = True
    if (
        ticket.first_responded_at
        and ticket.first_response_due_at
        and ticket.first_responded_at > ticket.first_response_due_at
    ):
        breached = True
    changed = []
    if at_risk != ticket.sla_at_risk:
        ticket.sla_at_risk = at_risk
        changed.append("sla_at_risk")
    if breached != ticket.sla_breached:
        ticket.sla_breached = breached
        changed.append("sla_breached")
    return changed
