# ruff: noqa: RUF001
# (full-width characters are test input on purpose)
from __future__ import annotations

from omotenashi.engine.lexical import analyze, words
from omotenashi.engine.text import head, normalize, unit_count


def test_normalize_replaces_identifiers_and_is_idempotent() -> None:
    text = "Ｏｒｄｅｒ 12345678 —  mail jan@example.com or see https://x.test/a?b=1\n\nthanks"
    once = normalize(text)
    assert once == "Order <number> — mail <email> or see <url> thanks"
    assert normalize(once) == once


def test_short_numbers_are_kept() -> None:
    assert normalize("Room 2024, floor 3") == "Room 2024, floor 3"


def test_head_counts_words_and_unspaced_characters() -> None:
    assert head("one two three four", 2) == "one two"
    assert head("パスワードを忘れました", 5) == "パスワード"
    assert head("short", 10) == "short"
    assert unit_count("VPN が 落ちた") == 5  # VPN, が, 落, ち, た


def test_lexical_features_cover_words_pairs_and_character_grams() -> None:
    feats = analyze("VPN werkt niet")
    assert "w:vpn" in feats and "w:werkt niet" in feats and "c: vp" in feats
    assert words("It's  DOWN!") == ["it's", "down"]
