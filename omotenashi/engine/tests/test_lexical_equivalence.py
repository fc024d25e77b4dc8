# ruff: noqa: RUF001
"""The lexical features and phrases are exactly those of the straightforward algorithm.

`lexical.py` computes them with cached per-text analyses, C-level vocabulary look-ups and
numpy (decision 0110). This file keeps the plain algorithm they replaced, verbatim in
behaviour, and checks that the matrix (indices, their order and dtype, values bit for bit)
and the phrases are identical on a varied multilingual corpus: the built-in texts below
always, and several thousand texts of the public evaluation datasets when they are present
(../shared/datasets beside the checkout), so no evaluation
figure can move.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from scipy import sparse

from omotenashi.engine.lexical import Featurizer, _char_grams, _words, analyze, top_phrases

# The datasets lie beside the checkout (../shared/datasets), as docs/evaluation.md has them.
DATASETS = Path(__file__).resolve().parents[3].parent / "shared" / "datasets"

# Deliberately unusual characters (dashes, full-width letters, typographic quotes).
BUILT_IN = [
    "",
    "!!! ???",
    "a",
    "VPN werkt niet",
    "My card payment was declined twice, can you help? Order 1234567 https://shop.example/x",
    "I can't log in – l'accès est refusé depuis hier. Mail me at guest@example.com",
    "Mein Passwort funktioniert nicht mehr, bitte um Rücksetzung des Wachtwoordreset-Links",
    "Hej! Jag har inte fått min återbetalning ännu, kan ni kolla? Mvh Anna",
    "ログインできません。パスワードを再設定してください。よろしくお願いします",
    "ｆｕｌｌ　ｗｉｄｔｈ テスト ﾃｽﾄ ① ﬁle",
    "aa bb aa bb aa bb aa",
    "x" * 60 + " long " + "y" * 41 + " word",
    "The printer on floor 3 isn't printing; the printer says 'paper jam' but there's no jam.",
    "Ich möchte meine Buchung stornieren. Ich möchte mein Geld zurück. Danke!",
    "De wifi in kamer 214 valt steeds weg 😡😡 graag snel oplossen",
    "Réservation annulée ? Je n’ai reçu aucun e-mail de confirmation…",
]


def _reference_matrix(
    featurizer: Featurizer, analysed: Sequence[Mapping[str, int]]
) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for terms in analysed:
        for term, count in terms.items():
            j = featurizer.vocabulary.get(term)
            if j is not None:
                indices.append(j)
                counts.append(count)
        indptr.append(len(indices))
    cols = np.asarray(indices, dtype=np.int32)
    values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * featurizer.idf[cols]
    bounds = np.asarray(indptr, dtype=np.int64)
    rows = np.repeat(np.arange(len(analysed)), np.diff(bounds))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(analysed)))
    norms[norms == 0] = 1.0
    values = values / norms[rows]
    return sparse.csr_matrix(
        (values.astype(np.float32), cols, bounds),
        shape=(len(analysed), len(featurizer.vocabulary)),
        dtype=np.float32,
    )


def _reference_fit(texts: Sequence[str], min_df: int) -> tuple[dict[str, int], list[float]]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(Counter(analyze(text)).keys())
    terms = sorted(term for term, n in df.items() if n >= min_df)
    n_docs = len(texts)
    return {t: i for i, t in enumerate(terms)}, [
        math.log((1 + n_docs) / (1 + df[t])) + 1.0 for t in terms
    ]


def _reference_phrases(
    text: str,
    featurizer: Featurizer,
    weights: npt.NDArray[np.float32],
    row: sparse.csr_matrix,
    limit: int = 3,
    counts: Mapping[str, int] | None = None,
) -> list[tuple[str, float]]:
    ws = _words(text)
    if not ws:
        return []
    by_index = dict(
        zip(
            row.indices.tolist(),
            (
                row.data.astype(np.float64) * np.asarray(weights, dtype=np.float64)[row.indices]
            ).tolist(),
            strict=True,
        )
    )
    contribution: dict[str, float] = {}
    for term, count in (counts if counts is not None else Counter(analyze(text))).items():
        j = featurizer.vocabulary.get(term)
        if j is not None and j in by_index:
            contribution[term] = by_index[j] / count
    get = contribution.get
    credit = [0.0] * len(ws)
    for i, w in enumerate(ws):
        credit[i] += get(f"w:{w}", 0.0) + sum(get(g, 0.0) for g in _char_grams(w))
        if i + 1 < len(ws):
            pair = get(f"w:{w} {ws[i + 1]}", 0.0) / 2
            credit[i] += pair
            credit[i + 1] += pair
    ranked = sorted((c, i) for i, c in enumerate(credit) if c > 0)
    ranked.reverse()
    chosen = sorted(i for _, i in ranked[: limit * 2])
    phrases: list[tuple[str, float]] = []
    run: list[int] = []
    for i in [*chosen, -2]:
        if run and i != run[-1] + 1:
            phrases.append((" ".join(ws[k] for k in run), sum(credit[k] for k in run)))
            run = []
        if i >= 0:
            run.append(i)
    phrases.sort(key=lambda item: -item[1])
    return [(phrase, round(score, 4)) for phrase, score in phrases[:limit]]


def _identical(a: sparse.csr_matrix, b: sparse.csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and a.indices.dtype == b.indices.dtype
        and a.data.dtype == b.data.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def _dataset_texts(name: str, n: int) -> list[str]:
    path = DATASETS / name / "data.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line)["text"] for line in lines]
    random.Random(0).shuffle(rows)
    return rows[:n]


def _check(train: list[str], test: list[str]) -> None:
    featurizer, matrix = Featurizer.fit(train, min_df=2)
    vocabulary, idf = _reference_fit(train, 2)
    assert featurizer.vocabulary == vocabulary
    assert np.array_equal(featurizer.idf, np.array(idf, dtype=np.float32))
    assert _identical(matrix, _reference_matrix(featurizer, [Counter(analyze(t)) for t in train]))
    # A batch (uncached path) and one text at a time (cached path, as a ticket is read).
    assert _identical(
        featurizer.transform(test),
        _reference_matrix(featurizer, [Counter(analyze(t)) for t in test]),
    )
    weights = np.random.default_rng(0).standard_normal((3, len(vocabulary))).astype(np.float32)
    for k, text in enumerate(test):
        row = featurizer.transform([text])
        assert _identical(row, _reference_matrix(featurizer, [Counter(analyze(text))])), text
        w = weights[k % 3]
        expected = _reference_phrases(text, featurizer, w, row)
        assert top_phrases(text, featurizer, w, row=row) == expected, text
        assert top_phrases(text, featurizer, w) == expected, text
        assert top_phrases(text, featurizer, w, limit=5, row=row) == _reference_phrases(
            text, featurizer, w, row, limit=5
        )
        # Another text's row: contributions only where both have the feature.
        other = featurizer.transform([test[k - 1]])
        assert top_phrases(text, featurizer, w, row=other) == _reference_phrases(
            text, featurizer, w, other
        ), text


def test_features_and_phrases_match_the_reference_on_built_in_texts() -> None:
    _check(BUILT_IN * 2, [*BUILT_IN, "VPN werkt niet meer sinds gisteren", "未知の単語だけ"])


def test_features_and_phrases_match_the_reference_on_the_evaluation_datasets() -> None:
    names = ("support_tickets", "banking77", "xsid", "langid_short")
    texts = {name: _dataset_texts(name, 1200) for name in names}
    if not all(texts.values()):
        pytest.skip(f"evaluation datasets not found under {DATASETS}")
    train = [t for name in names for t in texts[name][:600]] + BUILT_IN
    test = [t for name in names for t in texts[name][600:]] + BUILT_IN
    assert any(re.search(r"[\u3040-\u30ff]", t) for t in test)  # Japanese among them
    _check(train, test)
