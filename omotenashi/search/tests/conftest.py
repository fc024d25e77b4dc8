from __future__ import annotations

from typing import Any

import pytest

from omotenashi.customers.services import guest_create


@pytest.fixture
def sven(db: Any):
    """A Swedish guest with diacritics in the name."""
    return guest_create(name="Sven Åkesson", email="sven.akesson@example.se", language="sv")


@pytest.fixture
def hanako(db: Any):
    return guest_create(name="山田 花子", email="hanako@example.jp", language="ja")
