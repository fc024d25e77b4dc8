"""Accessibility of the main pages in a real Chromium: axe-core (WCAG 2.x A and AA, plus its
best practices: labels, landmarks, headings, names, ARIA, colour contrast as rendered) on
every main page at desktop and phone widths, and the keyboard path through the pages (Tab
order follows the reading order, every stop is on screen and shows where focus is, the
skip link leads to the content).

The pages and their data come from omotenashi/testing/pages.py, the same set the HTML
validity test checks.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.customers.services import portal_login_link_create
from omotenashi.testing.a11y import axe_violations, describe, tab_walk
from omotenashi.testing.fixtures import PASSWORD
from omotenashi.testing.pages import MainPage, Scene, build_scene, main_pages
from omotenashi.tickets.models import Queue

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def scene(alice: Agent, carol: Guest, it_queue: Queue) -> Scene:
    return build_scene(alice=alice, carol=carol, it_queue=it_queue)


def _use_language(tab: Any, live_server: Any, scene: Scene, language: str) -> None:
    """Guests' pages follow the language cookie (and the guest's own), agents' their preference."""
    tab.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    scene.guest.language = language
    scene.guest.save(update_fields=["language"])
    scene.agent.user.language = language
    scene.agent.user.save(update_fields=["language"])


def _sign_in_agent(tab: Any, live_server: Any) -> None:
    tab.goto(f"{live_server.url}{reverse('accounts:login')}")
    tab.fill("#id_username", "alice")
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.click("main form button[type=submit]")


def _sign_in_guest(tab: Any, live_server: Any, scene: Scene) -> None:
    secret = portal_login_link_create(guest=scene.guest)
    tab.goto(f"{live_server.url}{reverse('channels:portal_signin', args=[secret])}")


def _visit_all(tab: Any, live_server: Any, scene: Scene, check: Any) -> None:
    """Visit every main page as its viewer (anonymous pages first, then signed in); `check` each."""
    pages = main_pages(scene)
    order: list[MainPage] = [p for p in pages if p.viewer == "anyone"]
    order += [p for p in pages if p.viewer == "agent"] + [p for p in pages if p.viewer == "guest"]
    signed_in_agent = signed_in_guest = False
    for main_page in order:
        if main_page.viewer == "agent" and not signed_in_agent:
            _sign_in_agent(tab, live_server)
            signed_in_agent = True
        if main_page.viewer == "guest" and not signed_in_guest:
            _sign_in_guest(tab, live_server, scene)
            signed_in_guest = True
        response = tab.goto(f"{live_server.url}{main_page.path}")
        assert response is not None and response.status == main_page.status, main_page.name
        tab.wait_for_load_state("load")
        check(main_page)


@pytest.mark.parametrize(
    ("width", "language"), [("desktop", "en"), ("phone", "en"), ("desktop", "ja"), ("phone", "sv")]
)
def test_main_pages_pass_axe(
    live_server: Any,
    page: Any,
    phone_page: Any,
    scene: Scene,
    width: str,
    language: str,
) -> None:
    tab = page if width == "desktop" else phone_page
    _use_language(tab, live_server, scene, language)
    found: dict[str, str] = {}

    def check(main_page: MainPage) -> None:
        assert tab.locator("html").get_attribute("lang") == language, main_page.name
        violations = axe_violations(tab)
        if violations:
            found[main_page.name] = describe(violations)

    _visit_all(tab, live_server, scene, check)
    assert not found, f"axe-core violations ({width}, {language}):\n" + "\n".join(
        f"{name}:\n{text}" for name, text in found.items()
    )


def test_axe_finds_violations(live_server: Any, page: Any) -> None:
    # The check above can fail: the same run flags a page with unlabelled fields and pale text.
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.evaluate("""() => {
        document.querySelector('label[for=id_username]').remove();
        document.querySelector('main p.muted').style.color = '#bbbbbb';
    }""")
    ids = {v["id"] for v in axe_violations(page)}
    assert "label" in ids
    assert "color-contrast" in ids


KEYBOARD_PAGES = [
    "login",
    "inbox-mine",
    "ticket",
    "search",
    "portal-new-request",
    "tracking",
    "portal-conversation",
]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_keyboard_path_follows_the_page(
    live_server: Any,
    page: Any,
    phone_page: Any,
    scene: Scene,
    width: str,
) -> None:
    tab = page if width == "desktop" else phone_page
    problems: list[str] = []

    def check(main_page: MainPage) -> None:
        if main_page.name not in KEYBOARD_PAGES:
            return
        stops = tab_walk(tab)
        assert len(stops) >= 3, (main_page.name, stops)
        # The first stop is the skip link, and it is shown when focused.
        first = stops[0]
        if "skip-link" not in first.description or not first.in_viewport:
            problems.append(
                f"{main_page.name}: first Tab stop is {first.description}, not a visible skip link"
            )
        for before, after in itertools.pairwise(stops):
            if after.order < before.order:
                problems.append(
                    f"{main_page.name}: Tab jumps back from {before.description}"
                    f" to {after.description}"
                )
        for stop in stops:
            if not stop.in_viewport:
                problems.append(f"{main_page.name}: focused but off screen: {stop.description}")
            if not stop.indicator:
                problems.append(
                    f"{main_page.name}: no visible focus indicator on {stop.description}"
                )
        # Following the skip link puts the next Tab inside the main content.
        tab.evaluate("""() => { document.body.setAttribute("tabindex", "-1"); document.body.focus();
                              document.body.removeAttribute("tabindex"); }""")
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        tab.keyboard.press("Tab")
        inside = tab.evaluate("() => !!document.activeElement.closest('main')")
        if not inside:
            problems.append(f"{main_page.name}: the skip link does not lead into <main>")

    _visit_all(tab, live_server, scene, check)
    assert not problems, "\n".join(problems)
