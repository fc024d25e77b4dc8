"""Labelled JSON Lines data for evaluation: one object per line with at least
`text`, `label`, `lang` and `split` (extra fields are kept in `extra`).

Splits: a record's `split` names its part ("train", "test", "valid", ...). Data without a
usable split (e.g. `"all"`) is divided by `fixed_split`: a record goes to the test part
when the hash of its text falls in the lowest `test_percent` of 100 buckets. That is
deterministic (the same text is always on the same side, whatever the file order or
the machine) and needs no seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omotenashi.engine.text import text_key


@dataclass(frozen=True)
class Record:
    text: str
    label: str
    lang: str | None
    split: str
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class DataError(ValueError):
    """The file is not JSON Lines of the expected schema; the message names the line."""


def read_jsonl(path: str | Path, *, label_field: str = "label") -> list[Record]:
    """Records of a JSONL file. `label_field` picks another field as the label (e.g. "priority").

    Rows whose label is missing or empty are skipped (nothing to learn or score).
    """
    # split("\n"), not splitlines(): JSON strings may contain U+2028 and other characters
    # that splitlines() treats as line ends.
    text = Path(path).read_text(encoding="utf-8")
    return list(_parse(text.split("\n"), label_field, str(path)))


def _parse(lines: Iterable[str], label_field: str, name: str) -> Iterator[Record]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{name}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise DataError(f"{name}:{number}: expected an object with a string 'text'")
        label = row.get(label_field)
        if label is None or label == "":
            continue
        lang = row.get("lang")
        yield Record(
            text=row["text"],
            label=str(label),
            lang=str(lang) if lang else None,
            split=str(row.get("split") or "all"),
            id=str(row["id"]) if row.get("id") is not None else None,
            extra={
                k: v for k, v in row.items() if k not in {"text", "label", "lang", "split", "id"}
            },
        )


def fixed_split(record: Record, test_percent: int = 20) -> str:
    """ "test" for about `test_percent`% of texts (by text hash), else "train"."""
    bucket = int(text_key(record.text)[:8], 16) % 100
    return "test" if bucket < test_percent else "train"


def select(
    records: Sequence[Record],
    *,
    splits: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
    where: dict[str, str] | None = None,
) -> list[Record]:
    """Records in any of `splits` and `langs` (None: all) whose extra fields match `where`."""
    out = []
    for record in records:
        if splits is not None and record.split not in splits:
            continue
        if langs is not None and record.lang not in langs:
            continue
        if where and any(str(record.extra.get(k)) != v for k, v in where.items()):
            continue
        out.append(record)
    return out


def with_fixed_split(records: Sequence[Record], test_percent: int = 20) -> list[Record]:
    """Records with `split` replaced by `fixed_split` (for data that has no split of its own)."""
    return [
        Record(r.text, r.label, r.lang, fixed_split(r, test_percent), r.id, r.extra)
        for r in records
    ]
