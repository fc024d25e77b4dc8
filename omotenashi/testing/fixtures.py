"""Test personas and builders (a pytest plugin, loaded by the root conftest.py).

- alice: agent in the IT team (queue "it"), speaks en + nl
- bob: agent in the Customer Service team (queue "cs"), speaks en + fr + ja
- carol: a guest (carol@example.com), prefers to be called "Carol", Swedish
- mallory: a signed-in user with no agent or guest rights, and an agent in no team
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.test import Client

from omotenashi.accounts.models import Agent, Role, Team
from omotenashi.accounts.services import agent_create, api_token_create, team_create
from omotenashi.customers.models import Guest
from omotenashi.customers.services import guest_create
from omotenashi.tickets.models import Channel, Priority, Queue, Ticket
from omotenashi.tickets.services import ticket_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (the test personas' password)


@pytest.fixture(autouse=True)
def _media_and_mail(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    from omotenashi.tickets import sla
    from omotenashi.tickets.routing import decisions, desk, store

    cache.clear()
    # Per-process caches too: a rolled-back test leaves no signal behind, and SQLite
    # hands the same ids to the next test's rows.
    sla.clear_calendar_cache()
    decisions.clear_settings_cache()
    store.clear_active_cache()
    desk.clear()


@pytest.fixture
def it_team(db: Any) -> Team:
    return team_create(name="IT")


@pytest.fixture
def cs_team(db: Any) -> Team:
    return team_create(name="Customer Service")


@pytest.fixture
def it_queue(it_team: Team) -> Queue:
    return Queue.objects.create(
        name="IT support",
        slug="it",
        team=it_team,
        is_default=True,
        description="Laptops, accounts, VPN, headsets.",
    )


@pytest.fixture
def cs_queue(cs_team: Team) -> Queue:
    return Queue.objects.create(
        name="Customer service", slug="cs", team=cs_team, description="Orders, tickets, refunds."
    )


@pytest.fixture
def alice(it_team: Team, it_queue: Queue) -> Agent:
    return agent_create(
        username="alice",
        display_name="Alice Agent",
        email="alice@desk.example",
        password=PASSWORD,
        teams=[it_team],
        languages={"en": "native", "nl": "fluent"},
    )


@pytest.fixture
def bob(cs_team: Team, cs_queue: Queue) -> Agent:
    return agent_create(
        username="bob",
        display_name="Bob Agent",
        email="bob@desk.example",
        password=PASSWORD,
        teams=[cs_team],
        languages={"en": "fluent", "fr": "native", "ja": "working"},
    )


@pytest.fixture
def admin_agent(db: Any) -> Agent:
    return agent_create(
        username="ada", display_name="Ada Admin", password=PASSWORD, role=Role.ADMIN
    )


@pytest.fixture
def carol(db: Any) -> Guest:
    return guest_create(
        name="Carol Svensson",
        email="carol@example.com",
        preferred_name="Carol",
        language="sv",
        time_zone="Europe/Stockholm",
    )


@pytest.fixture
def dave(db: Any) -> Guest:
    """Another guest, whose tickets carol must never see."""
    return guest_create(name="Dave Dekker", email="dave@example.org", language="nl")


@pytest.fixture
def mallory(db: Any) -> Agent:
    """An agent in no team: sees no queue."""
    return agent_create(username="mallory", display_name="Mallory", password=PASSWORD)


def make_ticket(
    *,
    requester: Guest,
    queue: Queue,
    subject: str = "Headset crackles",
    body: str = "My headset crackles during calls.",
    channel: str = Channel.PORTAL,
    priority: str = Priority.NORMAL,
    tags: Sequence[str] = (),
) -> Ticket:
    return ticket_create(
        requester=requester,
        subject=subject,
        body_text=body,
        channel=channel,
        queue=queue,
        priority=priority,
        tags=tags,
    )


@pytest.fixture
def ticket_builder(db: Any) -> Any:
    return make_ticket


def login(client: Client, agent: Agent) -> Client:
    client.force_login(agent.user)
    return client


def api_client(agent: Agent) -> tuple[Client, dict[str, str]]:
    _, secret = api_token_create(agent=agent, name="test")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
