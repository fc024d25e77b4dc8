"""Writes for guests. Keyword-only, atomic; callers pass already-validated shapes."""

from __future__ import annotations

import functools
from email.headerregistry import Address
from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from omotenashi.customers.models import Guest, GuestEmail, Organisation
from omotenashi.lib import rows
from omotenashi.lib.errors import Conflict, ValidationFailed


def normalize_email(address: str) -> str:
    """Lower-cased, stripped address; raises ValidationFailed when it is not an address."""
    _, addr = parseaddr(address.strip())
    addr = (addr or address).strip().lower()
    try:
        validate_email(addr)
    except ValidationError as exc:
        raise ValidationFailed(f"{address!r} is not a valid email address.", field="email") from exc
    return addr


def _name_from_address(address: str) -> str:
    local = address.split("@", 1)[0]
    words = [
        w for w in local.replace("_", ".").replace("-", ".").split(".") if w and not w.isdigit()
    ]
    return " ".join(w.capitalize() for w in words) or address


@transaction.atomic
def guest_create(
    *,
    name: str,
    email: str | None = None,
    preferred_name: str = "",
    language: str = "",
    time_zone: str = "",
    organisation: Organisation | None = None,
) -> Guest:
    address = normalize_email(email) if email else None
    if address and GuestEmail.objects.filter(address=address).exists():
        raise Conflict(f"A guest with the address {address} already exists.", field="email")
    if organisation is None and address:
        organisation = Organisation.objects.filter(domain=address.rsplit("@", 1)[1]).first()
    guest = Guest.objects.create(
        name=(name or "").strip()[:200] or (_name_from_address(address) if address else "Guest"),
        preferred_name=preferred_name.strip()[:120],
        language=language,
        time_zone=time_zone,
        organisation=organisation,
    )
    if address:
        GuestEmail.objects.create(guest=guest, address=address, is_primary=True)
    return guest


@functools.cache
def _guest_query() -> tuple[str, rows.RowReader]:
    reader = rows.RowReader((Guest, "g"))
    sql = (
        f"SELECT {reader.columns} FROM {rows.table(GuestEmail)} e"  # noqa: S608
        f" JOIN {rows.table(Guest)} g ON {rows.column(Guest, 'id', 'g')}"
        f" = {rows.column(GuestEmail, 'guest', 'e')}"
        f" WHERE {rows.column(GuestEmail, 'address', 'e')} = %s"
    )
    return sql, reader


def _guest_by_address(address: str) -> Guest | None:
    """The guest who owns this (normalised) address, in one plain statement.

    Every API, mail and portal ticket starts with this lookup; the ORM spent more CPU
    building it than the database took to answer (docs/performance.md). Addresses are
    unique, so there is at most one row.
    """
    sql, reader = _guest_query()
    found = reader.fetch(sql, [address])
    if not found:
        return None
    (guest,), _ = found[0]
    assert isinstance(guest, Guest)
    return guest


def guest_get_or_create_by_email(
    *, email: str, name: str = "", language: str = ""
) -> tuple[Guest, bool]:
    """The guest who owns `email`, creating one when the sender is unknown.

    Safe under concurrency: two messages from a new sender arriving at once create one
    guest; the loser of the race reads the winner's row.
    """
    address = normalize_email(email)
    existing = _guest_by_address(address)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return guest_create(name=name, email=address, language=language), True
    except (Conflict, IntegrityError):
        return GuestEmail.objects.select_related("guest").get(address=address).guest, False


@transaction.atomic
def guest_add_email(*, guest: Guest, email: str, primary: bool = False) -> GuestEmail:
    address = normalize_email(email)
    owner = GuestEmail.objects.filter(address=address).first()
    if owner is not None:
        if owner.guest_id != guest.pk:
            raise Conflict(f"{address} already belongs to another guest.", field="email")
        return owner
    if primary:
        GuestEmail.objects.filter(guest=guest, is_primary=True).update(is_primary=False)
    return GuestEmail.objects.create(
        guest=guest, address=address, is_primary=primary or not guest.emails.exists()
    )


@transaction.atomic
def guest_update(*, guest: Guest, **fields: object) -> Guest:
    allowed = {
        "name",
        "preferred_name",
        "language",
        "time_zone",
        "interests",
        "notes",
        "organisation",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(f"Unknown guest fields: {', '.join(sorted(unknown))}.")
    for key, value in fields.items():
        setattr(guest, key, value)
    guest.save(update_fields=[*fields.keys(), "updated_at"])
    return guest


def format_address(*, name: str, address: str) -> str:
    """An RFC 5322 address with a display name, encoded safely for headers."""
    local, _, domain = address.partition("@")
    return str(Address(display_name=name, username=local, domain=domain))


# --- portal sign-in by one-time link --------------------------------------------------------

LOGIN_LINK_MINUTES = 30


def _token_hash(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def portal_login_link_create(*, guest: Guest) -> str:
    """A fresh one-time secret for `guest`; valid LOGIN_LINK_MINUTES, usable once."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from omotenashi.customers.models import PortalLoginLink

    secret = secrets.token_urlsafe(32)
    PortalLoginLink.objects.create(
        guest=guest,
        token_hash=_token_hash(secret),
        expires_at=timezone.now() + timedelta(minutes=LOGIN_LINK_MINUTES),
    )
    return secret


@transaction.atomic
def portal_login_link_consume(*, secret: str) -> Guest | None:
    """The guest for a valid, unused, unexpired secret, marking it used; else None."""
    from django.utils import timezone

    from omotenashi.customers.models import PortalLoginLink

    link = (
        PortalLoginLink.objects.select_for_update(of=("self",))
        .select_related("guest")
        .filter(token_hash=_token_hash(secret))
        .first()
    )
    now = timezone.now()
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    link.used_at = now
    link.save(update_fields=["used_at"])
    return link.guest
