"""An agent picks the workspace's language; guests keep following their own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.accounts.services import agent_set_language
from omotenashi.channels.tracking import tracking_url
from omotenashi.customers.models import Guest
from omotenashi.lib.errors import ValidationFailed
from omotenashi.testing.fixtures import PASSWORD, make_ticket
from omotenashi.tickets.models import Queue

pytestmark = pytest.mark.django_db


def _lang(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_agent_picks_japanese_and_the_workspace_speaks_it(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    inbox = reverse("tickets:inbox")
    # Before a choice, the browser's language counts.
    assert _lang(client.get(inbox, HTTP_ACCEPT_LANGUAGE="nl")) == "nl"

    response = client.post(reverse("accounts:language"), {"language": "ja", "next": inbox})
    assert response.status_code == 302 and response["Location"] == inbox
    alice.user.refresh_from_db()
    assert alice.user.language == "ja"

    # Whatever the browser says, on every workspace page.
    for path in (
        inbox,
        reverse("tickets:detail", args=[ticket.pk]),
        reverse("search:page") + "?q=headset",
    ):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
        assert _lang(response) == "ja", path
        assert "本文へスキップ" in response.content.decode(), path
    # The menu shows the choice.
    assert '<option value="ja" lang="ja" selected>' in client.get(inbox).content.decode()

    # "As my browser" clears the choice again.
    client.post(reverse("accounts:language"), {"language": "", "next": inbox})
    alice.user.refresh_from_db()
    assert alice.user.language == ""
    assert _lang(client.get(inbox, HTTP_ACCEPT_LANGUAGE="sv")) == "sv"


def test_guest_pages_keep_the_guests_language_when_an_agent_chose_another(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    agent_set_language(agent=alice, language="ja")
    ticket = make_ticket(requester=carol, queue=it_queue)  # carol reads Swedish
    client.force_login(alice.user)
    track = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    assert _lang(client.get(track, HTTP_ACCEPT_LANGUAGE="en")) == "sv"
    # The portal with no guest known follows the browser, not the agent's workspace choice.
    assert _lang(client.get(reverse("channels:portal_new"), HTTP_ACCEPT_LANGUAGE="fr")) == "fr"


def test_unknown_language_is_refused_and_nothing_changes(client: Client, alice: Agent) -> None:
    client.force_login(alice.user)
    response = client.post(reverse("accounts:language"), {"language": "xx"})
    assert response.status_code == 400
    alice.user.refresh_from_db()
    assert alice.user.language == ""
    with pytest.raises(ValidationFailed):
        agent_set_language(agent=alice, language="klingon")


def test_only_agents_choose_a_workspace_language(client: Client, django_user_model: object) -> None:
    # Anonymous: refused.
    assert client.post(reverse("accounts:language"), {"language": "ja"}).status_code == 403
    # Signed in without an agent profile (a portal user): refused too, nothing saved.
    user = django_user_model.objects.create_user("guestuser", password=PASSWORD)  # type: ignore[attr-defined]
    client.force_login(user)
    assert client.post(reverse("accounts:language"), {"language": "ja"}).status_code == 403
    user.refresh_from_db()
    assert user.language == ""


def test_language_choice_needs_csrf_and_post(alice: Agent) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    assert client.post(reverse("accounts:language"), {"language": "ja"}).status_code == 403
    assert client.get(reverse("accounts:language")).status_code == 405
    alice.user.refresh_from_db()
    assert alice.user.language == ""


def test_next_never_leaves_the_site(client: Client, alice: Agent) -> None:
    client.force_login(alice.user)
    response = client.post(
        reverse("accounts:language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("tickets:inbox")
