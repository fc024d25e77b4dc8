"""Where the time of one API ticket creation goes (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench_1e5 \\
        .venv/bin/python bench/create_profile.py --count 500 [--profile]

Sends `--count` POST /api/v1/tickets requests (the same bodies as bench/api_create.py)
through Django's WSGI handler in this process, with no HTTP server and no client around
it, one after another. It reports per request:

- the CPU time of this process (Django, django-ninja, the services, the hooks, the
  acknowledgement mail when tasks run eagerly) and the wall time;
- the SQL statements and the time spent waiting for the database (which includes the
  database server's own CPU: on a one-machine setup that is the other half of the cost);
- per step (authentication, the services, SLA, each hook, the mail task, building the
  answer): wall and CPU time, measured by wrapping those functions;
- with --queries, the statements of one request; with --profile, the functions that
  take the most CPU time (cProfile on process time; it slows Python down itself, so use
  it for shares, not for totals).

The tickets are really created (and committed) in the bench database, like the HTTP bench.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

# The steps worth naming: (label, module, attribute). Each is wrapped in a timer; a step
# nested in another is counted in both (the table says which is inside which).
STEPS = [
    ("auth: API token", "omotenashi.api", "ApiTokenAuth.authenticate"),
    ("view: queue and permission", "omotenashi.tickets.api", "queue_for_new_ticket"),
    ("view: requester (guest lookup or creation)", "omotenashi.tickets.api", "_requester"),
    ("service: ticket_create, all of it", "omotenashi.tickets.api", "ticket_create"),
    ("  sla.apply_policy", "omotenashi.tickets.services", "sla.apply_policy"),
    ("  ticket insert", "omotenashi.tickets.services", "Ticket.save"),
    ("  message insert", "omotenashi.tickets.services", "Message.objects.create"),
    ("  event insert", "omotenashi.tickets.services", "_event"),
    # Since decision 0017 the search document of a new ticket is written in ticket_created.
    (
        "  hook: ticket_created (acknowledgement, search document)",
        "omotenashi.tickets.hooks",
        "ticket_created",
    ),
    (
        "  hook: message_added (search document before 0017)",
        "omotenashi.tickets.hooks",
        "message_added",
    ),
    ("view: commit", "django.db.backends.base.base", "BaseDatabaseWrapper.commit"),
    ("view: build the answer", "omotenashi.tickets.api", "_created_out"),
    ("view: reload + answer (before this change)", "omotenashi.tickets.api", "_reload"),
    ("after commit: send the mail (eager task)", "omotenashi.channels.tasks", "outbound_send"),
    # Every task a request starts: run in the request without a broker, published with one.
    ("after commit: tasks (run eagerly, or published)", "celery.app.task", "Task.apply_async"),
]


class Timer:
    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.wall[label] += time.perf_counter() - wall
                self.cpu[label] += time.process_time() - cpu
                self.calls[label] += 1

        return timed


def _install(timer: Timer) -> list[str]:
    """Wrap every step that exists in this version of the code; returns the labels wrapped."""
    import importlib

    wrapped = []
    for label, module_name, path in STEPS:
        owner: Any = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        func = getattr(owner, name, None)
        if func is None:
            continue
        setattr(owner, name, timer.wrap(label, func))
        wrapped.append(label)
    return wrapped


class QueryLog:
    """Counts statements and the time spent waiting for them (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.statements: list[str] | None = None

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.count += 1
            if self.statements is not None:
                self.statements.append(sql[:160])


def _backend_cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) of the PostgreSQL backend serving our connection.

    The server runs on this machine, so /proc tells; 0.0 when it cannot (SQLite, a remote
    server, no permission).
    """
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def _backend_pid() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _environ(body: bytes, token: str, key: str | None) -> dict[str, Any]:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/tickets",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if key:
        environ["HTTP_IDEMPOTENCY_KEY"] = key
    return environ


@contextmanager
def _profiled(enabled: bool, top: int, sort: str, out: dict[str, Any]) -> Iterator[None]:
    if not enabled:
        yield
        return
    # CPU time, not wall time: throughput on a full machine is bounded by CPU, and waiting
    # for the database would otherwise dominate every listing.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profile, stream=stream).sort_stats(sort)
        stats.print_stats(top)
        out["profile"] = stream.getvalue().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=500, help="Measured requests.")
    parser.add_argument("--warmup", type=int, default=50, help="Unmeasured requests first.")
    parser.add_argument("--idempotency-keys", action="store_true")
    parser.add_argument("--queries", action="store_true", help="List one request's statements.")
    parser.add_argument("--profile", action="store_true", help="Add a cProfile listing.")
    parser.add_argument("--top", type=int, default=60, help="Lines of the cProfile listing.")
    parser.add_argument(
        "--sort", default="cumulative", help="cProfile order: cumulative, tottime, ..."
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--broker",
        metavar="URL",
        help="CELERY_BROKER_URL: tasks are published (no worker; the queue is purged after).",
    )
    parser.add_argument("--label", default="", help="A name for this run in the report.")
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()

    _setup.require_bench_database()
    if args.broker:
        os.environ["CELERY_BROKER_URL"] = args.broker
    else:
        os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("OMOTENASHI_DATA_DIR", "/tmp/omotenashi-bench/server")
    os.environ["OMOTENASHI_LOG_LEVEL"] = "ERROR"
    _setup.setup_django()
    import uuid

    from _server import make_token
    from api_create import _payloads
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from load import setup_sla
    from tqdm import tqdm

    setup_sla()
    token = make_token()
    application = get_wsgi_application()
    payloads = [json.dumps(p).encode() for p in _payloads(2000, args.seed)]
    timer = Timer()
    log = QueryLog()
    result: dict[str, Any] = {
        "label": args.label,
        "vendor": connection.vendor,
        "machine": _setup.machine(),
        "load_average_before": round(os.getloadavg()[0], 1),
        "steps_wrapped": _install(timer),
        "eager_tasks": not os.environ.get("CELERY_BROKER_URL"),
    }
    statuses: dict[str, int] = defaultdict(int)

    def call(index: int) -> None:
        key = uuid.uuid4().hex if args.idempotency_keys else None
        environ = _environ(payloads[index % len(payloads)], token, key)
        answer: list[str] = []

        def start_response(status: str, headers: Any, *rest: Any) -> Any:
            answer.append(status)

        chunks = application(environ, start_response)
        b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        statuses[answer[0].split()[0]] += 1

    with connection.execute_wrapper(log):
        for index in tqdm(range(args.warmup), desc="warm-up", unit="request"):
            call(index)
        if args.queries:
            log.statements = []
            call(args.warmup)
            result["statements_of_one_request"] = log.statements
            log.statements = None
        statuses.clear()
        log.count, log.seconds = 0, 0.0
        for store in (timer.wall, timer.cpu, timer.calls):
            store.clear()
        # Persistent connections (CONN_MAX_AGE) keep one backend for the whole run.
        backend = _backend_pid()
        with _profiled(args.profile, args.top, args.sort, result):
            server_cpu = _backend_cpu_seconds(backend)
            wall, cpu = time.perf_counter(), time.process_time()
            for index in tqdm(range(args.count), desc="requests", unit="request"):
                call(args.warmup + 1 + index)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server_cpu = _backend_cpu_seconds(backend) - server_cpu
            if backend is not None and _backend_pid() != backend:
                server_cpu = float("nan")  # the connection was replaced: no honest figure

    if args.broker:
        from omotenashi.celery import app

        result["tasks_queued_and_purged"] = int(app.control.purge() or 0)
    n = args.count
    result.update(
        {
            "requests": n,
            "statuses": dict(statuses),
            "per_request_ms": {
                "wall": round(wall / n * 1000, 2),
                "cpu_this_process": round(cpu / n * 1000, 2),
                "waiting_for_database": round(log.seconds / n * 1000, 2),
                "cpu_database_backend": round(server_cpu / n * 1000, 2),
                "statements": round(log.count / n, 1),
            },
            "steps_ms_per_request": {
                label: {
                    "wall": round(timer.wall[label] / n * 1000, 2),
                    "cpu": round(timer.cpu[label] / n * 1000, 2),
                    "calls": round(timer.calls[label] / n, 2),
                }
                for label in result["steps_wrapped"]
                if timer.calls[label]
            },
            "load_average_after": round(os.getloadavg()[0], 1),
        }
    )
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.report:
        args.report.write_text(text + "\n")


if __name__ == "__main__":
    main()
