"""Reads of guests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from omotenashi.customers.models import AvailabilityKind, Guest, GuestEmail
from omotenashi.lib import rows


def guest_by_email(*, email: str) -> Guest | None:
    row = GuestEmail.objects.select_related("guest").filter(address=email.strip().lower()).first()
    return row.guest if row else None


def guest_primary_email(*, guest: Guest) -> str | None:
    emails = list(guest.emails.all())
    for row in emails:
        if row.is_primary:
            return row.address
    return emails[0].address if emails else None


def guest_primary_address(*, guest_id: int) -> str | None:
    """guest_primary_email for a guest whose addresses are not loaded: one plain statement.

    The primary address, else the first by address (the model's ordering), else None. For
    the answer to every API ticket creation, where the ORM's prefetch cost more CPU to build
    than to run (docs/performance.md).
    """
    primary, address = (
        rows.column(GuestEmail, "is_primary", "e"),
        rows.column(GuestEmail, "address", "e"),
    )
    sql = (
        f"SELECT {address} FROM {rows.table(GuestEmail)} e"  # noqa: S608
        f" WHERE {rows.column(GuestEmail, 'guest', 'e')} = %s"
        f" ORDER BY {primary} DESC, {address} LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [guest_id])
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def guest_list(*, query: str = "") -> QuerySet[Guest]:
    qs = Guest.objects.select_related("organisation").prefetch_related("emails")
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(emails__address__icontains=query.lower())
    return qs.distinct().order_by("name", "id")


# --- availability ------------------------------------------------------------------------------


def guest_local_now(*, guest: Guest, now: datetime | None = None) -> datetime | None:
    """The guest's wall-clock time now, or None when their time zone is unknown/invalid."""
    if not guest.time_zone:
        return None
    try:
        zone = ZoneInfo(guest.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return (now or timezone.now()).astimezone(zone)


def guest_availability(*, guest: Guest, now: datetime | None = None) -> dict[str, object]:
    """Whether the guest is available now, by their weekly windows in their own time zone.

    Away windows (lunch) win over available windows. With no windows at all the answer
    is unknown rather than a guess.
    """
    local = guest_local_now(guest=guest, now=now)
    windows = list(guest.availability.all())
    result: dict[str, object] = {
        "local_time": local,
        "state": "unknown",
        "label": "",
        "until": None,
    }
    if local is None or not windows:
        return result
    today = [w for w in windows if w.weekday == local.weekday()]
    t = local.time()
    for w in today:
        if w.kind == AvailabilityKind.AWAY and w.start <= t < w.end:
            return {**result, "state": "away", "label": w.label, "until": w.end}
    for w in today:
        if w.kind == AvailabilityKind.AVAILABLE and w.start <= t < w.end:
            return {**result, "state": "available", "label": w.label, "until": w.end}
    return {**result, "state": "away", "label": ""}
