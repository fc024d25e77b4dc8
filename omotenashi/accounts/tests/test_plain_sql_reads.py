"""The hot path's plain-SQL reads give exactly the objects the ORM gives (omotenashi.lib.rows).

Token authentication and the guest lookup by address are written in SQL for speed
(docs/performance.md); these tests hold them to the ORM's answer field by field, types
included (aware datetimes and real booleans on SQLite too).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import models
from django.utils import timezone

from omotenashi.accounts.models import ApiToken
from omotenashi.accounts.services import _token_with_agent, api_token_create
from omotenashi.customers.models import GuestEmail
from omotenashi.customers.services import _guest_by_address

pytestmark = pytest.mark.django_db


def _same(made: models.Model, expected: models.Model) -> None:
    assert type(made) is type(expected)
    assert made._state.adding is False and made._state.db == expected._state.db
    for field in type(expected)._meta.concrete_fields:
        got, want = getattr(made, field.attname), getattr(expected, field.attname)
        assert got == want, field.name
        assert type(got) is type(want), field.name


def test_the_token_lookup_reads_what_the_orm_reads(alice):
    token, secret = api_token_create(
        agent=alice, name="ci", expires_at=timezone.now() + timedelta(days=3)
    )
    read = _token_with_agent(prefix=secret.split("_")[1])
    assert read is not None
    orm = ApiToken.objects.select_related("agent", "agent__user").get(pk=token.pk)
    _same(read, orm)
    _same(read.agent, orm.agent)
    _same(read.agent.user, orm.agent.user)
    assert timezone.is_aware(read.expires_at) and read.agent.user.is_active is True


def test_the_token_lookup_finds_nothing_for_an_unknown_prefix(alice):
    api_token_create(agent=alice, name="ci")
    assert _token_with_agent(prefix="ffffffff") is None


def test_the_guest_lookup_reads_what_the_orm_reads(carol):
    address = carol.emails.get().address
    read = _guest_by_address(address)
    assert read is not None
    _same(read, GuestEmail.objects.select_related("guest").get(address=address).guest)
    assert _guest_by_address("nobody@example.org") is None


def test_the_primary_address_is_the_one_the_prefetch_gives(carol):
    from omotenashi.customers.selectors import guest_primary_address, guest_primary_email
    from omotenashi.customers.services import guest_add_email, guest_create

    guest_add_email(guest=carol, email="aaa.carol@example.com")
    assert guest_primary_address(guest_id=carol.pk) == guest_primary_email(guest=carol)
    assert guest_primary_address(guest_id=carol.pk) != "aaa.carol@example.com"
    guest_add_email(guest=carol, email="aaa.carol.new@example.com", primary=True)
    assert guest_primary_address(guest_id=carol.pk) == "aaa.carol.new@example.com"
    assert guest_primary_address(guest_id=guest_create(name="No mail").pk) is None
