"""The deep-cursor position query with and without its redundant bound (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench_1e6 \\
        .venv/bin/python bench/deep_cursor.py --pages 40

`tickets.selectors.ticket_list_for_agent` continues a list after a cursor (t, n) with
`updated_at < t OR (updated_at = t AND id < n)`, plus the implied `updated_at <= t` that lets
the database start its index range at the cursor. This runs the position query of pages
starting at random tickets of the desk both ways, for the admin and for an agent of one
team, and reports the database's own execution time (EXPLAIN ANALYZE on PostgreSQL; the
query's wall time on SQLite), so the figure is the query plan's, not Python's.
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=40, help="Random cursors per variant.")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    _setup.require_bench_database()
    _setup.setup_django()
    from django.db import connection
    from django.db.models import Max, Min, Q
    from tqdm import tqdm

    from omotenashi.accounts.models import Agent
    from omotenashi.tickets.models import Ticket
    from omotenashi.tickets.selectors import tickets_visible_to_agent

    rng = random.Random(args.seed)
    bounds = Ticket.objects.aggregate(lo=Min("id"), hi=Max("id"))
    wanted = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(args.pages)]
    cursors = list(Ticket.objects.filter(id__in=wanted).values_list("updated_at", "id"))
    one_team = Agent.objects.filter(user__username__startswith="bench-it-").order_by("id").first()
    if one_team is None:
        sys.exit("No bench agents: load the database with bench/load.py first.")
    agents = {"admin": Agent.objects.get(user__username="bench-admin"), "one team": one_team}

    def run(sql: str, params: Any) -> float:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                return float(plan[0]["Execution Time"])
            began = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            return (time.perf_counter() - began) * 1000

    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "tickets": Ticket.objects.count(),
        "machine": _setup.machine(),
        "load_average_before": round(os.getloadavg()[0], 1),
    }
    variants = [("OR only (before)", False), ("with updated_at <= t", True)]
    with tqdm(total=len(agents) * len(variants) * len(cursors), unit="query") as bar:
        for who, agent in agents.items():
            for label, bound in variants:
                times = []
                for stamp, pk in cursors:
                    rows = tickets_visible_to_agent(agent=agent)
                    if bound:
                        rows = rows.filter(updated_at__lte=stamp)
                    after = Q(updated_at__lt=stamp) | Q(updated_at=stamp, id__lt=pk)
                    query = (
                        rows.filter(after)
                        .order_by("-updated_at", "-id")
                        .values_list("id", "updated_at")[:51]
                    )
                    times.append(run(*query.query.sql_with_params()))
                    bar.update(1)
                result[f"{label} ({who})"] = {
                    "n": len(times),
                    "p50": round(_setup.percentile(times, 0.5), 2),
                    "p95": round(_setup.percentile(times, 0.95), 2),
                    "max": round(max(times), 2),
                }
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(result, indent=2))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
