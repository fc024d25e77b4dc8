"""Personas shared by every test: alice and bob (agents in different teams), carol (a guest),
mallory (an outsider with no rights), and keyword-only builders such as make_ticket."""

from __future__ import annotations

import os

os.environ.setdefault("OMOTENASHI_FAST_PASSWORD_HASHER", "1")

import pytest

pytest_plugins = ["omotenashi.testing.fixtures", "omotenashi.testing.browser"]
