"""Ticket creation through the real API under concurrent clients (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench_1e5 \\
        .venv/bin/python bench/api_create.py --workers 4 --clients 8 --duration 30

Starts gunicorn (`--workers` processes, `--threads` each, on a free loopback port) against
DATABASE_URL, unless --url names a running server (then --token is needed too). Creates
an agent and an API token, then `--clients` concurrent connections POST /api/v1/tickets
for `--duration` seconds after `--warmup` seconds of unmeasured requests: JSON
{"requester": {"email", "name"}, "subject", "body"} with a Bearer token, drawn from 2,000
realistic bodies by 500 guests (most write more than once); with --idempotency-keys each
request carries a fresh Idempotency-Key.

Two clients:

- `--client wrk` (default): Debian's wrk with bench/wrk_create.lua. It is C and costs the
  machine almost nothing, so on two shared cores the server gets nearly all the CPU.
  Installed with apt-get when missing (as root), else the script says how.
- `--client python`: threads with http.client (keep-alive), lean but still Python: its
  CPU comes out of the same two cores, as with most real integrations on one machine.

Reports throughput (201 answers per second), latency percentiles, every non-201 answer,
and the CPU each party spent per created ticket (gunicorn, this database's PostgreSQL
backends, PostgreSQL's background writers, the client, and everything else the machine
ran meanwhile), read from /proc, with the load average before and after.

Each ticket goes the whole real way: guest lookup or creation, ticket, message, event,
SLA due times, the search document (same transaction) and whatever the hooks queue.

What the hooks queue depends on the broker. Without one (the default here, and the
embedded desk) Celery runs every task eagerly inside the request, so the understanding of
each guest message (embeddings, tens of milliseconds) is part of the creation. With
`--broker redis://127.0.0.1:6379/11` (the scale-out setup) the server gets
CELERY_BROKER_URL and only publishes the task; no worker runs here, and the queue is purged
before and after the run (the report says how many tasks were queued). Use a Redis
database of your own: the purge empties its default queue.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _cpu
import _setup

HERE = Path(__file__).resolve().parent
WORK = Path("/tmp/omotenashi-bench")


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


@contextmanager
def _progress(seconds: float, desc: str) -> Iterator[None]:
    """A progress bar over the run's seconds (the clients themselves print nothing)."""
    from tqdm import tqdm

    stop = threading.Event()

    def tick() -> None:
        with tqdm(total=round(seconds), desc=desc, unit="s", leave=False) as bar:
            began = time.monotonic()
            while not stop.wait(0.5):
                bar.n = min(round(seconds), int(time.monotonic() - began))
                bar.refresh()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


