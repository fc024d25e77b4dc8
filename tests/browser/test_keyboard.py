"""The workspace by keyboard in a real Chromium: j/k through the inbox, Enter to open, j/k from
ticket to ticket of that list, u back to it, r/n/s in the composer, Ctrl+Enter to send, and
the "?" help. Plus the agent's language menu."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import PASSWORD, make_ticket
from omotenashi.tickets.models import Queue, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _sign_in(page: Any, live_server: Any, next_path: str) -> None:
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={next_path}")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _three_tickets(carol: Guest, queue: Queue) -> list[Ticket]:
    tickets = [
        make_ticket(requester=carol, queue=queue, subject=s) for s in ("First", "Second", "Third")
    ]
    now = timezone.now()
    for i, t in enumerate(tickets):  # newest first: First, Second, Third
        Ticket.objects.filter(pk=t.pk).update(updated_at=now - timedelta(minutes=i))
    return tickets


def test_agent_works_the_list_by_keyboard(
    live_server: Any, page: Any, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    expect = _expect()
    first, second, _third = _three_tickets(carol, it_queue)
    inbox = reverse("tickets:inbox_view", args=["unassigned"])
    _sign_in(page, live_server, inbox)

    # j selects the first row, j again the second; k goes back up.
    page.keyboard.press("j")
    expect(page.locator(f'tr[data-ticket="{first.pk}"] a.subject')).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator(f'tr[data-ticket="{second.pk}"] a.subject')).to_be_focused()

    # Enter opens it; j goes on to the next ticket of the same list, k back.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Second")
    with page.expect_navigation():
        page.keyboard.press("j")
    expect(page.locator("h1")).to_have_text("Third")
    page.keyboard.press("j")  # the end of the list: nothing happens
    expect(page.locator("h1")).to_have_text("Third")
    with page.expect_navigation():
        page.keyboard.press("k")
    expect(page.locator("h1")).to_have_text("Second")

    # s: a reply that solves; typing does not trigger shortcuts; Ctrl+Enter sends.
    page.keyboard.press("s")
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_status")).to_have_value("solved")
    page.keyboard.type("Fixed: the new driver is on your laptop. jkun")
    expect(page.locator("h1")).to_have_text("Second")  # the j, k, u typed stayed text
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    second.refresh_from_db()
    assert second.status == "solved"
    assert second.messages.filter(kind="reply", body_text__endswith="jkun").exists()
    expect(page.locator("#conversation")).to_contain_text("the new driver is on your laptop")

    # After the reply the page keeps its place in the list: j is still Third.
    with page.expect_navigation():
        page.keyboard.press("j")
    expect(page.locator("h1")).to_have_text("Third")

    # n: an internal note; Esc leaves the text box so the keys work again; u: back to the list.
    page.keyboard.press("n")
    expect(page.locator("#composer input[name=kind][value=note]")).to_be_checked()
    expect(page.locator("#id_body")).to_be_focused()
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("u")
    assert page.url == f"{live_server.url}{inbox}"


def test_question_mark_opens_the_shortcut_help_and_esc_closes_it(
    live_server: Any, page: Any, alice: Agent
) -> None:
    expect = _expect()
    _sign_in(page, live_server, reverse("tickets:inbox"))
    dialog = page.locator("#shortcuts-help")
    expect(dialog).to_be_hidden()
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Next / previous ticket")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # The same help from the visible button (for a mouse, or to find out the keys exist).
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    # "/" goes to the search box.
    page.keyboard.press("/")
    expect(page.locator("#global-search")).to_be_focused()


def test_agent_picks_swedish_from_the_menu_and_the_portal_stays_in_the_guests_language(
    live_server: Any, page: Any, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    expect = _expect()
    _sign_in(page, live_server, reverse("tickets:inbox"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("details.account > summary").click()
    page.select_option("#agent-language", "sv")
    with page.expect_navigation():
        page.locator("details.account button[type=submit]").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("nav.side")).to_contain_text("Köer")
    alice.user.refresh_from_db()
    assert alice.user.language == "sv"
    # The portal, in the same browser, is not the workspace: it follows its own picker.
    page.goto(f"{live_server.url}{reverse('channels:portal_new')}")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_live_poll_keeps_the_selected_row(
    live_server: Any, page: Any, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    # The rows are replaced every 10 s; the agent's place (focus) must survive that.
    expect = _expect()
    _first, second, _third = _three_tickets(carol, it_queue)
    inbox = reverse("tickets:inbox_view", args=["unassigned"])
    _sign_in(page, live_server, inbox)
    page.keyboard.press("j")
    page.keyboard.press("j")
    selected = page.locator(f'tr[data-ticket="{second.pk}"] a.subject')
    expect(selected).to_be_focused()

    # Wait for the next poll's swap to settle (htmx event), and check the rows really are new.
    page.evaluate(
        """() => {
            document.querySelector('#inbox-rows tr').dataset.old = "yes";
            window.__settled = new Promise(done => document.body.addEventListener(
                "htmx:afterSettle", () => done(true), {once: true}));
        }"""
    )
    assert page.evaluate("() => window.__settled")
    assert page.locator('#inbox-rows tr[data-old="yes"]').count() == 0
    expect(selected).to_be_focused()
