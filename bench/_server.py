"""Start the real server (gunicorn, several workers, loopback) for HTTP benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_token(username: str = "bench-api") -> str:
    """An API token for a bench agent in the IT team (created on first use).

    Precondition: Django is set up against the bench database.
    """
    from omotenashi.accounts.models import Agent, Team
    from omotenashi.accounts.services import agent_create, api_token_create

    agent = Agent.objects.filter(user__username=username).first()
    if agent is None:
        team = Team.objects.filter(name="IT").first()
        agent = agent_create(
            username=username, display_name="Bench API client", teams=[team] if team else None
        )
    _, secret = api_token_create(agent=agent, name="bench")
    return secret


@dataclass(frozen=True)
class Server:
    base: str
    pid: int  # gunicorn's master; the workers are its children


@contextmanager
def gunicorn(*, workers: int, data_dir: Path, threads: int = 1) -> Iterator[str]:
    """A gunicorn serving omotenashi.wsgi on a free loopback port; yields its base URL."""
    with gunicorn_server(workers=workers, data_dir=data_dir, threads=threads) as server:
        yield server.base


@contextmanager
def gunicorn_server(
    *,
    workers: int,
    data_dir: Path,
    threads: int = 1,
    config: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """A gunicorn serving omotenashi.wsgi on a free loopback port.

    It uses the same DATABASE_URL as this process. Outgoing mail and the secret key go
    to `data_dir`, never to the developer's own var/; so does the server's log. `config`:
    a gunicorn configuration file (its settings, then -w/--threads given here); `env`:
    more environment for the server.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server_env = {
        **os.environ,
        "OMOTENASHI_DATA_DIR": str(data_dir),
        # 4xx answers are logged as warnings; under load that would measure the log.
        "OMOTENASHI_LOG_LEVEL": "ERROR",
        "OMOTENASHI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        **(env or {}),
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        *(["--config", str(config)] if config else []),
        "omotenashi.wsgi",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    log = (data_dir / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        command, cwd=ROOT, env=server_env, start_new_session=True, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                httpx.get(f"{base}/api/v1/me", timeout=2)  # any answer (401) means it serves
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start within 60 s") from None
                time.sleep(0.3)
        yield Server(base=base, pid=process.pid)
    finally:
        # Only the process group we started: gunicorn's master and its workers.
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
