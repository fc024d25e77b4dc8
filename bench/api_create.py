"""Ticket creation through the real API under concurrent clients (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench \\
        .venv/bin/python bench/api_create.py --workers 4 --clients 8 --duration 30

Starts gunicorn (`--workers` processes on a free loopback port) against DATABASE_URL,
unless --url names a running server (then --token is needed too). Creates an agent and an
API token, then `--clients` threads each POST /api/v1/tickets in a loop — JSON
{"requester": {"email", "name"}, "subject", "body"} with a Bearer token — for `--duration`
seconds (or `--count` tickets in all). Reports throughput and p50/p95/p99 latency of the
201 answers, and every non-201 answer by status.

Each ticket goes the whole real way: guest lookup or creation, ticket, message, event,
SLA, the search document (same transaction) and whatever the channels hook queues.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup
import httpx


def _payloads(count: int, seed: int) -> list[dict[str, Any]]:
    """Realistic bodies: a pool of guests (most write more than once) and real texts."""
    from corpus import Corpus

    rng = random.Random(seed)
    corpus = Corpus(rng)
    guests = []
    for serial in range(500):
        lang = corpus.language()
        name, email = corpus.person(lang, 900_000_000 + serial)
        guests.append((lang, name, email))
    payloads = []
    for _ in range(count):
        lang, name, email = rng.choice(guests)
        request = corpus.request(lang)
        payloads.append(
            {
                "requester": {"email": email, "name": name},
                "subject": request.subject[:255],
                "body": request.body,
            }
        )
    return payloads


def run(
    *,
    base: str,
    token: str,
    clients: int,
    duration: float,
    count: int | None,
    seed: int,
    keys: bool = False,
) -> dict[str, Any]:
    payloads = _payloads(2000, seed)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    remaining = [count if count is not None else -1]
    start_gate = threading.Barrier(clients + 1)

    def take() -> bool:
        with lock:
            if remaining[0] == 0:
                return False
            if remaining[0] > 0:
                remaining[0] -= 1
            return True

    def client(index: int, deadline_box: list[float]) -> None:
        rng = random.Random(seed + index)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            start_gate.wait()
            while time.monotonic() < deadline_box[0] and take():
                body = rng.choice(payloads)
                extra = {"Idempotency-Key": uuid.uuid4().hex} if keys else {}
                began = time.perf_counter()
                try:
                    response = http.post("/api/v1/tickets", json=body, headers=extra)
                except httpx.HTTPError as exc:
                    with lock:
                        errors[type(exc).__name__] += 1
                    continue
                elapsed = time.perf_counter() - began
                with lock:
                    statuses[response.status_code] += 1
                    if response.status_code == 201:
                        latencies.append(elapsed)
                    elif len(errors) < 20:
                        errors[response.text[:200]] += 1

    deadline_box = [float("inf")]
    threads = [
        threading.Thread(target=client, args=(i, deadline_box), daemon=True) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.monotonic()
    deadline_box[0] = began + duration if count is None else float("inf")
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    created = statuses.get(201, 0)
    ms = [value * 1000 for value in latencies]
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "created": created,
        "tickets_per_second": round(created / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(_setup.percentile(ms, 0.50), 1),
            "p95": round(_setup.percentile(ms, 0.95), 1),
            "p99": round(_setup.percentile(ms, 0.99), 1),
            "max": round(max(ms), 1) if ms else 0.0,
        },
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
        "errors": dict(errors.most_common(5)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="A running server; default: start gunicorn here.")
    parser.add_argument(
        "--token", help="API token for --url (else one is created in DATABASE_URL)."
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds to run.")
    parser.add_argument("--count", type=int, help="Stop after this many requests instead.")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="Seconds of unmeasured requests first."
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--idempotency-keys",
        action="store_true",
        help="Send a fresh Idempotency-Key with every request (as a careful integration does).",
    )
    parser.add_argument("--report", type=Path, help="Also write the figures as JSON to this file.")
    args = parser.parse_args()

    result: dict[str, Any] = {
        "machine": _setup.machine(),
        "idempotency_keys": args.idempotency_keys,
        "load_average_before": round(os.getloadavg()[0], 1),
    }
    if args.url:
        if not args.token:
            sys.exit("--url needs --token.")
        base, token = args.url.rstrip("/"), args.token
        result["server"] = base
        if args.warmup:
            run(
                base=base,
                token=token,
                clients=args.clients,
                duration=args.warmup,
                count=None,
                seed=args.seed,
                keys=args.idempotency_keys,
            )
        result.update(
            run(
                base=base,
                token=token,
                clients=args.clients,
                duration=args.duration,
                count=args.count,
                seed=args.seed,
                keys=args.idempotency_keys,
            )
        )
    else:
        _setup.require_bench_database()
        _setup.setup_django()
        from _server import gunicorn, make_token
        from django.db import connection

        token = make_token()
        result["vendor"] = connection.vendor
        connection.close()  # the server has its own connections; keep ours out of the way
        with gunicorn(workers=args.workers, data_dir=Path("/tmp/omotenashi-bench/server")) as base:
            result["server"] = f"gunicorn -w {args.workers}"
            if args.warmup:
                run(
                    base=base,
                    token=token,
                    clients=args.clients,
                    duration=args.warmup,
                    count=None,
                    seed=args.seed,
                    keys=args.idempotency_keys,
                )
            result.update(
                run(
                    base=base,
                    token=token,
                    clients=args.clients,
                    duration=args.duration,
                    count=args.count,
                    seed=args.seed,
                    keys=args.idempotency_keys,
                )
            )
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
