"""List and search latency at the loaded size (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench \\
        .venv/bin/python bench/list_search.py --queries 200 --http

Measures, for an admin (every queue) and an agent of one team (2 of 8 queues):

- lists: the first page (50, newest activity first), the first page of open tickets, and
  pages after a random deep cursor (anywhere in the year);
- search: common words, words in about 1 % of tickets, rare words, quoted phrases, several
  words, type-ahead prefixes, Japanese, and ticket numbers; the words are drawn from the
  loaded tickets themselves.

Each through the selectors directly (what a view costs) and, with --http, through the
API on a real gunicorn (what a client sees: auth, JSON, HTTP on loopback). Reports p50,
p95 and max in milliseconds. Queries run one after another: this is latency, not load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def _sample_texts(rng: random.Random, size: int) -> list[tuple[int, str, str]]:
    """(id, subject, first message) of `size` random tickets."""
    from django.db.models import Max, Min

    from omotenashi.tickets.models import Message, Ticket

    bounds = Ticket.objects.aggregate(lo=Min("id"), hi=Max("id"))
    ids = sorted({rng.randint(bounds["lo"], bounds["hi"]) for _ in range(size)})
    subjects = dict(Ticket.objects.filter(id__in=ids).values_list("id", "subject"))
    bodies: dict[int, str] = {}
    for ticket_id, text in (
        Message.objects.filter(ticket_id__in=ids)
        .order_by("id")
        .values_list("ticket_id", "body_text")
    ):
        bodies.setdefault(ticket_id, text)
    return [(i, subjects[i], bodies.get(i, "")) for i in ids if i in subjects]


def build_queries(rng: random.Random, per_kind: int) -> dict[str, list[str]]:
    from omotenashi.search.text import fold

    sample = _sample_texts(rng, 4000)
    frequency: Counter[str] = Counter()
    words_of: list[list[str]] = []
    for _, subject, body in sample:
        words = [w for w in re.findall(r"[^\W\d_]{3,}", fold(f"{subject} {body}")) if w.isascii()]
        words_of.append(words)
        frequency.update(set(words))
    common = [w for w, _ in frequency.most_common(40)]
    rare = [w for w, n in frequency.items() if n == 1 and len(w) >= 6]
    middling = [w for w, n in frequency.items() if 5 <= n <= 50 and len(w) >= 5]
    # 0.5-1.5 % of tickets: too many for a cheap GIN lookup, too few to stop early when
    # walking the newest tickets; the hardest band for the query planner.
    mid = [w for w, n in frequency.items() if 20 <= n <= 60 and len(w) >= 4]
    phrases, multi, japanese = [], [], []
    for words in words_of:
        if len(words) >= 4:
            i = rng.randrange(len(words) - 1)
            phrases.append(f'"{words[i]} {words[i + 1]}"')
            multi.append(" ".join(rng.sample(words, 3)) + " ")
    for _, subject, body in sample:
        for run in CJK_RUN.findall(f"{subject} {body}"):
            length = min(len(run), rng.randint(2, 4))
            start = rng.randrange(len(run) - length + 1)
            japanese.append(run[start : start + length])
    ids = [i for i, _, _ in sample]

    def pick(pool: list[str], count: int) -> list[str]:
        return [rng.choice(pool) for _ in range(count)] if pool else []

    return {
        "common word": [w + " " for w in pick(common, per_kind)],
        "mid-frequency word": [w + " " for w in pick(mid, per_kind)],
        "rare word": [w + " " for w in pick(rare, per_kind)],
        "phrase": pick(phrases, per_kind),
        "three words": pick(multi, per_kind),
        "type-ahead": [w[: rng.randint(3, 5)] for w in pick(common + middling, per_kind)],
        "japanese": pick(japanese, per_kind),
        "ticket number": [f"#{rng.choice(ids)}" for _ in range(per_kind)],
    }


class Progress:
    """One progress bar over every measured call of the run (set up in main)."""

    bar: Any = None

    @classmethod
    def step(cls) -> None:
        if cls.bar is not None:
            cls.bar.update(1)


def timed(calls: list[Callable[[], int]], warmup: int = 5) -> dict[str, float]:
    """Run each call once (after `warmup` unmeasured ones); latency percentiles in ms."""
    for call in calls[:warmup]:
        call()
    latencies, results = [], []
    for call in calls:
        began = time.perf_counter()
        results.append(call())
        latencies.append((time.perf_counter() - began) * 1000)
        Progress.step()
    return {
        "n": len(calls),
        "p50": round(_setup.percentile(latencies, 0.5), 1),
        "p95": round(_setup.percentile(latencies, 0.95), 1),
        "max": round(max(latencies), 1) if latencies else 0.0,
        "mean_results": round(sum(results) / len(results), 1) if results else 0.0,
    }


def deep_cursors(rng: random.Random, count: int) -> list[str]:
    """Cursors that start a page anywhere in the desk's history."""
    from django.db.models import Max, Min

    from omotenashi.tickets.models import Ticket
    from omotenashi.tickets.selectors import encode_cursor

    bounds = Ticket.objects.aggregate(lo=Min("id"), hi=Max("id"))
    ids = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(count)]
    return [encode_cursor(t) for t in Ticket.objects.filter(id__in=ids).only("id", "updated_at")]


