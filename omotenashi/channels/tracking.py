"""Signed, expiring links to a case's tracking page: no password, reveals only that case."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from omotenashi.lib.errors import NotFound

SALT = "omotenashi.tracking.v1"
# Long enough to follow a case to its end; a fresh link can be asked for on the expired page.
MAX_AGE_SECONDS = 60 * 60 * 24 * 90


def tracking_token(*, ticket_id: int, guest_id: int) -> str:
    return signing.dumps({"t": ticket_id, "g": guest_id}, salt=SALT, compress=True)


def tracking_url(*, ticket_id: int, guest_id: int, absolute: bool = True) -> str:
    path = reverse(
        "channels:track", kwargs={"token": tracking_token(ticket_id=ticket_id, guest_id=guest_id)}
    )
    return f"{settings.SITE_URL}{path}" if absolute else path


class TrackingLinkExpired(NotFound):
    """The signature is good but the link is too old: offer a fresh one."""

    def __init__(self, ticket_id: int):
        super().__init__("This tracking link has expired.")
        self.ticket_id = ticket_id


def tracking_decode(token: str, *, max_age: int | None = None) -> tuple[int, int]:
    """(ticket_id, guest_id) from a token; NotFound when tampered, TrackingLinkExpired when old."""
    max_age = MAX_AGE_SECONDS if max_age is None else max_age
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        try:
            data = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            raise NotFound("This tracking link is not valid.") from None
        raise TrackingLinkExpired(int(data["t"])) from None
    except signing.BadSignature:
        raise NotFound("This tracking link is not valid.") from None
    try:
        return int(data["t"]), int(data["g"])
    except (KeyError, TypeError, ValueError):
        raise NotFound("This tracking link is not valid.") from None
