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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, repeat

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


class Analysis:
    """A text's distinct features and their counts, in first-occurrence order.

    What every model's `transform` and the explanation read: each model only looks its
    vocabulary up in `terms` (one C-level `map`), the rest is numpy. Shared between
    callers through `_analysis`: read only.
    """

    __slots__ = ("_positions", "counts", "terms", "words")

    def __init__(self, text: str) -> None:
        self.words = _words(text)
        counted = Counter(analyze(text))
        self.terms: tuple[str, ...] = tuple(counted)
        self.counts = np.fromiter(counted.values(), dtype=np.float64, count=len(counted))
        self._positions: tuple[dict[str, tuple[int, tuple[int, ...]]], list[int]] | None = None

    def columns(self, vocabulary: Mapping[str, int]) -> npt.NDArray[np.int64]:
        """Each term's vocabulary index, -1 for a term the vocabulary does not have."""
        return np.fromiter(
            map(vocabulary.get, self.terms, repeat(-1)), dtype=np.int64, count=len(self.terms)
        )

    def positions(self) -> tuple[dict[str, tuple[int, tuple[int, ...]]], list[int]]:
        """Where each word's own features sit in `terms`: per distinct word the position of
        its "w:" unigram and of its character n-grams (repetitions kept, in order), and per
        adjacent pair the position of its bigram. Computed once, when a phrase is wanted."""
        if self._positions is None:
            at = {term: i for i, term in enumerate(self.terms)}
            own = {w: (at[f"w:{w}"], tuple(at[g] for g in _char_grams(w))) for w in set(self.words)}
            pairs = [at[f"w:{a} {b}"] for a, b in pairwise(self.words)]
            self._positions = (own, pairs)
        return self._positions


# The queue, category and priority models of a desk read the same text one after the other
# (and explaining a prediction reads it again): its analysis is computed once and shared.
_analysis = lru_cache(maxsize=64)(Analysis)


@dataclass
class Featurizer:
    """Vocabulary and idf weights; `transform` gives L2-normalised sublinear tf-idf rows."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]
    # The last text's vocabulary indices: explaining a prediction looks up the text the
    # model has just transformed (one tuple, replaced whole: safe between threads).
    _last: tuple[Analysis, npt.NDArray[np.int64]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def columns(self, analysis: Analysis) -> npt.NDArray[np.int64]:
        """Each of the text's terms' vocabulary index, -1 for a term not in the vocabulary."""
        last = self._last
        if last is not None and last[0] is analysis:
            return last[1]
        cols = analysis.columns(self.vocabulary)
        self._last = (analysis, cols)
        return cols

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int) -> tuple[Featurizer, sparse.csr_matrix]:
        """Learn vocabulary and idf from `texts`; also return their feature matrix."""
        analysed = [Analysis(t) for t in texts]  # training: no need to cache
        df: Counter[str] = Counter()
        for analysis in analysed:
            df.update(analysis.terms)
        terms = sorted(term for term, n in df.items() if n >= min_df)
        vocabulary = {term: i for i, term in enumerate(terms)}
        n_docs = len(texts)
        # Smoothed idf, as scikit-learn's TfidfVectorizer(smooth_idf=True) computes it.
        idf = np.array(
            [math.log((1 + n_docs) / (1 + df[term])) + 1.0 for term in terms], dtype=np.float32
        )
        featurizer = cls(vocabulary, idf)
        return featurizer, featurizer._matrix(analysed)

    def transform(self, texts: Sequence[str], *, cached: bool = True) -> sparse.csr_matrix:
        """Tf-idf rows of `texts`. `cached=False` keeps them out of the shared analysis cache
        (texts that are not the message being read, e.g. a model's stored exemplars)."""
        if not cached or len(texts) > 64:  # a batch (evaluation, retraining): keep the cache
            return self._matrix([Analysis(t) for t in texts])
        return self._matrix([_analysis(t) for t in texts])

    def _matrix(self, analysed: Sequence[Analysis]) -> sparse.csr_matrix:
        # Each row: the text's terms the vocabulary has, in the text's order (the order the
        # rows always had), with their counts.
        col_parts: list[npt.NDArray[np.int64]] = []
        count_parts: list[npt.NDArray[np.float64]] = []
        indptr = np.zeros(len(analysed) + 1, dtype=np.int64)
        for i, analysis in enumerate(analysed):
            cols = self.columns(analysis)
            known = cols >= 0
            col_parts.append(cols[known])
            count_parts.append(analysis.counts[known])
            indptr[i + 1] = indptr[i] + len(col_parts[-1])
        if len(analysed) == 1:
            cols, counts = col_parts[0], count_parts[0]
        else:
            cols = np.concatenate(col_parts) if col_parts else np.zeros(0, dtype=np.int64)
            counts = np.concatenate(count_parts) if count_parts else np.zeros(0)
        cols = cols.astype(np.int32)
        # Sublinear tf times idf, then each row scaled to unit length (as before, in numpy).
        values = (1.0 + np.log(counts)) * self.idf[cols]
        lengths = np.diff(indptr)
        rows = np.repeat(np.arange(len(analysed)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(analysed)))
        norms[norms == 0] = 1.0
        values = values / norms[rows]
        return sparse.csr_matrix(
            (values.astype(np.float32), cols, indptr),
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
    analysis = _analysis(text)
    # Each present feature's contribution, spread over its occurrences (the tf-idf value
    # belongs to all occurrences of the term together), per position in `analysis.terms`;
    # 0.0 for a term the vocabulary (or the row) does not have.
    cols = featurizer.columns(analysis)
    present = np.flatnonzero(cols >= 0)
    products = row.data.astype(np.float64) * weights[row.indices].astype(np.float64)
    by_position = np.zeros(len(analysis.terms))
    if np.array_equal(row.indices, cols[present]):  # the row `transform` makes for `text`
        by_position[present] = products / analysis.counts[present]
    else:
        by_index = dict(zip(row.indices.tolist(), products.tolist(), strict=True))
        for p in present.tolist():
            value = by_index.get(int(cols[p]))
            if value is not None:
                by_position[p] = value / analysis.counts[p]
    contribution = by_position.tolist()
    at = contribution.__getitem__
    own_positions, pair_positions = analysis.positions()

    # The same additions in the same order as summing each word's features one by one.
    per_word: dict[str, float] = {}
    credit = [0.0] * len(ws)
    for i, w in enumerate(ws):
        own = per_word.get(w)
        if own is None:
            unigram, grams = own_positions[w]
            own = per_word[w] = contribution[unigram] + sum(map(at, grams))
        credit[i] += own
        if i + 1 < len(ws):
            pair = contribution[pair_positions[i]] / 2
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
