"""Measuring the engine: metrics, and the `eval` runs behind `omotenashi eval ...`.

Metrics (all figures are fractions in [0, 1]):
- accuracy, macro_f1 (unweighted mean of per-label F1 over the labels present in gold or
  predictions), per_language (the same per language), n;
- ece: expected calibration error of the confidences (10 equal-width bins), when given —
  0 means "70% confident" is right 70% of the time.

Runs (`run_triage`, `run_language`, `run_sentiment`) take records (data.py) and options
and return a report dict whose top-level keys include `accuracy`, `macro_f1` and
`per_language`, so `--json` prints one object of the documented shape.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from omotenashi.engine.data import Record, select, with_fixed_split
from omotenashi.engine.language import DEFAULT_LANGUAGES, detect_language, normalise_candidates

ECE_BINS = 10


@dataclass(frozen=True)
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    ece: float | None = None
    per_language: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_language": self.per_language,
        }
        if self.ece is not None:
            out["ece"] = round(self.ece, 4)
        return out


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over every label seen in `gold` or `predicted`."""
    labels = set(gold) | set(predicted)
    if not labels:
        return 0.0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    total = 0.0
    for label in labels:
        denominator = 2 * tp[label] + fp[label] + fn[label]
        total += (2 * tp[label] / denominator) if denominator else 0.0
    return total / len(labels)


def expected_calibration_error(correct: Sequence[bool], confidences: Sequence[float]) -> float:
    if not correct:
        return 0.0
    conf = np.clip(np.asarray(confidences, dtype=np.float64), 0.0, 1.0)
    hits = np.asarray(correct, dtype=np.float64)
    bins = np.minimum((conf * ECE_BINS).astype(int), ECE_BINS - 1)
    error = 0.0
    for b in range(ECE_BINS):
        mask = bins == b
        if mask.any():
            error += mask.mean() * abs(hits[mask].mean() - conf[mask].mean())
    return float(error)


def classification_metrics(
    gold: Sequence[str],
    predicted: Sequence[str],
    langs: Sequence[str | None],
    *,
    confidences: Sequence[float] | None = None,
) -> Metrics:
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(langs):
        by_lang[lang or "und"].append(i)
    per_language = {
        lang: {
            "n": len(rows),
            "accuracy": round(accuracy([gold[i] for i in rows], [predicted[i] for i in rows]), 4),
            "macro_f1": round(macro_f1([gold[i] for i in rows], [predicted[i] for i in rows]), 4),
        }
        for lang, rows in sorted(by_lang.items())
    }
    ece = None
    if confidences is not None:
        ece = expected_calibration_error(
            [g == p for g, p in zip(gold, predicted, strict=True)], confidences
        )
    return Metrics(
        n=len(gold),
        accuracy=accuracy(gold, predicted),
        macro_f1=macro_f1(gold, predicted),
        ece=ece,
        per_language=per_language,
    )


@dataclass(frozen=True)
class SplitOptions:
    """Which records train and which test.

    `train_splits`/`test_splits`: split names. A file whose records all have split "all"
    (or another name absent from both lists) is divided with `data.fixed_split`
    (`test_percent`). `train_langs`/`test_langs` restrict languages (e.g. train on en only).
    `unlabelled_splits`: splits whose texts (not labels) may be used to estimate each
    language's mean embedding, as a desk's unlabelled tickets would be.
    """

    train_splits: tuple[str, ...] = ("train",)
    test_splits: tuple[str, ...] = ("test",)
    train_langs: tuple[str, ...] | None = None
    test_langs: tuple[str, ...] | None = None
    unlabelled_splits: tuple[str, ...] = ()
    test_percent: int = 20
    where: dict[str, str] | None = None
    limit_train: int | None = None


def split_records(
    records: Sequence[Record], options: SplitOptions
) -> tuple[list[Record], list[Record], list[Record]]:
    """(train, test, unlabelled) records per `options`."""
    records = select(records, where=options.where)
    names = {r.split for r in records}
    if not names & (set(options.train_splits) | set(options.test_splits)):
        records = with_fixed_split(records, options.test_percent)
    train = select(records, splits=options.train_splits, langs=options.train_langs)
    test = select(records, splits=options.test_splits, langs=options.test_langs)
    unlabelled = (
        select(records, splits=options.unlabelled_splits) if options.unlabelled_splits else []
    )
    if options.limit_train is not None:
        train = train[: options.limit_train]
    return train, test, unlabelled


