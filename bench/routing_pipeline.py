"""Bench: the full understanding pipeline on the Django side, per ticket.

    DATABASE_URL=sqlite:////tmp/omotenashi-bench/routing-bench.sqlite3 \\
        .venv/bin/python bench/routing_pipeline.py --tickets 300 --workers 2 \\
        --report bench/results/routing-sqlite.json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_routing_bench \\
        .venv/bin/python bench/routing_pipeline.py --tickets 300 --workers 2 \\
        --report bench/results/routing-postgres.json

What is measured (bench/engine_pipeline.py measures the engine alone):

1. A fresh bench database with the demo desk (7 queues, 16 categories, 6 agents with their
   languages, skills and working hours, ~300 tickets of history) and its first triage models,
   trained on that history as `make run` does.
2. New tickets arrive at the front desk, written from the demo's language packs (six
   languages, greetings and signatures included) or read from `--data FILE.jsonl` (text,
   lang): stored with the understanding hook muted, so nothing has read them yet.
3. Latency: this process reads them one at a time with `message_understand`, exactly what
   the `understand_message` task runs: claim the message, detect the language, predict queue,
   category and priority, score frustration and urgency, route to a queue and an agent, and
   write every decision, event and field. p50/p95/p99 per ticket.
4. Throughput: `--workers` processes (one thread each, as Celery's prefork pool runs them)
   read the next batch of tickets; tickets per second of wall time.
5. Memory: the peak RSS of a worker with every model loaded.

`--lock /tmp/omotenashi-bench.lock` holds the shared benchmark lock for steps 3 and 4 only
(loading the desk and its models takes one to two minutes and measures nothing). The report
has the load average at the start and end of the measured part, and the latency loop's CPU
time per ticket (`cpu_ms`), which the machine's other work cannot inflate, and for a local
PostgreSQL the server's own CPU per ticket in the throughput part (it shares the cores).

Every ticket's text is new to the process (the embedding cache is cold for it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

_STATE: dict[str, object] = {}


class _Slots(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return {
            "product": "Kestrel 14",
            "serial": "KS14-40213",
            "city": "Kyoto",
            "folder": "Finance/Reporting",
            "printer": "PR-3-EAST",
            "floor": "3",
            "amount": "84.50",
            "weekday": "Friday",
            "org": "Hanabi Group",
        }.get(key, key)


def demo_texts(count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(subject, body, language) of `count` distinct new requests from the demo's packs."""
    from omotenashi.demo.texts import packs

    rng = random.Random(seed)
    language_packs = packs()
    seen: set[str] = set()
    found: list[tuple[str, str, str]] = []
    names = (
        "Alex",
        "Sam",
        "Kim",
        "Robin",
        "Charlie",
        "Noa",
        "Yuki",
        "Mika",
        "Lou",
        "Jo",
        "Ari",
        "Eli",
    )
    attempts = 0
    while len(found) < count and attempts < count * 50:
        attempts += 1
        lang = rng.choice(sorted(language_packs))
        pack = language_packs[lang]
        topic = pack.topics[rng.choice(sorted(pack.topics))]
        i = rng.randrange(len(topic.openings))
        slots = _Slots(
            order=str(rng.randint(100000, 999999)),
            booking="JR" + str(rng.randint(1000, 9999)),
            pin=str(rng.randint(1000, 9999)),
            date=pack.date(_today(rng)),
            warranty=pack.long_date(_today(rng)),
        )
        body = topic.openings[i].format_map(slots)
        name = f"{rng.choice(names)} {rng.choice(names)}"
        text = (
            f"{rng.choice(pack.guest_greetings)}\n\n{body}\n\n"
            f"{rng.choice(pack.guest_signoffs).format(name=name)}"
        )
        if text in seen:
            continue
        seen.add(text)
        found.append((topic.subjects[i % len(topic.subjects)].format_map(slots), text, lang))
    return found


def _today(rng: random.Random):  # type: ignore[no-untyped-def]
    import datetime

    return datetime.date(2025, 3, 1) + datetime.timedelta(days=rng.randint(0, 60))


