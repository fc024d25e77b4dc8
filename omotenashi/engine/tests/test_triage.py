"""Triage: cross-language transfer, calibration, reasons, serialisation, retraining."""

from __future__ import annotations

import numpy as np
import pytest

from omotenashi.engine.tests.samples import FIXED_NOW, english_examples
from omotenashi.engine.triage import (
    Example,
    TriageConfig,
    TriageModel,
    retrain,
    train_triage,
)

# Written for this test; none of these sentences is in the training data.
PROBES = [
    ("nl", "Mijn VPN verbinding valt steeds weg", "network"),
    ("nl", "Ik ben mijn wachtwoord vergeten en kan niet inloggen", "accounts"),
    ("nl", "Er staat een verkeerd bedrag op mijn factuur", "billing"),
    ("sv", "Jag har glömt mitt lösenord och kan inte logga in", "accounts"),
    ("sv", "Jag blev debiterad två gånger för min prenumeration", "billing"),
    ("sv", "Wifi-nätverket i mötesrummet fungerar inte", "network"),
    ("de", "Ich habe mein Passwort vergessen", "accounts"),
    ("de", "Die Rechnung enthält einen falschen Betrag", "billing"),
    ("fr", "Le VPN se déconnecte sans arrêt", "network"),
    ("ja", "パスワードを忘れてログインできません", "accounts"),
    ("ja", "請求書の金額が間違っています", "billing"),
    ("ja", "会議室のWi-Fiに接続できません", "network"),
]


def test_queue_learnt_from_english_receives_other_languages(small_model: TriageModel) -> None:
    predictions = small_model.predict_many(
        [t for _, t, _ in PROBES], [lang for lang, _, _ in PROBES]
    )
    wrong = [
        (lang, text, p.label)
        for (lang, text, want), p in zip(PROBES, predictions, strict=True)
        if p.label != want
    ]
    # Eleven of twelve: one miss is tolerated so that a borderline probe does not make the
    # test flaky across library versions; systematic failure of transfer still fails it.
    assert len(wrong) <= 1, wrong


def test_language_is_detected_when_not_given(small_model: TriageModel) -> None:
    prediction = small_model.predict("Ik ben mijn wachtwoord vergeten en kan niet meer inloggen")
    assert prediction.lang == "nl"
    assert prediction.label == "accounts"


def test_confidences_are_probabilities_and_ranked(small_model: TriageModel) -> None:
    probs = small_model.probabilities([t for _, t, _ in PROBES], [lang for lang, _, _ in PROBES])
    assert probs.shape == (len(PROBES), 3)
    assert np.all(probs >= 0) and np.all(probs <= 1)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    prediction = small_model.predict("Please reset my password", "en")
    values = [p for _, p in prediction.ranked]
    assert values == sorted(values, reverse=True)
    assert prediction.confidence == values[0]
    assert 0.0 <= prediction.confidence <= 1.0


def test_clear_message_is_more_confident_than_vague_one(small_model: TriageModel) -> None:
    clear = small_model.predict("I forgot my password, please reset my password", "en")
    vague = small_model.predict("Hello, I have a question", "en")
    assert clear.label == "accounts"
    assert clear.confidence > vague.confidence


def test_reason_names_driving_words_and_similar_tickets(small_model: TriageModel) -> None:
    prediction = small_model.predict("The VPN disconnects again when I work from home", "en")
    assert prediction.label == "network"
    assert any("vpn" in phrase for phrase, _ in prediction.phrases)
    assert prediction.similar and all(s.id for s in prediction.similar)
    assert prediction.similar[0].label == "network"
    assert prediction.similar_ids[0].startswith("network-")
    assert "network" in prediction.reason and "vpn" in prediction.reason


def test_unseen_language_reason_falls_back_to_similar_tickets(small_model: TriageModel) -> None:
    prediction = small_model.predict("パスワードを忘れてログインできません", "ja")
    # No Japanese training text: no lexical phrases are claimed, neighbours explain instead.
    assert prediction.phrases == ()
    assert prediction.similar


def test_round_trip_gives_identical_predictions(small_model: TriageModel) -> None:
    blob = small_model.to_bytes()
    loaded = TriageModel.from_bytes(blob)
    texts = [t for _, t, _ in PROBES]
    langs = [lang for lang, _, _ in PROBES]
    assert np.allclose(small_model.probabilities(texts, langs), loaded.probabilities(texts, langs))
    assert loaded.version == small_model.version
    assert loaded.meta.n_examples == 24
    assert loaded.labels == ["accounts", "billing", "network"]
    assert loaded.meta.trained_at == FIXED_NOW.isoformat()
    assert loaded.to_bytes() == blob


def test_training_is_deterministic(small_model: TriageModel) -> None:
    again = train_triage(english_examples(), config=TriageConfig(), now=FIXED_NOW)
    assert again.to_bytes() == small_model.to_bytes()


def test_garbage_bytes_are_rejected() -> None:
    with pytest.raises(ValueError, match="not a triage model"):
        TriageModel.from_bytes(b"not a zip at all")


def test_needs_two_labels() -> None:
    with pytest.raises(ValueError, match="two different labels"):
        train_triage([Example("a", "x"), Example("b", "x")])


def test_calibration_is_fitted_with_enough_data(calibrated_model: TriageModel) -> None:
    cal = calibrated_model.calibration
    assert cal.fitted
    assert cal.a >= 0 and cal.b >= 0 and cal.b0 > 0
    prediction = calibrated_model.predict("The printer is broken again", "en")
    assert prediction.label == "hardware"


def test_few_shot_from_queue_descriptions() -> None:
    """A new desk: one description per queue and nothing else still routes sensibly."""
    descriptions = [
        Example("Network: VPN, wifi, internet connection problems", "network", "en", weight=2.0),
        Example("Billing: invoices, payments, refunds and charges", "billing", "en", weight=2.0),
        Example("Accounts: passwords, log-in and user accounts", "accounts", "en", weight=2.0),
    ]
    model = train_triage(descriptions, config=TriageConfig(languages=("en", "nl")), now=FIXED_NOW)
    assert not model.calibration.fitted
    assert model.predict("I need a refund for my last payment", "en").label == "billing"
    assert model.predict("Mijn wifi werkt niet", "nl").label == "network"
    # Without held-out data the confidence stays modest.
    assert model.predict("I need a refund for my last payment", "en").confidence < 0.95


def test_retrain_promotes_first_model_and_records_holdout_metrics() -> None:
    examples = english_examples() * 3  # oldest first; 72 examples
    result = retrain(examples, None, min_holdout=6, now=FIXED_NOW)
    assert result.promoted
    assert result.current_metrics is None
    assert result.model.meta.metrics["holdout_size"] == result.holdout_size
    assert 0.0 <= result.candidate_metrics["accuracy"] <= 1.0


def test_retrain_keeps_current_model_when_candidate_is_worse(small_model: TriageModel) -> None:
    good = english_examples()
    # Older history with every label rotated (e.g. a mis-configured import), followed by
    # the newest, correctly labelled tickets that form the held-out check.
    rotate = {"network": "billing", "billing": "accounts", "accounts": "network"}
    spoiled = [Example(e.text, rotate[e.label], e.lang, e.id) for e in good] * 2
    result = retrain([*spoiled, *good], small_model, min_holdout=24, now=FIXED_NOW)
    assert not result.promoted
    assert result.model is small_model
    assert result.current_metrics is not None
    assert result.current_metrics["accuracy"] > result.candidate_metrics["accuracy"]
