"""The `eval` management command is the engine's CLI behind Django's command machinery."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from omotenashi.insights.management.commands.eval import Command


def test_eval_language_prints_one_json_object(tmp_path: Path) -> None:
    data = tmp_path / "lang.jsonl"
    rows = [
        {"text": "Kan ni ringa mig i eftermiddag?", "label": "sv", "lang": "sv", "split": "test"},
        {
            "text": "Können Sie mich heute zurückrufen?",
            "label": "de",
            "lang": "de",
            "split": "test",
        },
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = io.StringIO()
    call_command(Command(), "language", "--data", str(data), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["accuracy"] == 1.0
    assert set(report["per_language"]) == {"sv", "de"}


def test_eval_fails_cleanly_on_a_missing_file() -> None:
    with pytest.raises(CommandError, match="evaluation failed"):
        call_command(Command(), "triage", "--data", "/nonexistent/file.jsonl", stderr=io.StringIO())
