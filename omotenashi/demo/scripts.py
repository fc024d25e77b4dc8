"""Ticket histories as timed steps, replayed through the real ticket services.

A `TicketScript` is the life of one ticket: created at some moment, then replies, notes,
status changes and so on, each at its own moment. `replay` runs the steps of every script
in time order while a replay clock stands in for `django.utils.timezone.now`. So every row
the services, their hooks and Django's auto_now fields write carries the moment the step
happened in the story: message and event times, first-response and solved times, SLA due
times counted in business hours from the back-dated creation, and SLA breaches judged by
the real SLA code. Nothing has to be patched up afterwards, and nothing can disagree.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.lib.businesstime import Calendar, add_business_minutes, is_open_at
from omotenashi.tickets import hooks, services
from omotenashi.tickets.models import Macro, Queue, Ticket

# A body may be computed when its step runs, e.g. a note that cites other tickets' numbers.
Body = str | Callable[[], str]
STEP_GAP = timedelta(seconds=40)


def _text(body: Body) -> str:
    return body() if callable(body) else body


@dataclass
class Step:
    at: datetime
    run: Callable[[], object]


class TicketScript:
    """The timed history of one ticket. Steps are kept in order: each is at least STEP_GAP
    after the one before, whatever time the caller asked for."""

    def __init__(
        self,
        *,
        requester: Guest,
        at: datetime,
        subject: str,
        body: Body,
        channel: str,
        queue: Queue,
        priority: str,
        language: str,
        created_by: Agent | None = None,
        label: str = "",
    ) -> None:
        self.label = label
        at = at.replace(second=0, microsecond=0)  # people write at 10:42, not at 10:42:17.3
        self.ticket: Ticket | None = None
        self.created_at = at
        self.cursor = at
        self.solved_at: datetime | None = None
        self.agent: Agent | None = None  # who handles it, for a returning guest

        def create() -> None:
            self.ticket = services.ticket_create(
                requester=requester,
                subject=subject,
                body_text=_text(body),
                channel=channel,
                queue=queue,
                priority=priority,
                language=language,
                created_by=created_by,
            )

        self.steps: list[Step] = [Step(at, create)]

    # --- building ------------------------------------------------------------------------

    def _add(self, at: datetime, run: Callable[[], object]) -> datetime:
        at = max(at.replace(microsecond=0), self.cursor + STEP_GAP)
        self.cursor = at
        self.steps.append(Step(at, run))
        return at

    @property
    def number(self) -> int:
        """The ticket number; only known once the creation step has run."""
        assert self.ticket is not None, "the ticket is created by its first step"
        return self.ticket.number

    def guest(self, at: datetime, guest: Guest, body: Body, *, channel: str = "email") -> datetime:
        return self._add(
            at,
            lambda: services.ticket_add_guest_message(
                ticket=self._ticket(), guest=guest, body_text=_text(body), channel=channel
            ),
        )

    def reply(
        self, at: datetime, agent: Agent, body: Body, *, status: str | None = None
    ) -> datetime:
        at = self._add(
            at,
            lambda: services.ticket_reply(
                ticket=self._ticket(), agent=agent, body_text=_text(body), status=status
            ),
        )
        self._track(at, status)
        return at

    def macro(self, at: datetime, agent: Agent, name: str) -> datetime:
        """Apply a macro by name: its reply in the guest's language, its status and tags."""

        def run() -> None:
            macro = Macro.objects.prefetch_related("translations").get(name=name)
            ticket = self._ticket()
            ticket.refresh_from_db()  # the macro checks the ticket's current queue
            services.macro_apply(macro=macro, ticket=ticket, agent=agent)

        return self._add(at, run)

    def note(self, at: datetime, agent: Agent, body: Body) -> datetime:
        return self._add(
            at,
            lambda: services.ticket_note(ticket=self._ticket(), agent=agent, body_text=_text(body)),
        )

    def status(
        self,
        at: datetime,
        status: str,
        *,
        by: Agent | None = None,
        system: str = "",
        reason: str = "",
    ) -> datetime:
        at = self._add(
            at,
            lambda: services.ticket_change_status(
                ticket=self._ticket(), status=status, by=by, system=system, reason=reason
            ),
        )
        self._track(at, status)
        return at

    def assign(
        self, at: datetime, assignee: Agent, *, by: Agent | None, reason: str = ""
    ) -> datetime:
        return self._add(
            at,
            lambda: services.ticket_assign(
                ticket=self._ticket(), assignee=assignee, by=by, reason=reason
            ),
        )

    def move(self, at: datetime, queue: Queue, *, by: Agent, reason: str) -> datetime:
        return self._add(
            at,
            lambda: services.ticket_change_queue(
                ticket=self._ticket(), queue=queue, by=by, reason=reason
            ),
        )

    def tags(self, at: datetime, names: Sequence[str], *, by: Agent) -> datetime:
        def run() -> None:
            ticket = self._ticket()
            current = list(ticket.tags.values_list("name", flat=True))
            services.ticket_set_tags(ticket=ticket, tags=[*current, *names], by=by)

        return self._add(at, run)

    def _track(self, at: datetime, status: str | None) -> None:
        if status == "solved":
            self.solved_at = at
        elif status is not None:
            self.solved_at = None

    def _ticket(self) -> Ticket:
        assert self.ticket is not None, "steps run after the creation step"
        return self.ticket


