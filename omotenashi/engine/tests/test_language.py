# ruff: noqa: RUF001
# (full-width characters are test input on purpose)
"""Language detection among the served languages, on very short texts too."""

from __future__ import annotations

import pytest

from omotenashi.engine.language import DEFAULT_LANGUAGES, detect_language

DESK_SIX = ("en", "nl", "fr", "sv", "de", "ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring mig", "sv"),
        ("Pas content", "fr"),
        ("進捗は？", "ja"),
        ("Bel me terug", "nl"),
        ("Ruf mich an", "de"),
        ("Call me back", "en"),
    ],
)
def test_very_short_texts_among_the_six_desk_languages(text: str, expected: str) -> None:
    guess = detect_language(text, DESK_SIX)
    assert guess.lang == expected
    assert 0.0 < guess.confidence <= 1.0


def test_alternatives_are_a_ranked_distribution() -> None:
    guess = detect_language("Pas content", DEFAULT_LANGUAGES)
    values = [p for _, p in guess.alternatives]
    assert values == sorted(values, reverse=True)
    assert abs(sum(values) - 1.0) < 1e-3
    assert {code for code, _ in guess.alternatives} == set(DEFAULT_LANGUAGES)


def test_prior_settles_an_ambiguous_short_text() -> None:
    # "Ring mig" is Swedish, and nearly Danish: with both served, the guest's known
    # language decides.
    assert detect_language("Ring mig", DEFAULT_LANGUAGES, prior={"sv": 1.0}).lang == "sv"
    assert detect_language("Ring mig", DEFAULT_LANGUAGES, prior={"da": 1.0}).lang == "da"


def test_prior_does_not_overrule_a_clear_text() -> None:
    text = "Ich habe meine Bestellung immer noch nicht erhalten, bitte helfen Sie mir."
    guess = detect_language(text, DEFAULT_LANGUAGES, prior={"sv": 1.0})
    assert guess.lang == "de"
    assert guess.reliable


def test_long_text_is_reliable_and_short_one_may_not_be() -> None:
    long = detect_language("Min dator startar inte längre efter uppdateringen i morse.")
    assert long.lang == "sv" and long.reliable and long.confidence > 0.5
    assert not detect_language("ok").reliable


def test_no_letters_is_undetermined_unless_a_prior_is_known() -> None:
    assert detect_language("!!! 123 ???").lang == "und"
    assert detect_language("!!! 123 ???").confidence == 0.0
    with_prior = detect_language("+++", prior={"nl": 1.0})
    assert with_prior.lang == "nl" and not with_prior.reliable


def test_kana_is_japanese_without_asking_the_model() -> None:
    assert detect_language("ありがとう", ("en", "ja")).confidence == 1.0


def test_unknown_candidate_codes_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown ISO 639-1"):
        detect_language("hello", ("en", "xx"))
    with pytest.raises(ValueError, match="at least one"):
        detect_language("hello", ())
