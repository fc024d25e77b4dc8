"""The browser harness works end to end: Chromium reaches live_server, screenshots land on
disk, and a session cookie set by a real login form carries the agent into /admin/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from omotenashi.accounts.models import Role
from omotenashi.accounts.services import agent_create
from omotenashi.testing.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_login_page_loads_and_is_captured(
    live_server: Any, page: Any, screenshot: Callable[..., Path]
) -> None:
    response = page.goto(f"{live_server.url}/admin/login/")
    assert response is not None and response.status == 200
    assert page.locator("input[name=username]").is_visible()
    assert page.locator("input[name=password]").is_visible()
    path = screenshot(page, "admin-login")
    assert path.exists()
    # A PNG signature, and more than an empty canvas.
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2_000


def _log_in(page: Any, live_server: Any, *, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_admin_agent_logs_into_admin(
    live_server: Any, page: Any, screenshot: Callable[..., Path]
) -> None:
    agent_create(username="ada", display_name="Ada Admin", password=PASSWORD, role=Role.ADMIN)
    _log_in(page, live_server, username="ada", password=PASSWORD)
    assert page.url == f"{live_server.url}/admin/"
    # The admin index names the signed-in user and offers a way out.
    assert page.locator("#user-tools").is_visible()
    assert "ada" in page.locator("#user-tools").inner_text().lower()
    assert page.locator("form#logout-form").count() == 1
    screenshot(page, "admin-index")


def test_wrong_password_stays_on_login(live_server: Any, page: Any) -> None:
    agent_create(username="ada", display_name="Ada Admin", password=PASSWORD, role=Role.ADMIN)
    _log_in(page, live_server, username="ada", password="not-the-password")
    assert "/admin/login/" in page.url
    assert page.locator(".errornote").is_visible()
    assert page.goto(f"{live_server.url}/admin/").url.startswith(f"{live_server.url}/admin/login/")


def test_plain_agent_cannot_enter_admin(live_server: Any, page: Any) -> None:
    # The permission-failure sibling: a valid password alone does not open the admin.
    agent_create(username="alice", display_name="Alice Agent", password=PASSWORD, role=Role.AGENT)
    _log_in(page, live_server, username="alice", password=PASSWORD)
    assert "/admin/login/" in page.url
    assert page.locator(".errornote").is_visible()
    assert page.locator("#user-tools").count() == 0


def test_phone_page_has_phone_viewport(live_server: Any, phone_page: Any) -> None:
    phone_page.goto(f"{live_server.url}/admin/login/")
    assert phone_page.evaluate("() => [window.innerWidth, window.innerHeight]") == [390, 844]
    assert phone_page.locator("input[name=username]").is_visible()
