"""Who used the CPU during a benchmark run: the server, the database, the client, the rest.

On a shared two-core machine a throughput figure alone says little; split by process it
says where each millisecond of a request went and how much the machine's other users took.
Everything is read from /proc (Linux), before and after the measured run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        # The command name may hold spaces and parentheses; the fields follow the last ")".
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_cpu(pid: int, *, with_reaped_children: bool = False) -> float:
    """CPU seconds (user + system) of one process; with its children that have exited."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    # After ")": state ppid ... utime(11) stime(12) cutime(13) cstime(14)
    ticks = int(fields[11]) + int(fields[12])
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its descendants, living or reaped (gunicorn)."""
    tree = _children()
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += process_cpu(current, with_reaped_children=True)
        todo.extend(tree.get(current, []))
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal
    return (total - idle) / TICKS, total / TICKS


def postgres_pids(database: str) -> tuple[list[int], list[int]]:
    """(backends of `database`, the server's background processes) from pg_stat_activity.

    Precondition: Django is set up against that PostgreSQL database.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, datname, backend_type FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
        )
        rows = cursor.fetchall()
    backends = [pid for pid, name, kind in rows if name == database and kind == "client backend"]
    background = [pid for pid, name, kind in rows if kind != "client backend"]
    return backends, background


@dataclass
class Sample:
    server: float
    database: float
    database_background: float
    busy: float
    wall: float  # CPU seconds of all cores since boot, busy or idle


def sample(server_pid: int | None, database_pids: list[int], background_pids: list[int]) -> Sample:
    busy, total = machine_busy()
    return Sample(
        server=tree_cpu(server_pid) if server_pid else 0.0,
        database=sum(process_cpu(pid) for pid in database_pids),
        database_background=sum(process_cpu(pid) for pid in background_pids),
        busy=busy,
        wall=total,
    )


def per_item_ms(before: Sample, after: Sample, *, client: float, items: int) -> dict[str, float]:
    """CPU milliseconds per item (ticket) by who spent them; `client` in CPU seconds."""
    if items <= 0:
        return {}
    server = after.server - before.server
    database = after.database - before.database
    background = after.database_background - before.database_background
    busy = after.busy - before.busy
    capacity = after.wall - before.wall  # CPU seconds all cores had
    rest = busy - server - database - background - client

    def ms(seconds: float) -> float:
        return round(seconds / items * 1000, 2)

    return {
        "server (gunicorn workers)": ms(server),
        "database (this run's backends)": ms(database),
        "database background (WAL writer, checkpointer; shared)": ms(background),
        "client": ms(client),
        "everything else on the machine": ms(rest),
        "machine busy share": round(busy / capacity, 2) if capacity > 0 else 0.0,
    }
