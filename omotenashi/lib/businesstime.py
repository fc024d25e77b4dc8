"""Business-time arithmetic: add working minutes to an instant, count working minutes.

Framework-free. A calendar is a time zone, weekly opening intervals and closed dates.
All inputs and outputs are aware datetimes; wall-clock intervals are interpreted in the
calendar's zone, so DST changes shift them the way a person at the desk would expect.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Calendar:
    time_zone: str
    # weekday (0 = Monday) -> sorted, non-overlapping (start, end) wall-clock intervals
    hours: Mapping[int, Sequence[tuple[time, time]]]
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_always_open(self) -> bool:
        return False


ROUND_THE_CLOCK = None  # a `None` calendar means 24/7


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("business time needs aware datetimes")


def _intervals(
    calendar: Calendar, start: datetime, max_days: int = 3660
) -> Iterator[tuple[datetime, datetime]]:
    """Open intervals (aware, in the calendar zone) from the day of `start` onwards."""
    zone = calendar.zone
    day = start.astimezone(zone).date()
    if not any(calendar.hours.get(d) for d in range(7)):
        raise ValueError("calendar has no business hours")
    for _ in range(max_days):
        if day not in calendar.closed_dates:
            for begin, end in calendar.hours.get(day.weekday(), ()):
                yield (
                    datetime.combine(day, begin, tzinfo=zone),
                    datetime.combine(day, end, tzinfo=zone),
                )
        day += timedelta(days=1)


def add_business_minutes(start: datetime, minutes: int, calendar: Calendar | None) -> datetime:
    """The instant when `minutes` of business time have passed since `start`."""
    _require_aware(start)
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    if calendar is None:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    for begin, end in _intervals(calendar, start):
        if end <= start:
            continue
        begin = max(begin, start)
        available = end - begin
        if remaining <= available:
            return (begin + remaining).astimezone(start.tzinfo)
        remaining -= available
    raise ValueError("business hours too sparse to reach the target within ten years")


def business_minutes_between(start: datetime, end: datetime, calendar: Calendar | None) -> float:
    """Business minutes in [start, end); 0 when end is not after start."""
    _require_aware(start)
    _require_aware(end)
    if end <= start:
        return 0.0
    if calendar is None:
        return (end - start).total_seconds() / 60
    total = timedelta()
    for begin, stop in _intervals(calendar, start):
        if begin >= end:
            break
        if stop <= start:
            continue
        total += min(stop, end) - max(begin, start)
    return total.total_seconds() / 60


def is_open_at(moment: datetime, calendar: Calendar | None) -> bool:
    _require_aware(moment)
    if calendar is None:
        return True
    local = moment.astimezone(calendar.zone)
    if local.date() in calendar.closed_dates:
        return False
    return any(b <= local.time() < e for b, e in calendar.hours.get(local.weekday(), ()))