def jsonl_texts(path: str, count: int) -> list[tuple[str, str, str]]:
    rows = [
        json.loads(line)
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rows = [r for r in rows if r.get("split", "test") == "test"] or rows
    rows = rows[:: max(1, len(rows) // count)][:count]
    return [("", r["text"], r.get("lang") or "") for r in rows]


def prepare(args: argparse.Namespace) -> list[int]:
    """Fresh database, demo desk with trained models, then the new tickets (unread)."""
    from django.core.management import call_command
    from django.db import connection

    from omotenashi.accounts.models import WorkingHours
    from omotenashi.customers.models import Guest
    from omotenashi.demo.loader import load_demo
    from omotenashi.tickets import hooks
    from omotenashi.tickets.models import Queue
    from omotenashi.tickets.routing.hooks import on_guest_message
    from omotenashi.tickets.services import ticket_create

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = load_demo()
    print(
        f"demo desk loaded with its first models in {time.perf_counter() - started:.1f} s "
        f"({result.tickets} tickets)",
        file=sys.stderr,
    )
    # Every agent at work whenever the bench runs, so assignment is part of every ticket.
    WorkingHours.objects.all().delete()
    total = args.tickets * 2  # one batch for latency, one for throughput
    texts = jsonl_texts(args.data, total) if args.data else demo_texts(total)
    front = Queue.objects.get(is_default=True)
    guests: dict[str, list[Guest]] = {}
    for guest in Guest.objects.all():
        guests.setdefault(guest.language, []).append(guest)
    everyone = [g for group in guests.values() for g in group]
    rng = random.Random(11)
    ids = []
    from omotenashi.channels.services import outbound

    # Nothing reads the new tickets yet, and no acknowledgement mail is sent for them.
    with hooks.muted(on_guest_message, outbound.on_ticket_created, outbound.on_message_added):
        for subject, body, lang in texts:
            guest = rng.choice(guests.get(lang) or everyone)
            ticket = ticket_create(
                requester=guest, subject=subject, body_text=body, channel="portal", queue=front
            )
            ids.append(ticket.messages.values_list("pk", flat=True).get())
    connection.close()
    return ids


def _peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _server_cpu_ms() -> float | None:
    """CPU time used so far by the local PostgreSQL server (None when it is not on this
    machine): its share of the same cores. The live processes' own time plus, on the
    postmaster, what its exited children (closed connections' backends) used."""
    processes: dict[int, tuple[int, int, int]] = {}  # pid: (parent, own ticks, children's)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.index("(") + 1 : text.rindex(")")] not in ("postgres", "postmaster"):
            continue
        fields = text[text.rindex(")") + 2 :].split()
        processes[int(stat.parent.name)] = (
            int(fields[1]),
            int(fields[11]) + int(fields[12]),  # utime, stime
            int(fields[13]) + int(fields[14]),  # cutime, cstime (reaped children)
        )
    if not processes:
        return None
    ticks = sum(own for _, own, _ in processes.values()) + sum(
        children for parent, _, children in processes.values() if parent not in processes
    )
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _worker_init() -> None:
    _setup.setup_django()
    from omotenashi.tickets.routing.understanding import warm_up

    warm_up()


def _worker_run(message_ids: list[int]) -> tuple[int, float, int, float]:
    from django.db import connection

    from omotenashi.tickets.routing.understanding import message_understand

    started, cpu = time.perf_counter(), time.process_time()
    for message_id in message_ids:
        message_understand(message_id=message_id)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    return len(message_ids), elapsed, _peak_rss_kb(), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=300, help="tickets per measurement")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--data", help="JSONL with text and lang (default: the demo's language packs)"
    )
    parser.add_argument("--report")
    parser.add_argument(
        "--lock",
        help="hold this flock file (e.g. /tmp/omotenashi-bench.lock) only while measuring",
    )
    args = parser.parse_args()

    url = _setup.require_bench_database()
    _setup.ensure_postgres_database(url)
    _setup.setup_django()
    ids = prepare(args)
    latency_ids, throughput_ids = ids[: args.tickets], ids[args.tickets :]

    from django.db import connection

    from omotenashi.tickets.models import Decision, DecisionKind, DecisionOutcome, Message
    from omotenashi.tickets.routing.understanding import message_understand, warm_up

    warm_up()
    context = mp.get_context("spawn")  # a worker holds only what it loads: honest RSS
    chunks = [throughput_ids[i :: args.workers] for i in range(args.workers)]
    latencies, cpu_ms = [], []
    with context.Pool(args.workers, initializer=_worker_init) as pool:
        pool.map(_worker_run, [[] for _ in range(args.workers)])  # loaded before the lock
        with _setup.held_lock(args.lock):
            load_at_start = os.getloadavg()
            for message_id in latency_ids:
                started, cpu = time.perf_counter(), time.process_time()
                message_understand(message_id=message_id)
                latencies.append((time.perf_counter() - started) * 1000)
                cpu_ms.append((time.process_time() - cpu) * 1000)
            connection.close()
            server_before = _server_cpu_ms() if connection.vendor == "postgresql" else None
            started = time.perf_counter()
            results = pool.map(_worker_run, chunks)
            wall = time.perf_counter() - started
            server_after = _server_cpu_ms() if server_before is not None else None
            load_at_end = os.getloadavg()
    languages = dict(Message.objects.filter(pk__in=latency_ids).values_list("pk", "language"))
    per_language: dict[str, list[float]] = {}
    cpu_per_language: dict[str, list[float]] = {}
    for message_id, ms, cpu in zip(latency_ids, latencies, cpu_ms, strict=True):
        per_language.setdefault(languages.get(message_id, ""), []).append(ms)
        cpu_per_language.setdefault(languages.get(message_id, ""), []).append(cpu)
    latencies.sort()
    cpu_ms.sort()

    def pct(p: float, values: list[float] = latencies) -> float:
        return round(values[min(len(values) - 1, int(p * len(values)))], 2)

    queue_decisions = Decision.objects.filter(kind=DecisionKind.QUEUE, message_id__in=ids)
    routed = queue_decisions.filter(outcome=DecisionOutcome.APPLIED).count()
    assigned = Decision.objects.filter(
        kind=DecisionKind.ASSIGNEE, message_id__in=ids, outcome=DecisionOutcome.APPLIED
    ).count()
    words = [
        len(m.split())
        for m in Message.objects.filter(pk__in=ids).values_list("body_text", flat=True)
    ]
    report = {
        "database": connection.vendor,
        "tickets": len(latency_ids),
        "texts": args.data or "demo language packs (en, nl, fr, sv, de, ja)",
        "mean_words_per_ticket": round(statistics.mean(words), 1),
        "latency_ms": {
            "p50": pct(0.50),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "mean": round(statistics.mean(latencies), 2),
        },
        # The latency loop's own CPU time per ticket: what one idle core would take (the
        # database server's work excluded), whatever else the machine is doing.
        "cpu_ms": {"p50": pct(0.50, cpu_ms), "p95": pct(0.95, cpu_ms), "p99": pct(0.99, cpu_ms)},
        "latency_ms_by_language": {
            lang: {
                "n": len(values),
                "p50": round(sorted(values)[len(values) // 2], 1),
                "p95": round(sorted(values)[min(len(values) - 1, int(0.95 * len(values)))], 1),
                "cpu_p50": round(sorted(cpu_per_language[lang])[len(values) // 2], 1),
                "cpu_p95": round(
                    sorted(cpu_per_language[lang])[min(len(values) - 1, int(0.95 * len(values)))],
                    1,
                ),
            }
            for lang, values in sorted(per_language.items())
        },
        "throughput_tickets_per_s": round(len(throughput_ids) / wall, 1),
        "workers": args.workers,
        "worker_peak_rss_mb": round(max(r[2] for r in results) / 1024, 1),
        # CPU time of the worker processes (the database server's own CPU not included): what
        # the machine's other load cannot inflate, and the capacity of 2 otherwise idle cores.
        "worker_cpu_ms_per_ticket": round(
            1000 * sum(r[3] for r in results) / len(throughput_ids), 1
        ),
        # The database server's CPU in the throughput part, per ticket (a local PostgreSQL
        # shares the two cores with the workers; None for SQLite, where it is in the worker).
        "database_cpu_ms_per_ticket": (
            round((server_after - server_before) / len(throughput_ids), 1)
            if server_before is not None and server_after is not None
            else None
        ),
        "capacity_on_2_idle_cores_tickets_per_s": round(
            2 * len(throughput_ids) / sum(r[3] for r in results), 1
        ),
        "routed_automatically": f"{routed}/{queue_decisions.count()}",
        "assigned_automatically": assigned,
        "machine": {
            **_setup.machine(),
            "loadavg_at_start": load_at_start,
            "loadavg_at_end": load_at_end,
        },
    }
    print(json.dumps(report, indent=2))
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
