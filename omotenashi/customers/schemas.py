"""Shapes of guests in the /api/v1 API (requests validated here, domain rules in services)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, field_validator

from omotenashi.accounts.api import Id, Ref
from omotenashi.lib.errors import ValidationFailed

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")


def _language(value: str) -> str:
    if value and not LANGUAGE_RE.match(value):
        raise ValueError("Use a language code such as 'en', 'nl' or 'pt-BR'.")
    return value


def _time_zone(value: str) -> str:
    if not value:
        return value
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a known time zone (e.g. 'Europe/Stockholm').") from None
    return value


Language = Annotated[str, Field(max_length=8), AfterValidator(_language)]
TimeZone = Annotated[str, Field(max_length=64), AfterValidator(_time_zone)]
Email = Annotated[str, Field(min_length=3, max_length=254)]


NUL_MESSAGE = "Text must not contain NUL characters."


def refuse_nul(**params: str | None) -> None:
    """For query and header values, which schemas do not cover: NUL is refused (see StrictIn)."""
    for name, value in params.items():
        if value is not None and "\x00" in value:
            raise ValidationFailed(NUL_MESSAGE, field=name)


class StrictIn(Schema):
    # A misspelt field is an error, not silently ignored data.
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot store NUL; refused here it is a 422, not a 500 deep in a write.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError(NUL_MESSAGE)
        return value


class GuestIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    email: Email
    preferred_name: str = Field("", max_length=120)
    language: Language = ""
    time_zone: TimeZone = ""


class GuestPatch(StrictIn):
    """Only the fields sent change. null clears organisation_id; other fields take strings."""

    name: str | None = Field(None, min_length=1, max_length=200)
    preferred_name: str | None = Field(None, max_length=120)
    language: Language | None = None
    time_zone: TimeZone | None = None
    interests: str | None = Field(None, max_length=10_000)
    notes: str | None = Field(None, max_length=10_000)
    organisation_id: Id | None = None


class GuestEmailOut(Schema):
    address: str
    is_primary: bool
    verified: bool


class GuestOut(Schema):
    id: int
    name: str
    preferred_name: str
    address_name: str = Field(description="The name to greet the guest with.")
    email: str | None = Field(description="The primary address.")
    organisation: Ref | None
    language: str
    time_zone: str


class AvailabilityOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday, in the guest's time zone")
    start: time
    end: time
    kind: str
    label: str


class EntitlementOut(Schema):
    product: str
    plan: str
    serial: str
    warranty_end: date | None
    notes: str


class GuestTicketOut(Schema):
    """A ticket on a guest's profile (only tickets in the calling agent's queues)."""

    id: int
    number: int
    subject: str
    status: str
    priority: str
    queue: Ref = Field(description="{id, name} of the queue")
    created_at: datetime
    updated_at: datetime


class GuestProfileOut(GuestOut):
    emails: list[GuestEmailOut]
    interests: str
    notes: str = Field(description="Internal notes, never shown to the guest.")
    availability: list[AvailabilityOut]
    entitlements: list[EntitlementOut]
    recent_tickets: list[GuestTicketOut]
    created_at: datetime
    updated_at: datetime


class GuestPage(Schema):
    items: list[GuestOut]
    next_cursor: str | None