# --- time ------------------------------------------------------------------------------------


class Timeline:
    """Moments in the story: desk time runs in business hours, guests write when awake."""

    def __init__(self, *, now: datetime, calendar: Calendar, rng: Random) -> None:
        self.now = now
        self.calendar = calendar
        self.rng = rng
        self.zone = calendar.zone

    def desk_after(self, moment: datetime, minutes: float) -> datetime:
        """`minutes` of business time after `moment` (the desk works office hours only)."""
        return add_business_minutes(moment, max(1, round(minutes)), self.calendar)

    def desk_before(self, moment: datetime, minutes: float) -> datetime:
        """The moment `minutes` of business time before `moment` (walks back minute by minute;
        the demo only ever asks for a few hours)."""
        left = max(1, round(minutes))
        at = moment.replace(second=0, microsecond=0)
        while left:
            at -= timedelta(minutes=1)
            if is_open_at(at, self.calendar):
                left -= 1
        return at

    def guest_after(
        self, moment: datetime, *, zone: str, minutes: tuple[float, float], office_only: bool
    ) -> datetime:
        """Some minutes after `moment`, moved to a time the guest plausibly writes: office hours
        on weekdays for colleagues, waking hours any day for customers."""
        candidate = moment + timedelta(minutes=self.rng.uniform(*minutes))
        return self.awake(candidate, zone=zone, office_only=office_only)

    def awake(self, moment: datetime, *, zone: str, office_only: bool) -> datetime:
        local = moment.astimezone(ZoneInfo(zone))
        start, end = (time(8, 0), time(18, 0)) if office_only else (time(7, 30), time(22, 30))
        day = local.date()
        if local.time() >= end:
            day += timedelta(days=1)
        elif local.time() >= start and not (office_only and day.weekday() >= 5):
            return moment
        while office_only and day.weekday() >= 5:
            day += timedelta(days=1)
        minutes = self.rng.uniform(0, 90)
        opening = datetime.combine(day, start, tzinfo=ZoneInfo(zone)) + timedelta(minutes=minutes)
        return max(opening, moment)

    def local(self, day: date, clock: str, zone: str | None = None) -> datetime:
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime.combine(
            day, time(hours, minutes), tzinfo=ZoneInfo(zone) if zone else self.zone
        )

    def business_days_back(self, count: int, *, not_after: datetime | None = None) -> list[date]:
        """The last `count` business days whose morning (09:30) has passed, newest first."""
        limit = not_after or self.now
        days: list[date] = []
        day = limit.astimezone(self.zone).date()
        while len(days) < count:
            if (
                is_open_at(self.local(day, "09:30"), self.calendar)
                and self.local(day, "09:30") <= limit
            ):
                days.append(day)
            day -= timedelta(days=1)
        return days


# --- replay ----------------------------------------------------------------------------------


class ReplayClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


@contextmanager
def replay_clock(clock: ReplayClock) -> Iterator[ReplayClock]:
    """Let `timezone.now()` tell the replayed time.

    Precondition: nothing else runs in this process meanwhile (a management command or a
    test): the clock is process-wide. Code that imported `now` itself keeps the real clock,
    which is why the project always calls `timezone.now()`.
    """
    real_now = timezone.now
    timezone.now = clock.now
    try:
        yield clock
    finally:
        timezone.now = real_now


def hooks_muted(*callables: Callable[..., None]) -> AbstractContextManager[None]:
    """Skip these ticket hooks while the block runs (tickets.hooks.muted).

    Used for the email channel's hooks: the history's replies and acknowledgements belong to
    the story and must never be queued as mail.
    """
    return hooks.muted(*callables)


def replay(scripts: Sequence[TicketScript], *, clock: ReplayClock, until: datetime) -> int:
    """Run every step not later than `until`, all scripts interleaved in time order.

    A script is cut at its first step after `until`: the ticket stays where its story has
    got to by now. Creation steps run in time order too, so ticket numbers grow with time.
    Returns the number of steps run.
    """
    queue: list[tuple[datetime, int, int]] = []
    for index, script in enumerate(scripts):
        for position, step in enumerate(script.steps):
            if step.at > until:
                break
            queue.append((step.at, index, position))
    heapq.heapify(queue)
    ran = 0
    while queue:
        at, index, position = heapq.heappop(queue)
        clock.current = at
        scripts[index].steps[position].run()
        ran += 1
    return ran
