from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from omotenashi.customers.models import AvailabilityKind, Organisation
from omotenashi.customers.selectors import guest_availability
from omotenashi.customers.services import (
    guest_add_email,
    guest_create,
    guest_get_or_create_by_email,
    normalize_email,
)
from omotenashi.lib.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


def test_unknown_sender_becomes_a_guest_once():
    guest, created = guest_get_or_create_by_email(
        email="Kenji Sato <Kenji.Sato@Example.JP>", name="佐藤 健二"
    )
    again, created_again = guest_get_or_create_by_email(email="kenji.sato@example.jp")
    assert created and not created_again and guest == again
    assert guest.name == "佐藤 健二" and guest.emails.get().address == "kenji.sato@example.jp"


def test_name_is_derived_from_the_address_when_missing():
    guest, _ = guest_get_or_create_by_email(email="anna-lena.berg@example.se")
    assert guest.name == "Anna Lena Berg"


def test_sender_domain_joins_its_organisation():
    org = Organisation.objects.create(name="Acme", domain="acme.example")
    guest = guest_create(name="Wile", email="wile@acme.example")
    assert guest.organisation == org


def test_invalid_address_is_refused():
    with pytest.raises(ValidationFailed):
        normalize_email("not an address")


def test_an_address_belongs_to_one_guest(carol, dave):
    with pytest.raises(Conflict):
        guest_add_email(guest=dave, email="CAROL@example.com")
    extra = guest_add_email(guest=carol, email="carol.work@example.com")
    assert not extra.is_primary and carol.emails.count() == 2


def test_availability_away_for_lunch_in_the_guests_time_zone(carol):
    for day in range(5):
        carol.availability.create(weekday=day, start=time(8), end=time(17))
        carol.availability.create(
            weekday=day, start=time(12), end=time(13), kind=AvailabilityKind.AWAY, label="lunch"
        )
    stockholm = ZoneInfo("Europe/Stockholm")
    lunch = guest_availability(guest=carol, now=datetime(2026, 11, 23, 12, 15, tzinfo=stockholm))
    assert lunch["state"] == "away" and lunch["label"] == "lunch" and lunch["until"] == time(13)
    working = guest_availability(guest=carol, now=datetime(2026, 11, 23, 10, 0, tzinfo=stockholm))
    assert working["state"] == "available"
    evening = guest_availability(guest=carol, now=datetime(2026, 11, 23, 20, 0, tzinfo=stockholm))
    assert evening["state"] == "away"


def test_availability_unknown_without_windows_or_zone(dave):
    assert guest_availability(guest=dave)["state"] == "unknown"
