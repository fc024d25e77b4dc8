"""/api/v1/me and the create_api_token command that issues the tokens it needs."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from omotenashi.accounts.models import ApiToken
from omotenashi.testing.fixtures import api_client

pytestmark = pytest.mark.django_db


def test_me_describes_the_calling_agent(alice):
    client, headers = api_client(alice)
    data = client.get("/api/v1/me", **headers).json()
    assert (data["id"], data["username"], data["display_name"], data["role"]) == (
        alice.pk,
        "alice",
        "Alice Agent",
        "agent",
    )
    assert [t["name"] for t in data["teams"]] == ["IT"]
    assert data["languages"] == [
        {"language": "en", "level": "native"},
        {"language": "nl", "level": "fluent"},
    ]


def test_me_without_a_token_is_401():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_mallory_sees_only_herself(mallory):
    client, headers = api_client(mallory)
    data = client.get("/api/v1/me", **headers).json()
    assert (data["username"], data["teams"]) == ("mallory", [])


def _create_token(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_create_api_token_prints_a_working_secret_once(alice):
    secret, note = _create_token("alice", "--name", "monitoring")
    assert secret.startswith("omo_") and "\n" not in secret
    assert "not shown again" in note
    token = ApiToken.objects.get(agent=alice)
    assert token.name == "monitoring" and token.expires_at is None
    assert secret not in token.key_hash  # only a hash is stored
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["username"] == "alice"


def test_create_api_token_with_expiry(alice):
    _create_token("alice", "--name", "trial", "--expires-in-days", "7")
    expires = ApiToken.objects.get(agent=alice).expires_at
    assert timezone.now() + timedelta(days=6) < expires <= timezone.now() + timedelta(days=7)


@pytest.mark.parametrize(
    "args",
    [
        ("nobody", "--name", "x"),
        ("alice", "--name", "  "),
        ("alice", "--name", "x", "--expires-in-days", "0"),
    ],
)
def test_create_api_token_refusals(alice, args):
    with pytest.raises(CommandError):
        _create_token(*args)
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_a_guest_user(carol):
    from omotenashi.accounts.models import User

    User.objects.create_user(username="carol")
    with pytest.raises(CommandError, match="No agent"):
        _create_token("carol", "--name", "x")


@pytest.mark.parametrize("by_secret", [False, True])
def test_revoke_api_token_stops_it_at_once(alice, by_secret):
    secret, _ = _create_token("alice", "--name", "leaked")
    prefix = secret.split("_")[1]
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    call_command("revoke_api_token", secret if by_secret else prefix, stderr=StringIO())
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    call_command("revoke_api_token", prefix, stderr=StringIO())  # twice is harmless
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "ffffffff", stderr=StringIO())
