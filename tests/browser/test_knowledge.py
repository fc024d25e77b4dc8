"""Help before the question, in a real Chromium: a guest typing in French sees the article
that answers them, says so in one click, and no ticket is made; a guest who already has an
open request about the same thing is offered to add to it; an agent inserts an article
into a reply from the ticket page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.customers.services import portal_login_link_create
from omotenashi.knowledge.index import reset_index
from omotenashi.knowledge.models import ArticleFeedback
from omotenashi.knowledge.tests.conftest import build_kb
from omotenashi.testing.fixtures import PASSWORD, make_ticket
from omotenashi.tickets.models import Queue, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

FRENCH_QUESTION = "J'ai oublié mon mot de passe et je ne peux plus me connecter"


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


@pytest.fixture
def knowledge(admin_agent: Agent, it_queue: Queue) -> Any:
    reset_index()  # the live server shares this process's index
    kb = build_kb(admin_agent)
    yield kb
    reset_index()


def test_french_guest_sees_the_answer_while_typing_and_no_ticket_is_made(
    live_server: Any, phone_page: Any, knowledge: Any, screenshot: Callable[..., Path]
) -> None:
    expect = _expect()
    page = phone_page
    page.goto(f"{live_server.url}{reverse('channels:portal_new')}")
    with page.expect_navigation():
        page.select_option("#lang-pick", "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.fill("#id_message", FRENCH_QUESTION)
    card = page.locator('.kb-card[data-article="password-reset"]')
    expect(card).to_be_visible()
    expect(card.locator(".kb-title")).to_have_text("Réinitialiser un mot de passe oublié")
    # The way to a person stays in sight: the form and its send button are still there.
    expect(page.locator("#new-request button[type=submit]").last).to_be_visible()
    screenshot(page, "knowledge-typing-suggestion-fr-phone")

    card.locator("button.kb-solved").click()
    expect(page.locator("#deflected")).to_be_visible()
    screenshot(page, "knowledge-deflected-fr-phone")

    assert Ticket.objects.count() == 0
    feedback = ArticleFeedback.objects.get()
    assert feedback.is_deflection and feedback.article.slug == "password-reset"
    assert feedback.question == FRENCH_QUESTION and feedback.question_language == "fr"


def test_guest_with_an_open_request_about_the_same_thing_adds_to_it(
    live_server: Any,
    phone_page: Any,
    knowledge: Any,
    carol: Guest,
    it_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    expect = _expect()
    page = phone_page
    open_request = make_ticket(
        requester=carol,
        queue=it_queue,
        subject="Mitt headset knastrar",
        body="Mitt headset knastrar i alla samtal sedan i morse.",
    )
    secret = portal_login_link_create(guest=carol)
    page.goto(f"{live_server.url}{reverse('channels:portal_signin', args=[secret])}")
    page.goto(f"{live_server.url}{reverse('channels:portal_new')}")

    page.fill("#id_message", "Headsetet knastrar fortfarande när jag ringer")
    notice = page.locator("#duplicate-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"#{open_request.number}")
    screenshot(page, "knowledge-duplicate-offer-sv-phone")

    with page.expect_navigation():
        notice.locator("button[name=add_to]").click()
    assert re.search(rf"/portal/requests/{open_request.pk}/$", page.url), page.url
    assert Ticket.objects.count() == 1
    last = open_request.messages.order_by("-id").first()
    assert last is not None and last.body_text == "Headsetet knastrar fortfarande när jag ringer"


def test_agent_inserts_an_article_into_the_reply_in_the_guests_language(
    live_server: Any,
    page: Any,
    knowledge: Any,
    alice: Agent,
    dave: Guest,
    it_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    expect = _expect()
    ticket = make_ticket(
        requester=dave,
        queue=it_queue,
        subject="Wachtwoord vergeten",
        body="Ik ben mijn wachtwoord vergeten en kan niet meer inloggen.",
    )
    path = reverse("tickets:detail", args=[ticket.pk])
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={path}")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    assist = page.locator("#knowledge-assist")
    expect(assist).to_contain_text("Een vergeten wachtwoord herstellen")
    screenshot(page, "knowledge-agent-assist")
    assist.locator("button.kb-insert").first.click()
    expect(page.locator("#id_body")).to_have_value(re.compile("Wachtwoord vergeten"))