def direct(
    agents: dict[str, Any], queries: dict[str, list[str]], cursors: list[str], lists: int
) -> dict[str, Any]:
    from omotenashi.search.selectors import search_tickets
    from omotenashi.tickets.selectors import TicketFilters, ticket_list_for_agent

    def page(agent: Any, filters: TicketFilters, cursor: str | None = None) -> Callable[[], int]:
        def call() -> int:
            result = ticket_list_for_agent(agent=agent, filters=filters, cursor=cursor, limit=50)
            return sum(
                1
                for t in result.items
                if t.queue and t.requester and list(t.tags.all()) is not None
            )

        return call

    def search(agent: Any, query: str) -> Callable[[], int]:
        return lambda: len(search_tickets(agent=agent, query=query))

    out: dict[str, Any] = {}
    for who, agent in agents.items():
        out[f"list first page ({who})"] = timed(
            [page(agent, TicketFilters()) for _ in range(lists)]
        )
        out[f"list open, first page ({who})"] = timed(
            [page(agent, TicketFilters(open_only=True)) for _ in range(lists)]
        )
        out[f"list deep cursor ({who})"] = timed([page(agent, TicketFilters(), c) for c in cursors])
        for kind, items in queries.items():
            out[f"search {kind} ({who})"] = timed([search(agent, q) for q in items])
    return out


def over_http(
    base: str, tokens: dict[str, str], queries: dict[str, list[str]], cursors: list[str], lists: int
) -> dict[str, Any]:
    import httpx

    out: dict[str, Any] = {}
    for who, token in tokens.items():
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as http:

            def get(
                path: str, params: dict[str, Any], key: str = "items", client: Any = http
            ) -> Callable[[], int]:
                def call() -> int:
                    response = client.get(path, params=params)
                    response.raise_for_status()
                    return len(response.json()[key])

                return call

            out[f"GET /tickets first page ({who})"] = timed(
                [get("/api/v1/tickets", {"limit": 50}) for _ in range(lists)]
            )
            out[f"GET /tickets deep cursor ({who})"] = timed(
                [get("/api/v1/tickets", {"limit": 50, "cursor": c}) for c in cursors]
            )
            for kind, items in queries.items():
                out[f"GET /search {kind} ({who})"] = timed(
                    [get("/api/v1/search", {"q": q}) for q in items]
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=200, help="Queries per kind and agent.")
    parser.add_argument("--lists", type=int, default=100, help="First-page lists per agent.")
    parser.add_argument(
        "--http", action="store_true", help="Also measure through the API on gunicorn."
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for --http.")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--report", type=Path)
    parser.add_argument(
        "--quiet",
        type=float,
        metavar="LOAD",
        help="First wait (up to 30 min) until the 1-minute load average is at most LOAD.",
    )
    args = parser.parse_args()

    _setup.require_bench_database()
    _setup.setup_django()
    from django.db import connection
    from tqdm import tqdm

    from omotenashi.accounts.models import Agent
    from omotenashi.accounts.services import api_token_create
    from omotenashi.tickets.models import Ticket

    rng = random.Random(args.seed)
    admin = Agent.objects.get(user__username="bench-admin")
    agent = Agent.objects.filter(user__username__startswith="bench-it-").order_by("id").first()
    agents = {"admin": admin, "one team": agent}
    queries = build_queries(rng, args.queries)
    cursors = deep_cursors(rng, args.queries)
    _setup.wait_for_quiet(args.quiet)
    load_before = os.getloadavg()[0]
    # Per agent: two kinds of first page, the deep cursors, every search kind; twice with --http.
    per_agent = 2 * args.lists + len(cursors) + sum(len(items) for items in queries.values())
    per_agent_http = args.lists + len(cursors) + sum(len(items) for items in queries.values())
    total = len(agents) * (per_agent + (per_agent_http if args.http else 0))
    Progress.bar = tqdm(total=total, desc="queries", unit="query")
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "tickets": Ticket.objects.count(),
        "machine": _setup.machine(),
        "examples": {kind: items[:5] for kind, items in queries.items()},
        "direct": direct(agents, queries, cursors, args.lists),
    }
    if args.http:
        from _server import gunicorn

        tokens = {who: api_token_create(agent=a, name="bench")[1] for who, a in agents.items()}
        connection.close()
        with gunicorn(workers=args.workers, data_dir=Path("/tmp/omotenashi-bench/server")) as base:
            result["http"] = over_http(base, tokens, queries, cursors, args.lists)
    Progress.bar.close()
    # Latency on a shared machine depends on what else runs; the load average says how much.
    result["load_average"] = {
        "before": round(load_before, 1),
        "after": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
