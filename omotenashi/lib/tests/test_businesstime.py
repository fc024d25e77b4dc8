from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from omotenashi.lib.businesstime import (
    Calendar,
    add_business_minutes,
    business_minutes_between,
    is_open_at,
)

AMS = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = {d: [(time(9), time(17))] for d in range(5)}
LUNCH_SPLIT = {d: [(time(9), time(12)), (time(13), time(17))] for d in range(5)}


def cal(hours=WEEKDAYS, closed=()):
    return Calendar(time_zone="Europe/Amsterdam", hours=hours, closed_dates=frozenset(closed))


def at(y, m, d, h, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=AMS)


def test_round_the_clock_when_no_calendar():
    start = at(2026, 11, 20, 16)
    assert add_business_minutes(start, 120, None) == at(2026, 11, 20, 18)


def test_friday_afternoon_rolls_over_the_weekend():
    # Friday 16:00 + 2 business hours = Monday 10:00
    assert add_business_minutes(at(2026, 11, 20, 16), 120, cal()) == at(2026, 11, 23, 10)


def test_before_opening_starts_at_opening():
    assert add_business_minutes(at(2026, 11, 23, 6), 30, cal()) == at(2026, 11, 23, 9, 30)


def test_holiday_is_skipped():
    christmas = cal(closed=[date(2026, 12, 25)])
    # Thursday 24 Dec 16:30 + 60 min: 30 min that day, Friday is a holiday, weekend -> Monday 09:30
    assert add_business_minutes(at(2026, 12, 24, 16, 30), 60, christmas) == at(2026, 12, 28, 9, 30)


def test_split_day_intervals():
    assert add_business_minutes(at(2026, 11, 23, 11, 30), 60, cal(LUNCH_SPLIT)) == at(
        2026, 11, 23, 13, 30
    )


def test_dst_change_keeps_wall_clock_hours():
    # Europe/Amsterdam leaves summer time on Sunday 25 Oct 2026.
    # Friday 16:00 + 120 min = Monday 10:00 local.
    assert add_business_minutes(at(2026, 10, 23, 16), 120, cal()) == at(2026, 10, 26, 10)


def test_minutes_between_counts_only_open_time():
    assert business_minutes_between(at(2026, 11, 20, 16), at(2026, 11, 23, 10), cal()) == 120
    assert business_minutes_between(at(2026, 11, 23, 10), at(2026, 11, 20, 16), cal()) == 0


def test_is_open_at():
    assert is_open_at(at(2026, 11, 23, 10), cal())
    assert not is_open_at(at(2026, 11, 22, 10), cal())  # Sunday
    assert not is_open_at(at(2026, 11, 23, 12, 30), cal(LUNCH_SPLIT))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        add_business_minutes(datetime(2026, 1, 1, 9), 10, cal())


def test_calendar_without_hours_is_refused():
    with pytest.raises(ValueError, match="no business hours"):
        add_business_minutes(at(2026, 11, 23, 9), 10, cal(hours={}))
