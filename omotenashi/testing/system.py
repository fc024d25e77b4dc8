"""Tests that need a system part (Chromium, Dovecot, PostgreSQL, a broker) ask for it here.

`require` skips with a visible reason on a developer machine that lacks the part, and
fails instead when OMOTENASHI_REQUIRE_SYSTEM_PARTS=1 (set by CI): there a missing part
is a broken environment, and a silently skipped test would be a test that cannot fail.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

REQUIRE_ENV = "OMOTENASHI_REQUIRE_SYSTEM_PARTS"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CONNECT_TIMEOUT_SECONDS = 1.0
DEFAULT_PORTS = {
    "redis": 6379,
    "rediss": 6380,
    "amqp": 5672,
    "amqps": 5671,
    "pyamqp": 5672,
    "postgres": 5432,
    "postgresql": 5432,
}


def parts_required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


def require(part: str, available: bool, hint: str) -> None:
    """Skip the calling test unless `available`; fail instead when CI requires every part.

    Precondition: called from inside a test or fixture (pytest.skip/fail need one).
    """
    if available:
        return
    message = f"needs {part}: {hint}"
    if parts_required():
        pytest.fail(f"{message} ({REQUIRE_ENV}=1, so a missing part is an error)", pytrace=False)
    pytest.skip(message)


def tcp_reachable(host: str, port: int, timeout: float = CONNECT_TIMEOUT_SECONDS) -> bool:
    """True when something accepts a TCP connection at host:port within `timeout`."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def url_reachable(url: str, timeout: float = CONNECT_TIMEOUT_SECONDS) -> bool:
    """True when the host:port named by a service URL (redis://, amqp://, postgres://) answers."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return False
    if port is None:
        return False
    return tcp_reachable(parts.hostname, port, timeout)


def broker_available(url: str | None) -> bool:
    """A Celery broker URL is set and its server accepts connections.

    Only the socket is tried: a broker that accepts TCP but refuses the login still fails
    the test that uses it, loudly, which is what we want.
    """
    if not url:
        return False
    return url_reachable(url)


def chromium_path() -> str | None:
    """The system Chromium that Playwright drives (Debian's package), or None."""
    configured = os.environ.get("OMOTENASHI_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def dovecot_path() -> str | None:
    for candidate in ("/usr/sbin/dovecot", shutil.which("dovecot")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def postgres_url() -> str:
    """Where the PostgreSQL-only tests look for a server (DATABASE_URL when it is PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_available(url: str | None = None) -> bool:
    return url_reachable(url or postgres_url())


# The Nu Html Checker, installed by scripts/install-test-deps.sh (keep the two in step).
VNU_VERSION = "26.9.27"
VNU_JAR = f"/usr/local/share/omotenashi-test/vnu-{VNU_VERSION}/vnu.jar"


def java_path() -> str | None:
    return shutil.which("java")


def vnu_jar_path() -> str | None:
    """The HTML checker's jar (OMOTENASHI_VNU_JAR, else where the install script puts it)."""
    candidate = os.environ.get("OMOTENASHI_VNU_JAR") or VNU_JAR
    return candidate if os.path.isfile(candidate) else None
