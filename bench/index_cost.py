"""What keeping the search index in step costs a ticket write (docs/decisions/0007-...).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench_1e5 \\
        .venv/bin/python bench/index_cost.py --rounds 10

Creates a ticket and adds a reply through the real services, alternately with and without
the search hooks registered, and reports the median cost per (create + reply) in wall
time and in this process's CPU time. Also times the hook's own work (rebuilding one
ticket's document) on existing tickets. Everything runs in a transaction that is rolled
back at the end: the bench database is left as it was.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=20)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    _setup.require_bench_database()
    _setup.setup_django()

    from django.db import connection, transaction
    from tqdm import tqdm

    from omotenashi.accounts.models import Agent
    from omotenashi.customers.services import guest_get_or_create_by_email
    from omotenashi.search import services
    from omotenashi.tickets import hooks
    from omotenashi.tickets.models import Ticket
    from omotenashi.tickets.services import ticket_create, ticket_reply

    agent = Agent.objects.get(user__username="bench-admin")
    counter = [0]

    def write_pair() -> None:
        counter[0] += 1
        guest, _ = guest_get_or_create_by_email(
            email=f"index-cost-{counter[0]}@example.com", name="Index Cost"
        )
        ticket = ticket_create(
            requester=guest,
            subject="Docking station loses the second monitor",
            body_text="Since Monday the docking station drops the second monitor every hour. " * 3,
            channel="api",
        )
        ticket_reply(
            ticket=ticket, agent=agent, body_text="Could you try the other USB-C port? " * 3
        )

    def measure(per: int) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(per):
            with transaction.atomic():
                write_pair()
        return (time.perf_counter() - wall) / per * 1000, (time.process_time() - cpu) / per * 1000

    result: dict[str, Any] = {"vendor": connection.vendor, "machine": _setup.machine()}
    samples: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    try:
        with transaction.atomic():
            write_pair()  # warm up
            for _ in tqdm(range(args.rounds), desc="rounds (with, without hooks)", unit="round"):
                samples["with"].append(measure(args.per_round))
                hooks._message_added.remove(services.on_message_added)
                hooks._ticket_changed.remove(services.on_ticket_changed)
                try:
                    samples["without"].append(measure(args.per_round))
                finally:
                    hooks.on_message_added(services.on_message_added)
                    hooks.on_ticket_changed(services.on_ticket_changed)
            ids = list(Ticket.objects.order_by("-id").values_list("id", flat=True)[:500])
            wall, cpu = time.perf_counter(), time.process_time()
            for ticket_id in ids:
                with transaction.atomic():
                    services._write_documents([ticket_id])
            result["rebuild_one_document_ms"] = {
                "wall": round((time.perf_counter() - wall) / len(ids) * 1000, 2),
                "cpu": round((time.process_time() - cpu) / len(ids) * 1000, 2),
            }
            raise Rollback
    except Rollback:
        pass
    for key, values in samples.items():
        result[f"create_and_reply_ms_{key}_search_hooks"] = {
            "wall_median": round(statistics.median(v[0] for v in values), 2),
            "cpu_median": round(statistics.median(v[1] for v in values), 2),
        }
    print(json.dumps(result, indent=2))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
