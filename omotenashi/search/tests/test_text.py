"""The folding, tokenising and query parsing both engines rely on (no database)."""

from __future__ import annotations

import pytest

from omotenashi.search.backends import fts5_expression, tsquery_expression
from omotenashi.search.text import MAX_CLAUSES, fold, index_text, parse_query, snippet, tokens


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Résumé", "resume"),
        ("Ångström", "angstrom"),
        ("Göteborg Malmö", "goteborg malmo"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("\uff36\uff30\uff2e", "vpn"),  # full-width letters (Japanese keyboards)
        ("ｶﾞｲﾄﾞ", "ガイド"),  # half-width katakana
        ("が", "が"),  # the voicing mark is not a Latin accent
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_japanese_runs_become_bigrams_and_a_trailing_unigram():
    assert tokens(fold("ヘッドセット")) == ["ヘッ", "ッド", "ドセ", "セッ", "ット", "ト"]
    assert tokens("水") == ["水"]
    # Latin words inside Japanese text stay words.
    assert tokens(fold("PCが壊れた")) == ["pc", "が壊", "壊れ", "れた", "た"]


def test_index_text_has_only_words_and_spaces():
    text = index_text('He said "NEAR(a, b)" -- x* ^y: carol@example.com; v1.2_beta')
    assert text == "he said near a b x y carol example com v1 2 beta"


def test_overlong_tokens_are_dropped():
    assert index_text("ok " + "A" * 200 + " fine") == "ok fine"


def test_last_word_is_a_prefix_only_while_typing():
    typing = parse_query("vpn conn")
    assert [(c.tokens, c.prefix) for c in typing.clauses] == [(("vpn",), False), (("conn",), True)]
    done = parse_query("vpn conn ")
    assert not any(c.prefix for c in done.clauses)
    assert not parse_query("vpn c").clauses[-1].prefix  # one letter would match too much


def test_quoted_phrase_and_unbalanced_quote():
    parsed = parse_query('"reset password" now')
    assert parsed.clauses[0].tokens == ("reset", "password")
    assert not parse_query('"reset password"').clauses[0].prefix
    unbalanced = parse_query('reset "password')
    assert [c.tokens for c in unbalanced.clauses] == [("reset",), ("password",)]


def test_an_address_is_one_phrase():
    assert parse_query("carol@example.com ").clauses[0].tokens == ("carol", "example", "com")


def test_japanese_query_is_a_phrase_of_bigrams_and_one_character_is_a_prefix():
    clause = parse_query("ヘッドセット").clauses[0]
    assert clause.tokens == ("ヘッ", "ッド", "ドセ", "セッ", "ット") and not clause.prefix
    one = parse_query("水").clauses[0]
    assert one.tokens == ("水",) and one.prefix


@pytest.mark.parametrize("number", ["#123", "123", " # 123 "])
def test_ticket_number(number):
    assert parse_query(number).number == 123


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "-",
    "-x",
    "NEAR",
    "NEAR(a b, 3)",
    "a OR b",
    "a AND",
    "NOT",
    "(",
    ")",
    "^",
    "subject:foo",
    "{a b}",
    "a + b",
    "'; DROP TABLE tickets; --",
    "\\",
    "\x00",
    "' OR 1=1",
    "a:*",
    "!a",
    "<->",
    "a & | b",
    "😀",
    "\u200b",
    " ",
    "",
    "%",
    "_",
    "\\'",
    "$$",
    "col:*",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_input_gives_only_quoted_tokens(raw):
    parsed = parse_query(raw)
    for clause in parsed.clauses:
        for token in clause.tokens:
            assert token.isalnum(), token
    if parsed.clauses:
        fts5_expression(parsed.clauses)
        tsquery_expression(parsed.clauses)


def test_clause_count_is_bounded():
    parsed = parse_query(" ".join(f"word{i}" for i in range(100)))
    assert len(parsed.clauses) == MAX_CLAUSES


def test_expressions_quote_every_token():
    parsed = parse_query('near "a b" ヘッドセット ca')
    assert (
        fts5_expression(parsed.clauses)
        == '"near" AND "a b" AND "ヘッ ッド ドセ セッ ット" AND "ca" *'
    )
    assert tsquery_expression(parsed.clauses) == (
        "('near') & ('a' <-> 'b') & ('ヘッ' <-> 'ッド' <-> 'ドセ' <-> 'セッ' <-> 'ット') & ('ca':*)"
    )


def test_snippet_marks_matches_and_escapes_the_rest():
    html = snippet(["<b>Ma clé</b> USB est cassée depuis hier."], parse_query("cle cass"))
    assert html == "&lt;b&gt;Ma <mark>clé</mark>&lt;/b&gt; USB est <mark>cassée</mark> depuis hier."


def test_snippet_finds_japanese_inside_a_sentence():
    html = snippet(["昨日からヘッドセットが壊れています"], parse_query("ヘッドセット"))
    assert html == "昨日から<mark>ヘッドセット</mark>が壊れています"


def test_snippet_windows_long_text_around_the_first_match():
    text = "filler " * 100 + "the printer jams" + " more" * 100
    html = snippet([text], parse_query("printer "), width=60)
    assert "<mark>printer</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 120


def test_snippet_without_match_shows_the_start_of_the_first_message():
    assert snippet(["", "First words here."], parse_query("zzz ")) == "First words here."
