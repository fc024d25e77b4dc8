"""Shared setup for the top-level tests (integration, browser, architecture, docs)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The root conftest.py is meant to list "omotenashi.testing.browser" in pytest_plugins.
    # Until it does, load the plugin here, and only once: two Playwright sync instances in
    # one thread cannot coexist.
    if not config.pluginmanager.has_plugin("omotenashi.testing.browser"):
        config.pluginmanager.import_plugin("omotenashi.testing.browser")
