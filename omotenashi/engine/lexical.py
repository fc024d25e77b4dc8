"""Word and character n-gram features (TF-IDF) and the phrases that drove a decision.

The featurizer is ours, not a pickled scikit-learn object: a trained model stores only the
vocabulary (strings) and the idf weights (numbers), so it loads in any later version of
the libraries and never runs code from the database. scikit-learn fits the weights; the
same `analyze` produces the features at training and at prediction time.

Features of a text (after `text.normalize` and case folding):
- "w:" word unigrams and bigrams (a word is a run of letters/digits; in scripts written
  without spaces each run is one word, the character n-grams below cover its parts);
- "c:" character 2- to 5-grams inside each word padded with spaces (scikit-learn's
  "char_wb"), robust to spelling, inflection and compounds ("wachtwoordreset").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from scipy import sparse

from omotenashi.engine.text import normalize

# Apostrophes inside words: ASCII and typographic (U+2019).
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|<(?:url|email|number)>")
CHAR_MIN, CHAR_MAX = 2, 5
# Longer "words" are hashes, tokens or base64 and only bloat the vocabulary.
MAX_WORD_CHARS = 40


def words(text: str) -> list[str]:
    """Case-folded words of a text, in order."""
    return list(_words(text))


# The queue, category and priority models of a desk read the same text one after the other
# (and explaining a prediction reads it again): its words and feature counts are computed
# once and shared. Small caches: only the message being read is hot.
@lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(normalize(text).casefold()) if len(w) <= MAX_WORD_CHARS)


@lru_cache(maxsize=4096)
def _char_grams(word: str) -> tuple[str, ...]:
    """The "c:" features of one word (cached: words repeat across messages)."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(CHAR_MIN, CHAR_MAX + 1):
        if n > len(padded):
            break
        grams.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return tuple(grams)


def analyze(text: str) -> list[str]:
    """Every feature string of `text` (with repetitions, for term counts)."""
    ws = _words(text)
    feats = [f"w:{w}" for w in ws]
    feats.extend(f"w:{a} {b}" for a, b in pairwise(ws))
    for w in ws:
        feats.extend(_char_grams(w))
    return feats


@lru_cache(maxsize=64)
def term_counts(text: str) -> Mapping[str, int]:
    """How often each feature string occurs in `text`. Shared between callers: read only."""
    return Counter(analyze(text))


@dataclass
class Featurizer:
    """Vocabulary and idf weights; `transform` gives L2-normalised sublinear tf-idf rows."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int) -> tuple[Featurizer, sparse.csr_matrix]:
        """Learn vocabulary and idf from `texts`; also return their feature matrix."""
        analysed = [Counter(analyze(t)) for t in texts]  # training: no need to cache
        df: Counter[str] = Counter()
        for counts in analysed:
            df.update(counts.keys())
        terms = sorted(term for term, n in df.items() if n >= min_df)
        vocabulary = {term: i for i, term in enumerate(terms)}
        n_docs = len(texts)
        # Smoothed idf, as scikit-learn's TfidfVectorizer(smooth_idf=True) computes it.
        idf = np.array(
            [math.log((1 + n_docs) / (1 + df[term])) + 1.0 for term in terms], dtype=np.float32
        )
        featurizer = cls(vocabulary, idf)
        return featurizer, featurizer._matrix(analysed)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        if len(texts) > 64:  # a batch (evaluation, retraining): do not flush the shared cache
            return self._matrix([Counter(analyze(t)) for t in texts])
        return self._matrix([term_counts(t) for t in texts])

    def _matrix(self, analysed: Sequence[Mapping[str, int]]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        vocabulary = self.vocabulary
        for terms in analysed:
            for term, count in terms.items():
                j = vocabulary.get(term)
                if j is not None:
                    indices.append(j)
                    counts.append(count)
            indptr.append(len(indices))
        # Sublinear tf times idf, then each row scaled to unit length (as before, in numpy).
        cols = np.asarray(indices, dtype=np.int32)
        values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[cols]
        bounds = np.asarray(indptr, dtype=np.int64)
        lengths = np.diff(bounds)
        rows = np.repeat(np.arange(len(analysed)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(analysed)))
        norms[norms == 0] = 1.0
        values = values / norms[rows]
        return sparse.csr_matrix(
            (values.astype(np.float32), cols, bounds),
            shape=(len(analysed), len(self.vocabulary)),
            dtype=np.float32,
        )


def top_phrases(
    text: str,
    featurizer: Featurizer,
    weights: npt.NDArray[np.float32],
    *,
    limit: int = 3,
    row: sparse.csr_matrix | None = None,
) -> list[tuple[str, float]]:
    """The words (or adjacent word pairs) of `text` that pushed most towards a label.

    `weights` is the label's weight per vocabulary feature. Each feature's contribution
    (tf-idf value x weight) is credited to the words it came from, so a character n-gram
    counts for the word that contains it; adjacent credited words merge into one phrase.
    Only positive contributions are reported, strongest first. `row` is the text's
    feature row when the caller has it already (saves transforming twice).
    """
    ws = _words(text)
    if not ws:
        return []
    if row is None:
        row = featurizer.transform([text])
    analysed = term_counts(text)
    # Each present feature's contribution, spread over its occurrences (the tf-idf value
    # belongs to all occurrences of the term together): one numpy product, then lookups.
    by_index = dict(
        zip(
            row.indices.tolist(),
            (
                row.data.astype(np.float64) * np.asarray(weights, dtype=np.float64)[row.indices]
            ).tolist(),
            strict=True,
        )
    )
    vocabulary = featurizer.vocabulary
    contribution: dict[str, float] = {}
    for term, count in analysed.items():
        j = vocabulary.get(term)
        if j is not None and j in by_index:
            contribution[term] = by_index[j] / count
    get = contribution.get

    per_word: dict[str, float] = {}
    credit = [0.0] * len(ws)
    for i, w in enumerate(ws):
        own = per_word.get(w)
        if own is None:
            own = per_word[w] = get(f"w:{w}", 0.0) + sum(get(g, 0.0) for g in _char_grams(w))
        credit[i] += own
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
