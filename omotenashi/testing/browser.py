"""Playwright fixtures driving Debian's Chromium (a pytest plugin, loaded by the root conftest.py).

- `browser`: one headless Chromium per test module; skips (or fails in CI, see
  omotenashi.testing.system) when Chromium or Playwright is missing.
- `page`: a fresh context per test (own cookies and storage) with a desktop viewport.
- `phone_page`: the same at a phone's size (390x844, touch), for the guest pages.
- `screenshot(page, name)`: writes artifacts/screenshots/<name>.png and returns the path.

Serve the app with pytest-django's `live_server` and navigate to `live_server.url`.
Tests using these fixtures carry the `browser` marker automatically, so a pass without
Chromium can deselect them with `-m "not browser"`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from omotenashi.testing import system

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
PHONE_VIEWPORT = {"width": 390, "height": 844}
# A page or action that takes longer than this on loopback is a bug, not a slow machine.
DEFAULT_TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The tests talk to live_server on loopback only; a proxy from the environment must
    # never see (or break) that traffic.
    "--no-proxy-server",
]
ASYNC_UNSAFE_ENV = "DJANGO_ALLOW_ASYNC_UNSAFE"
BROWSER_FIXTURES = {"browser", "page", "phone_page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# Module scope, not session: while Playwright's sync API lives, an asyncio loop counts as
# running in the main thread, so `async_to_sync` and `asyncio.run` fail there. Stopping it
# after each browser module keeps that from leaking into the rest of the suite; a Chromium
# launch costs about a second.
@pytest.fixture(scope="module")
def _playwright() -> Iterator[Playwright]:
    system.require(
        "playwright",
        system.playwright_available(),
        "pip install -r requirements/dev.lock (the playwright Python package)",
    )
    from playwright.sync_api import expect, sync_playwright

    # `expect(...)` waits 5 s by default whatever the context says; a suggestion that
    # encodes a question on a machine busy with other suites can take longer than that.
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)

    # Playwright's sync API keeps an asyncio loop marked as running in this thread for as
    # long as it lives, and Django then refuses every ORM call from the test (and the
    # database teardown) with SynchronousOnlyOperation. The ORM calls are in fact
    # synchronous and on the test's own thread, so lifting the guard is safe here.
    previous = os.environ.get(ASYNC_UNSAFE_ENV)
    os.environ[ASYNC_UNSAFE_ENV] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE_ENV, None)
        else:
            os.environ[ASYNC_UNSAFE_ENV] = previous


@pytest.fixture(scope="module")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium per test module (Debian's build, not a downloaded one)."""
    path = system.chromium_path()
    system.require(
        "chromium", path is not None, "bash scripts/install-test-deps.sh (apt-get install chromium)"
    )
    assert path is not None
    instance = _playwright.chromium.launch(
        executable_path=path, args=CHROMIUM_ARGS, headless=True, timeout=60_000
    )
    try:
        yield instance
    finally:
        instance.close()


def _new_page(browser: Browser, **context_options: Any) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in its own browser context, desktop size."""
    yield from _new_page(browser, viewport=DESKTOP_VIEWPORT)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in its own browser context at a phone's size, with touch."""
    yield from _new_page(
        browser, viewport=PHONE_VIEWPORT, device_scale_factor=3, is_mobile=True, has_touch=True
    )


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def save_screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Write a PNG of `page` to artifacts/screenshots/<name>.png (git-ignored); return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{_SAFE_NAME.sub('-', name).strip('-') or 'page'}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """`screenshot(page, name)`: see save_screenshot."""
    return save_screenshot
