"""End-to-end flows in a real Chromium against live_server: a guest writes in Swedish through
the portal, an agent sees it arrive in the inbox without reloading, answers with a Swedish
macro, and the guest's tracking page shows the answer without reloading. Plus the refusals:
a tampered tracking link, another guest's request, another team's ticket.

Live-server tests share the database between this thread and the server's thread, so they
run with `transactional_db` on a file-backed SQLite (OMOTENASHI_TEST_SQLITE, see the Makefile).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.channels.models import OutboundEmail, OutboundKind
from omotenashi.channels.tracking import tracking_url
from omotenashi.customers.models import Guest
from omotenashi.customers.services import portal_login_link_create
from omotenashi.testing.fixtures import PASSWORD, make_ticket
from omotenashi.tickets.models import Macro, MacroTranslation, Queue, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# htmx polls the inbox rows and the tracking page every 10 s; one full period plus the
# request itself and some slack for a loaded CI machine, still bounded.
POLL_WAIT_MS = 18_000

SWEDISH_MESSAGE = (
    "Hej! Jag kommer inte åt VPN:et från min bärbara dator sedan i morse. "
    "Lösenordet fungerar i webbmejlen men inte i VPN-klienten. Kan ni hjälpa mig?"
)
MACRO_SV = (
    "Hej {guest.preferred_name}! Vi har återställt ditt VPN-konto (ärende {ticket.number}). "
    "Hälsningar, {agent.name}"
)
MACRO_EN = (
    "Hello {guest.preferred_name}, we have reset your VPN account (case {ticket.number}). "
    "Regards, {agent.name}"
)


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _agent_login(page: Any, live_server: Any, *, username: str, next_path: str) -> None:
    """Signs in through the real login form and waits until `next_path` has loaded."""
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{live_server.url}{next_path}", page.url


def _mark_document(page: Any) -> None:
    # A property on window survives htmx swaps but not a reload: if it is still there after
    # the new content appeared, the content came from the poll, not from a navigation.
    page.evaluate("() => { window.__omotenashiNoReload = true; }")


def _assert_not_reloaded(page: Any) -> None:
    assert page.evaluate("() => window.__omotenashiNoReload === true"), "the page was reloaded"


def _vpn_macro() -> Macro:
    macro = Macro.objects.create(name="VPN reset")
    MacroTranslation.objects.create(macro=macro, language="sv", body=MACRO_SV)
    MacroTranslation.objects.create(macro=macro, language="en", body=MACRO_EN)
    return macro


def test_swedish_guest_request_reaches_agent_and_reply_reaches_guest_live(
    live_server: Any,
    page: Any,
    phone_page: Any,
    alice: Agent,
    it_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    expect = _expect()
    _vpn_macro()
    agent, guest = page, phone_page

    # The agent has the unassigned view open before the guest writes.
    inbox_path = reverse("tickets:inbox_view", kwargs={"view": "unassigned"})
    _agent_login(agent, live_server, username="alice", next_path=inbox_path)
    expect(agent.locator("#inbox-rows")).to_contain_text("Nothing here")
    _mark_document(agent)

    # 1. The guest picks Swedish in the header (a real POST to set_language) and writes.
    guest.goto(f"{live_server.url}{reverse('channels:portal_new')}")
    with guest.expect_navigation():
        guest.select_option("#lang-pick", "sv")
    expect(guest.locator("html")).to_have_attribute("lang", "sv")
    expect(guest.locator("label[for=id_message]")).to_have_text("Hur kan vi hjälpa dig?")
    expect(guest.locator("label[for=id_email]")).to_have_text("Din e-postadress")
    screenshot(guest, "portal-new-request-sv-phone")
    guest.fill("#id_message", SWEDISH_MESSAGE)
    guest.fill("#id_subject", "VPN fungerar inte")
    guest.fill("#id_name", "Sven Svensson")
    guest.fill("#id_email", "sven@example.se")
    with guest.expect_navigation():
        guest.click("form.card button[type=submit]")

    assert re.search(r"/portal/track/[^/]+/\?new=1$", guest.url), guest.url
    ticket = Ticket.objects.select_related("requester", "queue").get(
        requester__emails__address="sven@example.se"
    )
    assert ticket.requester.language == "sv"
    assert ticket.queue_id == it_queue.pk
    confirmation = guest.locator(".flash[role=status]")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_contain_text(str(ticket.number))
    expect(guest.locator("h1")).to_contain_text("VPN fungerar inte")
    expect(guest.locator("#live .conversation")).to_contain_text("Jag kommer inte åt VPN:et")
    screenshot(guest, "tracking-new-sv-phone")
    # The acknowledgement is queued for the address the guest typed, in Swedish.
    ack = OutboundEmail.objects.get(ticket=ticket, kind=OutboundKind.ACKNOWLEDGEMENT)
    assert ack.recipient == "sven@example.se"
    assert ack.language == "sv"
    # ...and the server thread really sent it (locmem; `to` may carry the display name).
    assert any("sven@example.se" in address for m in mail.outbox for address in m.to)

    # 2. The new ticket appears in the agent's open inbox through the htmx poll.
    row = agent.locator(f'#inbox-rows tr[data-ticket="{ticket.pk}"]')
    expect(row).to_be_visible(timeout=POLL_WAIT_MS)
    expect(row).to_contain_text("VPN fungerar inte")
    _assert_not_reloaded(agent)
    screenshot(agent, "inbox-unassigned-desktop")

    with agent.expect_navigation():
        row.locator("a.subject").click()
    # The ticket page remembers the list it was opened from (next / previous ticket).
    opened = f"{live_server.url}{reverse('tickets:detail', args=[ticket.pk])}?list=unassigned&at="
    assert agent.url.startswith(opened), agent.url
    expect(agent.locator("#conversation")).to_contain_text("Jag kommer inte åt VPN:et")

    agent.select_option("#macro-pick", label="VPN reset")
    body = agent.locator("#id_body")
    expect(body).to_have_value(re.compile(r"^Hej Sven!.*Vi har återställt ditt VPN-konto"))
    expect(body).to_have_value(re.compile(rf"ärende {ticket.number}\).*Alice Agent"))
    expect(agent.locator("#compose-h")).to_contain_text("sv")
    screenshot(agent, "ticket-macro-sv-desktop")
    with agent.expect_navigation():
        agent.click("#composer button[type=submit]")
    assert agent.url.startswith(opened), agent.url
    expect(agent.locator("#conversation")).to_contain_text("Vi har återställt ditt VPN-konto")
    assert ticket.messages.filter(kind="reply", body_text__contains="Vi har återställt").exists()

    # 3. The guest's tracking page, still open, shows the reply through its own poll.
    _mark_document(guest)
    expect(guest.locator("#live")).to_contain_text(
        "Vi har återställt ditt VPN-konto", timeout=POLL_WAIT_MS
    )
    expect(guest.locator("#live")).to_contain_text("Alice Agent")
    _assert_not_reloaded(guest)
    screenshot(guest, "tracking-replied-sv-phone")


def test_agent_of_another_team_does_not_see_the_new_portal_ticket_arrive(
    live_server: Any,
    page: Any,
    alice: Agent,
    bob: Agent,
    it_queue: Queue,
    carol: Guest,
) -> None:
    # The permission-failure sibling of the live inbox: bob (Customer Service) keeps an
    # empty unassigned view while an IT ticket arrives, through one full poll and more.
    expect = _expect()
    inbox_path = reverse("tickets:inbox_view", kwargs={"view": "unassigned"})
    _agent_login(page, live_server, username="bob", next_path=inbox_path)
    _mark_document(page)
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Laptop will not start")

    def is_poll(response: Any) -> bool:
        return inbox_path in response.url and response.request.headers.get("hx-request") == "true"

    # Wait for one htmx poll that started after the ticket exists.
    with page.expect_response(is_poll, timeout=POLL_WAIT_MS):
        pass
    _assert_not_reloaded(page)
    expect(page.locator("#inbox-rows")).to_contain_text("Nothing here")
    assert page.locator(f'#inbox-rows tr[data-ticket="{ticket.pk}"]').count() == 0


def _tamper(token: str) -> str:
    # Flip one character in the middle of the payload: still well-formed, wrongly signed.
    middle = len(token) // 3
    flipped = "A" if token[middle] != "A" else "B"
    return token[:middle] + flipped + token[middle + 1 :]


def test_tampered_tracking_link_shows_the_kind_page(
    live_server: Any,
    phone_page: Any,
    carol: Guest,
    it_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    expect = _expect()
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Headset crackles")
    good = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    token = good.rstrip("/").rsplit("/", 1)[1]

    # The genuine link opens the case (so the refusal below is about the tampering).
    response = phone_page.goto(f"{live_server.url}{good}")
    assert response is not None and response.status == 200
    expect(phone_page.locator("h1")).to_contain_text("Headset crackles")

    bad = good.replace(token, _tamper(token))
    assert bad != good
    response = phone_page.goto(f"{live_server.url}{bad}")
    assert response is not None and response.status == 404
    expect(phone_page.locator("h1")).to_have_text("We could not open this link")
    expect(phone_page.locator("main")).not_to_contain_text("Headset crackles")
    email = phone_page.locator("main form input[name=email]")
    expect(email).to_be_visible()
    expect(phone_page.get_by_role("button", name="Email me a fresh link")).to_be_visible()
    screenshot(phone_page, "tracking-tampered-phone")

    # The offered fresh link really is one: asking for it mails a sign-in link to the guest.
    email.fill("carol@example.com")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Email me a fresh link").click()
    assert phone_page.url.endswith(reverse("channels:portal_signin_request"))
    signin_mails = [
        m for m in mail.outbox if m.to == ["carol@example.com"] and "/portal/sign-in/" in m.body
    ]
    assert len(signin_mails) == 1


def test_signed_in_guest_cannot_open_another_guests_request(
    live_server: Any,
    phone_page: Any,
    carol: Guest,
    dave: Guest,
    it_queue: Queue,
) -> None:
    expect = _expect()
    own = make_ticket(requester=carol, queue=it_queue, subject="Carol's headset")
    other = make_ticket(requester=dave, queue=it_queue, subject="Dave's private VPN trouble")
    secret = portal_login_link_create(guest=carol)

    with phone_page.expect_navigation():
        phone_page.goto(f"{live_server.url}{reverse('channels:portal_signin', args=[secret])}")
    assert phone_page.url == f"{live_server.url}{reverse('channels:portal_home')}"

    response = phone_page.goto(live_server.url + reverse("channels:portal_request", args=[own.pk]))
    assert response is not None and response.status == 200
    expect(phone_page.locator("main")).to_contain_text("Carol's headset")

    others = reverse("channels:portal_request", args=[other.pk])
    response = phone_page.goto(f"{live_server.url}{others}")
    assert response is not None and response.status == 404
    assert "Dave" not in phone_page.content()
    assert "private VPN" not in phone_page.content()


def test_agent_of_another_team_gets_404_on_the_ticket_page(
    live_server: Any,
    page: Any,
    alice: Agent,
    bob: Agent,
    carol: Guest,
    it_queue: Queue,
) -> None:
    expect = _expect()
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Secret IT matter")
    detail = reverse("tickets:detail", args=[ticket.pk])

    _agent_login(page, live_server, username="bob", next_path=reverse("tickets:inbox"))
    response = page.goto(f"{live_server.url}{detail}")
    assert response is not None and response.status == 404
    assert "Secret IT matter" not in page.content()

    # The sibling: alice, in the ticket's team, opens the same URL.
    page.context.clear_cookies()
    _agent_login(page, live_server, username="alice", next_path=detail)
    expect(page.locator("h1")).to_contain_text("Secret IT matter")


def _no_horizontal_scroll(page: Any) -> bool:
    script = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    return bool(page.evaluate(script))


def test_main_pages_at_desktop_and_phone_widths(
    live_server: Any,
    page: Any,
    phone_page: Any,
    alice: Agent,
    carol: Guest,
    it_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    """Screenshots for people to look at (artifacts/screenshots/), plus the one check a
    machine can make about them: no page scrolls sideways at either width."""
    expect = _expect()
    _vpn_macro()
    ticket = make_ticket(
        requester=carol,
        queue=it_queue,
        subject="Headset crackles during calls",
        body="Hej, mitt headset knastrar under samtal. Vad kan jag göra?",
    )
    track = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    inbox_path = reverse("tickets:inbox_view", kwargs={"view": "unassigned"})
    detail = reverse("tickets:detail", args=[ticket.pk])

    for size, tab in (("desktop", page), ("phone", phone_page)):
        tab.goto(f"{live_server.url}{reverse('accounts:login')}")
        expect(tab.locator("#id_username")).to_be_visible()
        screenshot(tab, f"login-{size}")
        assert _no_horizontal_scroll(tab), f"login scrolls sideways at {size} width"

        _agent_login(tab, live_server, username="alice", next_path=inbox_path)
        expect(tab.locator(f'#inbox-rows tr[data-ticket="{ticket.pk}"]')).to_be_visible()
        screenshot(tab, f"inbox-{size}")

        tab.goto(f"{live_server.url}{detail}")
        expect(tab.locator("#id_body")).to_be_visible()
        screenshot(tab, f"ticket-{size}")

        tab.goto(f"{live_server.url}{reverse('channels:portal_new')}")
        expect(tab.locator("#id_message")).to_be_visible()
        screenshot(tab, f"portal-new-request-{size}")
        assert _no_horizontal_scroll(tab), f"the portal form scrolls sideways at {size} width"

        tab.goto(f"{live_server.url}{track}")
        expect(tab.locator("#live .timeline")).to_be_visible()
        screenshot(tab, f"tracking-{size}")
        assert _no_horizontal_scroll(tab), f"the tracking page scrolls sideways at {size} width"
