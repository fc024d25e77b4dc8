"""Real Celery workers, a real broker and a real SMTP server on loopback.

Run these with a broker and a database a second process can open, e.g.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi \
    .venv/bin/pytest tests/integration --create-db

Without them the tests skip with the reason (or fail under OMOTENASHI_REQUIRE_SYSTEM_PARTS=1).
The broker's default queue is purged before each worker starts: point the tests at a
broker (or Redis database number) used for tests only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from omotenashi.testing import system

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60.0
WORKER_STOP_TIMEOUT = 15.0
WAIT_TIMEOUT = 60.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the worker child before exec: die when the test process dies.

    Teardown stops workers normally; this covers the test process itself being killed (a
    CI timeout), which would otherwise leave a worker consuming from the broker forever.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: teardown alone has to do
        pass


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


@pytest.fixture
def broker_url() -> str:
    url = settings.CELERY_BROKER_URL
    system.require(
        "a Celery broker",
        bool(url),
        "set CELERY_BROKER_URL=redis://127.0.0.1:6379/15 (or amqp://guest:guest@127.0.0.1:5672//)",
    )
    system.require(
        "a reachable Celery broker",
        system.broker_available(url),
        f"nothing accepts connections at {_redacted(url)}",
    )
    # Without a broker URL the settings run tasks eagerly; with one they must not, or the
    # tests below would pass without a worker ever seeing a message.
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    return url


def worker_database_url() -> str:
    """A DATABASE_URL that opens the *test* database this process is using.

    Precondition: the test holds `transactional_db` (data must be committed for another
    process to see it), so pytest-django has already swapped in the test database name.
    """
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(params.get("USER") or "", safe="")
        password = quote(params.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = params.get("HOST") or "127.0.0.1"
        port = params.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{quote(params['NAME'], safe='')}"
    name = str(params["NAME"])
    in_memory = name == ":memory:" or name.startswith("file:memorydb") or "mode=memory" in name
    system.require(
        "a database shared with the worker process",
        not in_memory,
        "use DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi "
        "(or OMOTENASHI_TEST_SQLITE=/tmp/omotenashi-test.sqlite3 for a SQLite file)",
    )
    return f"sqlite:///{name}"


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no worker log)"
        return "\n".join(text.splitlines()[-lines:])

    def assert_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            pytest.fail(f"the Celery worker exited with {code}:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        """Cold shutdown, then kill: a worker must never outlive its test.

        SIGQUIT, not SIGTERM: by teardown the test has seen its work done, so there is
        nothing for a warm shutdown to finish and the cold one is a second faster.
        """
        if self.process.poll() is None:
            # The worker leads its own process group (start_new_session), so the signal
            # reaches any pool children too, and nothing else.
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=WORKER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=WORKER_STOP_TIMEOUT)


@dataclass
class WorkerFactory:
    broker_url: str
    tmp_path: Path
    workers: list[Worker] = field(default_factory=list)

    def __call__(self, *, pool: str = "solo", extra_env: dict[str, str] | None = None) -> Worker:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": worker_database_url(),
                "CELERY_BROKER_URL": self.broker_url,
                # Same data dir: same generated secret key and media as this process.
                "OMOTENASHI_DATA_DIR": str(settings.DATA_DIR),
                "OMOTENASHI_FAST_PASSWORD_HASHER": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("OMOTENASHI_TEST_SQLITE", None)
        env.update(extra_env or {})
        index = len(self.workers)
        log_path = self.tmp_path / f"worker-{index}.log"
        pool_args = (
            ["--pool", "solo"] if pool == "solo" else ["--pool", "prefork", "--concurrency", "1"]
        )
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "omotenashi",
            "worker",
            *pool_args,
            "--loglevel",
            "warning",
            "--include",
            "tests.integration.worker_tasks",
            "--hostname",
            f"itest{index}-{os.getpid()}@%h",
            # No cluster chatter: the test wants one worker doing exactly its work. The
            # event heartbeat stays on: its timer wakes the solo pool's loop every 2 s, and
            # without it a stop signal on AMQP waits ~6 s to be noticed.
            "--without-gossip",
            "--without-mingle",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        worker = Worker(process=process, log_path=log_path)
        self.workers.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def celery_worker(
    broker_url: str, transactional_db: Any, tmp_path: Path
) -> Iterator[WorkerFactory]:
    """Start real `celery -A omotenashi worker` processes: `worker = celery_worker()`.

    Every worker is stopped at teardown, before pytest-django empties the database.
    """
    from omotenashi.celery import app

    # Leftovers of a killed earlier run must not be what the new worker works on.
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=3)
        app.control.purge(connection=conn)
    factory = WorkerFactory(broker_url=broker_url, tmp_path=tmp_path)
    try:
        yield factory
    finally:
        factory.stop_all()


def wait_for(
    condition: Callable[[], Any],
    *,
    worker: Worker | None = None,
    timeout: float = WAIT_TIMEOUT,
    what: str = "the condition",
) -> Any:
    """Poll until `condition()` is truthy and return it; fail with the worker's log otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if worker is not None:
            worker.assert_alive()
        if time.monotonic() > deadline:
            log = f"\nworker log:\n{worker.log_tail()}" if worker else ""
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}{log}", pytrace=False)
        time.sleep(0.2)


# --- SMTP on loopback ------------------------------------------------------------------------


class _Collector:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: _Collector

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self.handler.messages)

    @property
    def worker_env(self) -> dict[str, str]:
        """Settings that make a worker process send through this server (plain SMTP)."""
        return {
            "SMTP_HOST": self.host,
            "SMTP_PORT": str(self.port),
            "SMTP_STARTTLS": "0",
            "SMTP_SSL": "0",
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port(), ready_timeout=10)
    controller.start()
    try:
        yield SmtpServer(host="127.0.0.1", port=controller.port, handler=handler)
    finally:
        controller.stop()
