"""Shared start-up for the bench/ scripts: Django configured against DATABASE_URL.

Benchmarks must never touch a test database or the developer's own desk by accident:
`require_bench_database` refuses anything that is not explicitly a bench database.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omotenashi.settings")
# Bench agents get passwords nobody uses; hashing them with Argon2 would only cost time.
os.environ.setdefault("OMOTENASHI_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("OMOTENASHI_LOG_LEVEL", "WARNING")


@contextlib.contextmanager
def held_lock(path: str | None):  # type: ignore[no-untyped-def]
    """The shared benchmark lock (flock on `path`), held only while measuring, so loading data
    and models does not keep other benchmarks waiting. No path: no lock."""
    if not path:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit(
            "Set DATABASE_URL to a bench database, e.g.\n"
            "  postgres://postgres@127.0.0.1:5432/omotenashi_bench\n"
            "  sqlite:////tmp/omotenashi-bench/bench.sqlite3"
        )
    return url


def require_bench_database() -> str:
    """The DATABASE_URL, if its database name contains 'bench' (never a test or live desk)."""
    url = database_url()
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in name or name.startswith("test"):
        sys.exit(f"Refusing to run against {name!r}: a bench database name must contain 'bench'.")
    return url


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it does not exist yet."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django

    django.setup()


def machine() -> dict[str, str]:
    """What the figures were measured on, for docs/performance.md."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
    }
    try:
        import sqlite3

        info["sqlite"] = sqlite3.sqlite_version
    except ImportError:
        pass
    try:
        out = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False, timeout=5
        )
        info["psql"] = out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return info


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (share in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def wait_for_quiet(max_load: float | None, timeout: float = 1800.0) -> float:
    """Wait until the one-minute load average is at most `max_load` (None: do not wait).

    The machine is shared: a figure taken while others run test suites measures them too.
    Returns the load average when the wait ended (at `timeout` seconds at the latest, then
    the run goes ahead and its report shows the load it had).
    """
    import time

    load = os.getloadavg()[0]
    if max_load is None or load <= max_load:
        return load
    from tqdm import tqdm

    began = time.monotonic()
    with tqdm(total=round(timeout), desc=f"waiting for load <= {max_load}", unit="s") as bar:
        while load > max_load and time.monotonic() - began < timeout:
            time.sleep(5)
            load = os.getloadavg()[0]
            bar.n = round(time.monotonic() - began)
            bar.set_postfix(load=f"{load:.1f}")
    return load
