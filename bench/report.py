"""Markdown tables for docs/performance.md from the JSON the other bench scripts wrote.

    .venv/bin/python bench/report.py latency REPORT.json [REPORT.json ...]
    .venv/bin/python bench/report.py create REPORT.json [REPORT.json ...]
    .venv/bin/python bench/report.py profile REPORT.json [REPORT.json ...]

`latency` puts several list_search.py reports side by side (p50 / p95 per measurement);
`create` lists api_create.py reports one per line; `profile` puts create_profile.py
reports side by side.
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
        "| Database | Tasks | Server | Client | Conn. | Tickets/s | p50 ms | p95 ms | p99 ms "
        "| Non-201 | CPU ms/ticket: server + database + client | Others' CPU ms/ticket | Load |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in reports:
        bad = sum(n for code, n in r["statuses"].items() if code != "201")
        ms = r.get("latency_ms (all answers)") or r.get("latency_ms", {})
        cpu = r.get("cpu_ms_per_ticket", {})
        own = " + ".join(
            f"{cpu.get(key, 0):.1f}"
            for key in (
                "server (gunicorn workers)",
                "database (this run's backends)",
                "client",
            )
        )
        load = r.get("load_average_measured_run") or {}
        keys = " (keys)" if r.get("idempotency_keys") else ""
        tasks = "broker" if str(r.get("tasks", "eager")).startswith("queued") else "eager"
        lines.append(
            f"| {r.get('vendor', '?')} | {tasks} | {r['server'].replace('gunicorn ', '')} | "
            f"{r.get('client', 'httpx')}{keys} | {r['clients']} | {r['tickets_per_second']} | "
            f"{ms.get('p50', '-')} | {ms.get('p95', '-')} | {ms.get('p99', '-')} | {bad} | "
            f"{own or '-'} | {cpu.get('everything else on the machine', '-')} | "
            f"{load.get('before', '-')}-{load.get('after', '-')} |"
        )
    return "\n".join(lines)


def profile(reports: list[dict[str, Any]]) -> str:
    """create_profile.py reports side by side: per-request figures and steps (CPU ms)."""
    headers = [f"{r['vendor']} {r.get('label', '')}".strip() for r in reports]
    lines = [
        "| Per API ticket creation (ms) | " + " | ".join(headers) + " |",
        "|---|" + "---:|" * len(reports),
    ]
    keys: list[str] = []
    for r in reports:
        keys += [k for k in r["per_request_ms"] if k not in keys]
    for key in keys:
        cells = [str(r["per_request_ms"].get(key, "-")) for r in reports]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    steps: list[str] = []
    for r in reports:
        steps += [k for k in r["steps_ms_per_request"] if k not in steps]
    for step in steps:
        cells = []
        for r in reports:
            value = r["steps_ms_per_request"].get(step)
            cells.append(f"{value['cpu']} ({value['wall']})" if value else "-")
        lines.append(f"| CPU (wall) {step.strip()} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    kinds = {"latency": latency, "create": create, "profile": profile}
    if len(sys.argv) < 3 or sys.argv[1] not in kinds:
        sys.exit(__doc__)
    print(kinds[sys.argv[1]](_load(sys.argv[2:])))


if __name__ == "__main__":
    main()
