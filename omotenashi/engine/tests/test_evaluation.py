"""Metrics, data reading and the eval command on small files made here."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from omotenashi.engine.cli import main
from omotenashi.engine.data import DataError, Record, fixed_split, read_jsonl
from omotenashi.engine.evaluation import (
    accuracy,
    classification_metrics,
    expected_calibration_error,
    macro_f1,
    roc_auc,
)
from omotenashi.engine.tests.samples import ENGLISH_TRAINING


def test_accuracy_and_macro_f1_by_hand() -> None:
    gold = ["a", "a", "b", "c"]
    pred = ["a", "b", "b", "b"]
    assert accuracy(gold, pred) == 0.5
    # F1: a = 2/3, b = 2*1/(2+2+0) = 0.5, c = 0 -> mean 0.3889
    assert math.isclose(macro_f1(gold, pred), (2 / 3 + 0.5 + 0) / 3)


def test_per_language_figures() -> None:
    metrics = classification_metrics(["a", "b", "a"], ["a", "a", "a"], ["en", "nl", "nl"])
    assert metrics.per_language["en"]["accuracy"] == 1.0
    assert metrics.per_language["nl"]["accuracy"] == 0.5


def test_calibration_error_and_auc() -> None:
    assert expected_calibration_error([True, False], [1.0, 0.0]) == 0.0
    assert math.isclose(expected_calibration_error([True, True], [0.5, 0.5]), 0.5)
    assert roc_auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5


def test_fixed_split_is_stable_and_near_the_asked_share() -> None:
    records = [Record(f"text {i}", "x", "en", "all") for i in range(2000)]
    first = [fixed_split(r) for r in records]
    assert first == [fixed_split(r) for r in records]
    share = first.count("test") / len(first)
    assert 0.16 < share < 0.24


def test_bad_lines_are_reported_with_their_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "label": "a"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(DataError, match=":2:"):
        read_jsonl(path)


def test_line_separator_inside_a_string_is_not_a_line_end(tmp_path: Path) -> None:
    path = tmp_path / "u2028.jsonl"
    path.write_text(json.dumps({"text": "a\u2028b", "label": "x"}) + "\n", encoding="utf-8")
    assert read_jsonl(path)[0].text == "a\u2028b"


def _write(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return str(path)


def test_eval_triage_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"text": t, "label": label, "lang": "en", "split": "train"}
        for label, texts in ENGLISH_TRAINING.items()
        for t in texts
    ]
    rows += [
        {
            "text": "Mijn wachtwoord werkt niet meer",
            "label": "accounts",
            "lang": "nl",
            "split": "test",
        },
        {"text": "De wifi valt steeds weg", "label": "network", "lang": "nl", "split": "test"},
        {
            "text": "Please send the invoice again",
            "label": "billing",
            "lang": "en",
            "split": "test",
        },
    ]
    data = _write(tmp_path / "t.jsonl", rows)
    assert main(["eval", "triage", "--data", data, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"accuracy", "macro_f1", "per_language"} <= set(report)
    assert set(report["per_language"]) == {"en", "nl"}
    assert report["n"] == 3 and report["n_train"] == 24


def test_eval_language_per_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {
            "text": "Kan ni ringa mig i eftermiddag?",
            "label": "sv",
            "lang": "sv",
            "split": "test",
            "granularity": "s",
        },
        {
            "text": "Pouvez-vous me rappeler ?",
            "label": "fr",
            "lang": "fr",
            "split": "test",
            "granularity": "s",
        },
        {
            "text": "Dit is een zin in het Pools",
            "label": "pl",
            "lang": "pl",
            "split": "test",
            "granularity": "s",
        },
    ]
    data = _write(tmp_path / "l.jsonl", rows)
    assert main(["eval", "language", "--data", data, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 2  # Polish is not served, so it is left out
    assert report["accuracy"] == 1.0
    assert "s" in report["per_group"]


def test_eval_sentiment_reports_frustration_auc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    neg = [
        "This is unacceptable, still broken",
        "Terrible service, I am furious",
        "Worst support ever, useless",
    ]
    pos = [
        "Thank you, great help",
        "Wonderful service, thanks a lot",
        "Very happy with the quick fix",
    ]
    rows = [
        {"text": t, "label": "negative", "lang": "en", "split": s}
        for t in neg
        for s in ("train", "test")
    ]
    rows += [
        {"text": t, "label": "positive", "lang": "en", "split": s}
        for t in pos
        for s in ("train", "test")
    ]
    data = _write(tmp_path / "s.jsonl", rows)
    assert main(["eval", "sentiment", "--data", data, "--candidates", "en", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["frustration_auc_negative"]["en"] == 1.0


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "triage", "--data", "/nonexistent.jsonl"]) == 2
    assert "error" in capsys.readouterr().err


def test_human_readable_output(tmp_path: Path) -> None:
    from omotenashi.engine.cli import format_report

    text = format_report(
        {"task": "triage", "n": 1, "accuracy": 1.0, "macro_f1": 1.0, "per_language": {}}
    )
    assert "accuracy=1.0000" in text
    assert isinstance(io.StringIO(text).read(), str)
