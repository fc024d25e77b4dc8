"""Markdown tables for docs/performance.md from the JSON the other bench scripts wrote.

    .venv/bin/python bench/report.py latency REPORT.json [REPORT.json ...]
    .venv/bin/python bench/report.py create REPORT.json [REPORT.json ...]

`latency` puts several list_search.py reports side by side (p50 / p95 per measurement);
`create` lists api_create.py reports one per line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _load(paths: list[str]) -> list[dict[str, Any]]:
    return [json.loads(Path(path).read_text()) for path in paths]


def latency(reports: list[dict[str, Any]]) -> str:
    headers = [f"{r['vendor']} {r['tickets']:,}" for r in reports]
    lines = [
        "| Measurement (p50 / p95 ms) | " + " | ".join(headers) + " |",
        "|---|" + "---:|" * len(reports),
    ]
    for section in ("direct", "http"):
        keys: list[str] = []
        for report in reports:
            keys += [k for k in report.get(section, {}) if k not in keys]
        for key in keys:
            cells = []
            for report in reports:
                value = report.get(section, {}).get(key)
                cells.append(f"{value['p50']:.0f} / {value['p95']:.0f}" if value else "-")
            label = key if section == "http" else f"selector: {key}"
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def create(reports: list[dict[str, Any]]) -> str:
    lines = [
        "| Database | Server | Clients | Tickets/s | p50 ms | p95 ms | p99 ms | Non-201 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        bad = sum(n for code, n in r["statuses"].items() if code != "201")
        ms = r["latency_ms"]
        lines.append(
            f"| {r.get('vendor', '?')} | {r['server']} | {r['clients']} | "
            f"{r['tickets_per_second']} | {ms['p50']} | {ms['p95']} | {ms['p99']} | {bad} |"
        )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in ("latency", "create"):
        sys.exit(__doc__)
    reports = _load(sys.argv[2:])
    print(latency(reports) if sys.argv[1] == "latency" else create(reports))


if __name__ == "__main__":
    main()
