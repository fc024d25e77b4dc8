"""Shared, session-scoped engine fixtures: the encoders load once (several seconds), and the
small models trained here are reused by every test that only reads them."""

from __future__ import annotations

import pytest

from omotenashi.engine.tests.samples import FIXED_NOW, english_examples, templated_examples
from omotenashi.engine.triage import TriageConfig, TriageModel, train_triage


@pytest.fixture(scope="session")
def small_model() -> TriageModel:
    """24 English examples of three queues; languages: the default nine."""
    return train_triage(english_examples(), config=TriageConfig(), now=FIXED_NOW)


@pytest.fixture(scope="session")
def calibrated_model() -> TriageModel:
    """240 templated English examples of four queues: enough for a fitted calibration."""
    return train_triage(
        templated_examples(), config=TriageConfig(languages=("en", "nl")), now=FIXED_NOW
    )
