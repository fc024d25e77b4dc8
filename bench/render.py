"""Render time of the agent workspace pages at the loaded size (a benchmark, not a test).

    DATABASE_URL=sqlite:////tmp/omotenashi-bench/bench.sqlite3 \\
        .venv/bin/python bench/render.py --report /tmp/render-sqlite.json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench \\
        .venv/bin/python bench/render.py --report /tmp/render-pg.json
    .venv/bin/python bench/render.py --markdown /tmp/render-sqlite.json /tmp/render-pg.json

Load the desk first with bench/load.py (10^5 tickets). For an admin (every queue) and an
agent of one team (2 of 8 queues), it requests each inbox view (mine, unassigned, at risk,
all, one queue; first page of 50 and, for "all", a page after a deep cursor), the live
poll of the inbox rows (htmx), and the ticket page of randomly drawn tickets the agent may
see, with the list context the inbox links carry (for the next-ticket shortcut).

Each request goes through the whole Django stack in this process (middleware, session and
sign-in, view, selectors, template) with Django's test client, so a figure is what the
server spends on the page, without network or browser. Reports p50, p95 and max in ms and
the number of SQL queries per page. Requests run one after another: latency, not load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

TARGET_P95_MS = 150.0


def measure(client: Any, paths: list[str], *, warmup: int = 3, **headers: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths[:warmup]:
        client.get(path, **headers)
    latencies: list[float] = []
    queries: list[int] = []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path, **headers)
            latencies.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        queries.append(len(captured.captured_queries))
    return {
        "n": len(paths),
        "p50": round(_setup.percentile(latencies, 0.5), 1),
        "p95": round(_setup.percentile(latencies, 0.95), 1),
        "max": round(max(latencies), 1),
        "queries": max(queries),
    }


def pages_for(
    agent: Any, rng: random.Random, repeat: int, tickets: int
) -> dict[str, tuple[list[str], dict[str, str]]]:
    from django.urls import reverse

    from omotenashi.tickets import selectors
    from omotenashi.tickets.models import Ticket

    queue = selectors.queues_for_agent(agent=agent).order_by("id").first()
    assert queue is not None
    visible = selectors.tickets_visible_to_agent(agent=agent)
    bounds = visible.order_by("id").values_list("id", flat=True)
    lo, hi = bounds.first(), bounds.last()
    deep = []
    for t in Ticket.objects.filter(id__in=[rng.randint(lo, hi) for _ in range(repeat)]).only(
        "id", "updated_at", "attention"
    ):
        deep.append(
            reverse("tickets:inbox_view", args=["all"])
            + "?status=any&cursor="
            # The inbox lists by attention unless the agent asks for ?sort=activity.
            + selectors.encode_cursor(t, order="attention")
        )
    sample: list[int] = []
    while len(sample) < tickets:
        candidates = [rng.randint(lo, hi) for _ in range(tickets * 2)]
        sample += list(visible.filter(id__in=candidates).values_list("id", flat=True))[
            : tickets - len(sample)
        ]
    # The inbox links carry the list the ticket was opened from (next/previous ticket).
    unassigned = reverse("tickets:inbox_view", args=["unassigned"])
    ticket_paths = [reverse("tickets:detail", args=[pk]) + "?list=all" for pk in sample]
    return {
        "inbox mine": ([reverse("tickets:inbox")] * repeat, {}),
        "inbox unassigned": ([unassigned] * repeat, {}),
        "inbox at risk": ([reverse("tickets:inbox_view", args=["at-risk"])] * repeat, {}),
        "inbox all (any status)": (
            [reverse("tickets:inbox_view", args=["all"]) + "?status=any"] * repeat,
            {},
        ),
        "inbox one queue": ([reverse("tickets:queue", args=[queue.slug])] * repeat, {}),
        "inbox all, deep cursor": (deep, {}),
        "inbox live poll (htmx rows)": ([unassigned] * repeat, {"HTTP_HX_REQUEST": "true"}),
        "ticket page": (ticket_paths, {}),
    }


def run(repeat: int, tickets: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from omotenashi.accounts.models import Agent
    from omotenashi.tickets.models import Ticket

    rng = random.Random(seed)
    agents = {
        "admin": Agent.objects.get(user__username="bench-admin"),
        "one team": Agent.objects.filter(user__username__startswith="bench-it-")
        .order_by("id")
        .first(),
    }
    out: dict[str, Any] = {
        "vendor": connection.vendor,
        "tickets": Ticket.objects.count(),
        "machine": _setup.machine(),
        "target_p95_ms": TARGET_P95_MS,
        "pages": {},
    }
    load_before = os.getloadavg()[0]
    for who, agent in agents.items():
        client = Client()
        client.force_login(agent.user)
        for name, (paths, headers) in pages_for(agent, rng, repeat, tickets).items():
            out["pages"][f"{name} ({who})"] = measure(client, paths, **headers)
            print(f"{name} ({who}): {out['pages'][f'{name} ({who})']}", file=sys.stderr)
    out["load_average"] = {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1)}
    return out


def markdown(reports: list[dict[str, Any]]) -> str:
    headers = [f"{r['vendor']} {r['tickets']:,}" for r in reports]
    lines = [
        "| Page (p50 / p95 ms, queries) | " + " | ".join(headers) + " |",
        "|---|" + "---:|" * len(reports),
    ]
    keys: list[str] = []
    for report in reports:
        keys += [k for k in report["pages"] if k not in keys]
    for key in keys:
        cells = []
        for report in reports:
            v = report["pages"].get(key)
            cells.append(f"{v['p50']:.0f} / **{v['p95']:.0f}**, {v['queries']}" if v else "-")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=100, help="Requests per inbox view and agent."
    )
    parser.add_argument("--tickets", type=int, default=200, help="Ticket pages per agent.")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--report", type=Path, help="Also write the figures as JSON to this file.")
    parser.add_argument(
        "--markdown",
        nargs="+",
        type=Path,
        metavar="REPORT",
        help="Print a table for docs/performance.md from earlier reports, and stop.",
    )
    args = parser.parse_args()
    if args.markdown:
        print(markdown([json.loads(p.read_text()) for p in args.markdown]))
        return
    _setup.require_bench_database()
    _setup.setup_django()
    from django.core.management import call_command

    # A desk loaded by an older bench/load.py gets the indexes of today's code.
    call_command("migrate", verbosity=0)
    result = run(args.repeat, args.tickets, args.seed)
    slow = {k: v["p95"] for k, v in result["pages"].items() if v["p95"] >= TARGET_P95_MS}
    result["over_target"] = slow
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
