"""Reads of guests."""

from __future__ import annotations

from django.db.models import QuerySet

from omotenashi.customers.models import Guest, GuestEmail


def guest_by_email(*, email: str) -> Guest | None:
    row = GuestEmail.objects.select_related("guest").filter(address=email.strip().lower()).first()
    return row.guest if row else None


def guest_primary_email(*, guest: Guest) -> str | None:
    emails = list(guest.emails.all())
    for row in emails:
        if row.is_primary:
            return row.address
    return emails[0].address if emails else None


def guest_list(*, query: str = "") -> QuerySet[Guest]:
    qs = Guest.objects.select_related("organisation").prefetch_related("emails")
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(emails__address__icontains=query.lower())
    return qs.distinct().order_by("name", "id")