def ensure_wrk() -> str:
    """The wrk executable, installed from Debian when missing and we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: run `sudo apt-get install wrk` (or use --client python).")
    print("Installing wrk from Debian (apt-get install wrk) ...", file=sys.stderr)
    subprocess.run(
        ["apt-get", "install", "-y", "--no-install-recommends", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    found = shutil.which("wrk")
    if not found:
        sys.exit("apt-get did not install wrk.")
    return found


def run_wrk(
    *, base: str, token: str, clients: int, duration: float, keys: bool, bodies: Path
) -> dict[str, Any]:
    """One wrk run; returns what bench/wrk_create.lua reports, and wrk's own CPU."""
    wrk = ensure_wrk()
    threads = max(1, min(2, clients))
    command = [
        wrk,
        f"-t{threads}",
        f"-c{clients}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "60s",
        "-s",
        str(HERE / "wrk_create.lua"),
        base,
        "--",
        str(bodies),
        token,
        "1" if keys else "0",
        uuid.uuid4().hex[:12],
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = re.search(r"^WRK-RESULT (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not match:
        sys.exit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    report: dict[str, Any] = json.loads(match.group(1))
    report["client_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    return report


def run_python(
    *, base: str, token: str, clients: int, duration: float, keys: bool, bodies: list[bytes]
) -> dict[str, Any]:
    """Threads with http.client over keep-alive connections (reopened when the server closes)."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    gate = threading.Barrier(clients + 1)
    deadline = [float("inf")]
    run_id = uuid.uuid4().hex[:12]

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection(host, port, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        sent = 0
        gate.wait()
        while time.monotonic() < deadline[0]:
            sent += 1
            if keys:
                headers["Idempotency-Key"] = f"{run_id}-{index}-{sent}"
            began = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/tickets", rng.choice(bodies), headers)
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()  # gunicorn's sync workers close after each answer
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                with lock:
                    errors[type(exc).__name__] += 1
                continue
            elapsed = time.perf_counter() - began
            with lock:
                statuses[response.status] += 1
                latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    cpu = time.process_time()
    gate.wait()
    began = time.monotonic()
    deadline[0] = began + duration
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began
    us = sorted(value * 1e6 for value in latencies)
    return {
        "seconds": round(seconds, 3),
        "requests": sum(statuses.values()),
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
        "latency_us": {
            "p50": round(_setup.percentile(us, 0.50)),
            "p95": round(_setup.percentile(us, 0.95)),
            "p99": round(_setup.percentile(us, 0.99)),
            "max": round(us[-1]) if us else 0,
        },
        "errors": dict(errors),
        "client_cpu_seconds": time.process_time() - cpu,
    }


def measure(
    args: argparse.Namespace, *, base: str, token: str, server_pid: int | None
) -> dict[str, Any]:
    payloads = _payloads(2000, args.seed)
    bodies = [json.dumps(p, ensure_ascii=False).encode() for p in payloads]
    body_file = WORK / "create-bodies.jsonl"
    WORK.mkdir(parents=True, exist_ok=True)
    body_file.write_bytes(b"\n".join(bodies) + b"\n")

    def once(seconds: float, desc: str) -> dict[str, Any]:
        with _progress(seconds, desc):
            return unmarked(seconds)

    def unmarked(seconds: float) -> dict[str, Any]:
        if args.client == "wrk":
            return run_wrk(
                base=base,
                token=token,
                clients=args.clients,
                duration=seconds,
                keys=args.idempotency_keys,
                bodies=body_file,
            )
        return run_python(
            base=base,
            token=token,
            clients=args.clients,
            duration=seconds,
            keys=args.idempotency_keys,
            bodies=bodies,
        )

    if args.warmup:
        once(args.warmup, "warm-up")
    database_pids: list[int] = []
    background_pids: list[int] = []
    if not args.url:
        from django.db import connection

        if connection.vendor == "postgresql":
            database_pids, background_pids = _cpu.postgres_pids(connection.settings_dict["NAME"])
            connection.close()
    before = _cpu.sample(server_pid, database_pids, background_pids)
    load_before = os.getloadavg()[0]
    report = once(args.duration, f"{args.client}, {args.clients} clients")
    after = _cpu.sample(server_pid, database_pids, background_pids)
    created = report["statuses"].get("201", 0)
    latency = report.pop("latency_us")
    return {
        "client": args.client,
        "clients": args.clients,
        "seconds": report["seconds"],
        "created": created,
        "tickets_per_second": round(created / report["seconds"], 1) if report["seconds"] else 0,
        "latency_ms (all answers)": {k: round(v / 1000, 1) for k, v in latency.items()},
        "statuses": report["statuses"],
        "errors": report.get("errors", report.get("socket_errors")),
        "cpu_ms_per_ticket": _cpu.per_item_ms(
            before, after, client=report["client_cpu_seconds"], items=created
        ),
        "load_average_measured_run": {
            "before": round(load_before, 1),
            "after": round(os.getloadavg()[0], 1),
        },
    }


def _purge() -> int:
    """Empty the broker's default queue; returns how many tasks it held."""
    from omotenashi.celery import app

    return int(app.control.purge() or 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="A running server; default: start gunicorn here.")
    parser.add_argument(
        "--token", help="API token for --url (else one is created in DATABASE_URL)."
    )
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
    parser.add_argument(
        "--threads", type=int, default=1, help="Threads per worker (more than 1: gthread)."
    )
    parser.add_argument(
        "--config", type=Path, help="A gunicorn configuration file, e.g. deploy/gunicorn.conf.py."
    )
    parser.add_argument("--clients", type=int, default=8, help="Concurrent connections.")
    parser.add_argument("--duration", type=float, default=30.0, help="Measured seconds.")
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="Seconds of unmeasured requests first."
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--idempotency-keys",
        action="store_true",
        help="Send a fresh Idempotency-Key with every request (as a careful integration does).",
    )
    parser.add_argument(
        "--broker",
        metavar="URL",
        help="CELERY_BROKER_URL for the server (tasks queued, not run); default: eager tasks.",
    )
    parser.add_argument("--report", type=Path, help="Also write the figures as JSON to this file.")
    parser.add_argument(
        "--quiet",
        type=float,
        metavar="LOAD",
        help="First wait (up to 30 min) until the 1-minute load average is at most LOAD.",
    )
    args = parser.parse_args()

    if args.client == "wrk":
        ensure_wrk()
    _setup.wait_for_quiet(args.quiet)
    if args.broker:
        # Read by settings in this process (for the purge) and inherited by gunicorn.
        os.environ["CELERY_BROKER_URL"] = args.broker
    else:
        os.environ.pop("CELERY_BROKER_URL", None)
    result: dict[str, Any] = {
        "machine": _setup.machine(),
        "tasks": f"queued to {args.broker} (no worker; purged)" if args.broker else "eager",
        "idempotency_keys": args.idempotency_keys,
        "load_average_before": round(os.getloadavg()[0], 1),
    }
    if args.url:
        if not args.token:
            sys.exit("--url needs --token.")
        result["server"] = args.url
        result.update(measure(args, base=args.url.rstrip("/"), token=args.token, server_pid=None))
    else:
        _setup.require_bench_database()
        _setup.setup_django()
        from _server import gunicorn_server, make_token
        from django.db import connection
        from load import setup_sla

        setup_sla()  # a real desk has SLA policies: every ticket gets its due times
        token = make_token()
        result["vendor"] = connection.vendor
        result["database"] = connection.settings_dict["NAME"]
        connection.close()  # the server has its own connections; keep ours out of the way
        if args.broker:
            result["tasks_purged_before"] = _purge()
        with gunicorn_server(
            workers=args.workers,
            threads=args.threads,
            config=args.config,
            data_dir=WORK / "server",
        ) as server:
            kind = "sync" if args.threads == 1 else "gthread"
            result["server"] = f"gunicorn -w {args.workers} --threads {args.threads} ({kind})"
            if args.config:
                result["server"] += f" --config {args.config}"
            result.update(measure(args, base=server.base, token=token, server_pid=server.pid))
        if args.broker:
            result["tasks_queued_and_purged"] = _purge()
    result["load_average_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