def run_triage(
    records: Sequence[Record],
    options: SplitOptions,
    *,
    languages: Sequence[str] | None = None,
    semantic_mode: str = "routed",
) -> dict[str, Any]:
    """Train a triage model on the train part and score it on the test part."""
    from omotenashi.engine.triage import Example, TriageConfig, train_triage

    train, test, unlabelled = split_records(records, options)
    if not train or not test:
        raise ValueError(
            f"nothing to train on or test: {len(train)} train, {len(test)} test records"
        )
    served = tuple(languages) if languages else DEFAULT_LANGUAGES
    config = TriageConfig(languages=normalise_candidates(served), semantic_mode=semantic_mode)
    started = time.perf_counter()
    model = train_triage(
        [Example(text=r.text, label=r.label, lang=r.lang, id=r.id) for r in train],
        unlabelled=[(r.text, r.lang) for r in unlabelled],
        config=config,
    )
    trained = time.perf_counter() - started
    started = time.perf_counter()
    predictions = model.predict_many([r.text for r in test], [r.lang for r in test], explain=False)
    predicted_in = time.perf_counter() - started
    metrics = classification_metrics(
        [r.label for r in test],
        [p.label for p in predictions],
        [r.lang for r in test],
        confidences=[p.confidence for p in predictions],
    )
    return {
        "task": "triage",
        **metrics.as_dict(),
        "n_train": len(train),
        "n_labels": len(model.labels),
        "train_languages": dict(Counter(r.lang or "und" for r in train)),
        "calibration": model.meta.calibration,
        "train_seconds": round(trained, 2),
        "predict_ms_per_text": round(1000 * predicted_in / len(test), 3),
        "semantic_mode": semantic_mode,
        "model_version": model.version,
    }


def run_language(
    records: Sequence[Record],
    *,
    candidates: Sequence[str] = DEFAULT_LANGUAGES,
    group_field: str | None = "granularity",
    test_splits: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Detect the language of every record whose label is a candidate; score against the label.

    Records in other languages are left out (the desk does not serve them). When records
    carry `group_field` (e.g. langid_short's granularity) figures are also given per group.
    """
    codes = normalise_candidates(candidates)
    rows = [
        r for r in records if r.label in codes and (test_splits is None or r.split in test_splits)
    ]
    if not rows:
        raise ValueError("no records whose label is one of the candidate languages")
    started = time.perf_counter()
    guesses = [detect_language(r.text, codes).lang for r in rows]
    elapsed = time.perf_counter() - started
    gold = [r.label for r in rows]
    metrics = classification_metrics(gold, guesses, gold)
    report: dict[str, Any] = {"task": "language", "candidates": list(codes), **metrics.as_dict()}
    if group_field and any(group_field in r.extra for r in rows):
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            groups[str(r.extra.get(group_field))].append(i)
        report["per_group"] = {
            name: classification_metrics(
                [gold[i] for i in idx], [guesses[i] for i in idx], [gold[i] for i in idx]
            ).as_dict()
            for name, idx in sorted(groups.items())
        }
    report["texts_per_second"] = round(len(rows) / elapsed, 1)
    return report


def run_sentiment(
    records: Sequence[Record],
    options: SplitOptions,
    *,
    languages: Sequence[str] | None = None,
    semantic_mode: str = "routed",
) -> dict[str, Any]:
    """Train the triage model on sentiment labels (train split) and score it (test split).

    Also reports how well the untrained frustration score (urgency.py, lexicon and
    surface cues, never fitted to this data) separates "negative" from the rest per
    language, as ROC AUC, when the labels include "negative".
    """
    from omotenashi.engine.urgency import frustration

    report = run_triage(records, options, languages=languages, semantic_mode=semantic_mode)
    report["task"] = "sentiment"
    _, test, _ = split_records(records, options)
    if any(r.label == "negative" for r in test):
        by_lang: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for r in test:
            by_lang[r.lang or "und"].append(
                (frustration(r.text, lang=r.lang).value, r.label == "negative")
            )
        report["frustration_auc_negative"] = {
            lang: round(roc_auc([s for s, _ in pairs], [t for _, t in pairs]), 4)
            for lang, pairs in sorted(by_lang.items())
        }
    return report


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    # Rank-sum (Mann-Whitney U) with average ranks for ties.
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += average * sum(flag for _, flag in ranked[i:j])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
