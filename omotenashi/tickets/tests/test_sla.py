from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets import sla
from omotenashi.tickets.models import (
    BusinessCalendar,
    BusinessHours,
    Holiday,
    Priority,
    SlaPolicy,
    Status,
)
from omotenashi.tickets.services import ticket_change_priority, ticket_change_status, ticket_reply

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def office(it_queue):
    calendar = BusinessCalendar.objects.create(
        name="Office", time_zone="Europe/Amsterdam", holiday_country="NL"
    )
    for day in range(5):
        BusinessHours.objects.create(calendar=calendar, weekday=day, start=time(9), end=time(17))
    it_queue.calendar = calendar
    it_queue.save()
    SlaPolicy.objects.create(
        name="Normal", priority=Priority.NORMAL, first_response_minutes=60, resolution_minutes=480
    )
    SlaPolicy.objects.create(
        name="Urgent IT",
        queue=it_queue,
        priority=Priority.URGENT,
        first_response_minutes=15,
        resolution_minutes=120,
    )
    return calendar


def test_policy_due_times_follow_business_hours(office, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    friday_4pm = datetime(2026, 11, 20, 16, tzinfo=AMS)
    ticket.created_at = friday_4pm
    sla.apply_policy(ticket, now=friday_4pm)
    assert ticket.sla_policy.name == "Normal"
    assert ticket.first_response_due_at == datetime(2026, 11, 20, 17, tzinfo=AMS)
    # 480 business minutes: 60 on Friday, 420 from Monday 09:00 -> Monday 16:00
    assert ticket.resolution_due_at == datetime(2026, 11, 23, 16, tzinfo=AMS)


def test_queue_specific_policy_wins_and_priority_change_retargets(office, carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket = ticket_change_priority(ticket=ticket, priority=Priority.URGENT, by=alice)
    assert ticket.sla_policy.name == "Urgent IT"


def test_breach_and_at_risk_flags(office, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket.sla_policy = SlaPolicy.objects.get(name="Normal")
    ticket.created_at = timezone.now() - timedelta(hours=1)
    ticket.first_response_due_at = timezone.now() + timedelta(minutes=5)  # 92% used
    ticket.resolution_due_at = timezone.now() + timedelta(hours=5)
    sla.refresh_flags(ticket)
    assert ticket.sla_at_risk and not ticket.sla_breached
    ticket.first_response_due_at = timezone.now() - timedelta(minutes=1)
    sla.refresh_flags(ticket)
    assert ticket.sla_breached


def test_first_reply_stops_the_first_response_clock(office, carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_reply(ticket=ticket, agent=alice, body_text="On it")
    ticket.refresh_from_db()
    ticket.first_response_due_at = timezone.now() - timedelta(
        minutes=1
    )  # would be late now, but answered in time
    ticket.first_responded_at = ticket.first_response_due_at - timedelta(minutes=1)
    sla.refresh_flags(ticket)
    assert not ticket.sla_breached


def test_pending_pauses_the_resolution_clock(office, carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket.sla_policy = SlaPolicy.objects.get(name="Normal")
    ticket.save()
    ticket = ticket_change_status(ticket=ticket, status=Status.PENDING, by=alice)
    assert ticket.sla_paused_at is not None
    due_before = ticket.resolution_due_at
    ticket.sla_paused_at = ticket.sla_paused_at - timedelta(
        days=3
    )  # the guest took three days to answer
    ticket.save()
    ticket = ticket_change_status(ticket=ticket, status=Status.OPEN, by=alice)
    assert ticket.sla_paused_at is None
    assert ticket.resolution_due_at > due_before


def test_no_policy_means_no_targets(carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    assert ticket.sla_policy is None and ticket.resolution_due_at is None and not ticket.sla_at_risk


# --- the per-process calendar cache ------------------------------------------------------------


def _due_after_friday_4pm(ticket_queue, carol):
    """First-response due time (60 business minutes) of a ticket made on a Friday at 16:00."""
    ticket = make_ticket(requester=carol, queue=ticket_queue)
    friday_4pm = datetime(2026, 11, 20, 16, tzinfo=AMS)
    ticket.created_at = friday_4pm
    sla.apply_policy(ticket, now=friday_4pm)
    return ticket.first_response_due_at


def test_a_calendar_change_reaches_the_next_ticket_at_once(office, carol, it_queue):
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 20, 17, tzinfo=AMS)
    friday = BusinessHours.objects.get(calendar=office, weekday=4)
    friday.end = time(16, 30)
    friday.save()
    # 30 minutes on Friday, the other 30 from Monday 09:00.
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 23, 9, 30, tzinfo=AMS)
    Holiday.objects.create(calendar=office, date=datetime(2026, 11, 23).date(), name="Closed")
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 24, 9, 30, tzinfo=AMS)
    Holiday.objects.filter(calendar=office).delete()  # a bulk delete sends no signal ...
    friday.delete()  # ... but this does, and drops the cache with it
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 23, 10, tzinfo=AMS)


def test_changes_that_bypass_the_models_are_seen_when_the_cache_expires(
    office, carol, it_queue, monkeypatch
):
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 20, 17, tzinfo=AMS)
    BusinessHours.objects.filter(calendar=office, weekday=4).update(end=time(16, 30))
    # Within the cache's lifetime the built calendar is still used ...
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 20, 17, tzinfo=AMS)
    # ... and once it has expired the next ticket reads the calendar again.
    monkeypatch.setattr(sla, "CALENDAR_TTL", 0.0)
    sla.clear_calendar_cache()
    assert _due_after_friday_4pm(it_queue, carol) == datetime(2026, 11, 23, 9, 30, tzinfo=AMS)


def test_a_calendar_read_during_a_change_is_not_kept(
    office, monkeypatch, django_assert_num_queries
):
    """A change committed while another thread was building the calendar from the old rows
    must not leave those rows cached."""
    built = sla.calendar_spec

    def build_while_someone_changes_it(*args, **kwargs):
        spec = built(*args, **kwargs)
        sla.clear_calendar_cache()  # what the other thread's change does
        return spec

    monkeypatch.setattr(sla, "calendar_spec", build_while_someone_changes_it)
    sla.business_calendar(office.pk)
    monkeypatch.setattr(sla, "calendar_spec", built)
    with django_assert_num_queries(3):  # read again: the calendar, its hours, its holidays
        sla.business_calendar(office.pk)
    with django_assert_num_queries(0):  # and kept this time
        sla.business_calendar(office.pk)
