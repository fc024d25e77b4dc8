"""Django system checks for the configuration (docs/configuration.md).

They look at settings only, never at the network: a broker or SMTP server that is down
is an operational event, not a configuration error, and `manage.py` must still start.
Errors are configurations that cannot work; warnings are ones that work on one machine
but break once the desk is scaled out (PostgreSQL, several processes).

Registered by importing this module from an AppConfig.ready() (accounts).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp", "sentinel"}
SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _engine() -> str:
    return str(settings.DATABASES["default"]["ENGINE"])


def _is_postgresql() -> bool:
    return _engine().startswith("django.db.backends.postgresql")


def _scaled_out() -> bool:
    """PostgreSQL with DEBUG off: the configuration of a real, possibly multi-machine, desk."""
    return _is_postgresql() and not settings.DEBUG


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secret_key_is_generated() -> bool:
    # settings.py falls back to a key generated into DATA_DIR/secret_key.
    path = settings.DATA_DIR / "secret_key"
    try:
        return path.read_text().strip() == settings.SECRET_KEY
    except OSError:
        return False


@register(Tags.security)
def check_secret_key(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if _scaled_out() and _secret_key_is_generated():
        return [
            Warning(
                "SECRET_KEY is the key generated into this machine's data directory.",
                hint="Set OMOTENASHI_SECRET_KEY to one random value shared by every web process "
                "and worker; otherwise each machine signs sessions and tracking links with its "
                "own key.",
                id="omotenashi.W001",
            )
        ]
    return []


@register()
def check_site_url(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    url = str(settings.SITE_URL)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return [
            Error(
                f"OMOTENASHI_SITE_URL {url!r} is not an absolute http(s) address.",
                hint="Use the address guests and agents open, e.g. https://desk.example.com",
                id="omotenashi.E001",
            )
        ]
    if _scaled_out() and _is_loopback(parts.hostname):
        return [
            Warning(
                f"OMOTENASHI_SITE_URL points at this machine ({url}).",
                hint="Links in mail (tracking pages, portal sign-in) would not work for guests; "
                "set OMOTENASHI_SITE_URL to the public address of the desk.",
                id="omotenashi.W002",
            )
        ]
    return []


@register(Tags.database)
def check_database(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    engine = _engine()
    if engine not in SUPPORTED_ENGINES:
        return [
            Error(
                f"DATABASE_URL selects {engine}, which Omotenashi does not support.",
                hint="Use PostgreSQL (postgres://…) or leave DATABASE_URL unset for SQLite; search "
                "and locking are written for those two.",
                id="omotenashi.E002",
            )
        ]
    return []


@register()
def check_broker(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    url = str(settings.CELERY_BROKER_URL or "")
    if url:
        scheme = urlsplit(url).scheme
        if scheme not in BROKER_SCHEMES:
            messages.append(
                Error(
                    f"CELERY_BROKER_URL uses the scheme {scheme or '(none)'!r}.",
                    hint="Use redis://host:6379/0 or amqp://user:password@host:5672//",
                    id="omotenashi.E003",
                )
            )
        if _scaled_out() and not settings.REDIS_URL:
            messages.append(
                Warning(
                    "Workers run beside the web processes but REDIS_URL is not set.",
                    hint="Login lockout and API rate limits are then counted per process; set "
                    "REDIS_URL so every process shares them.",
                    id="omotenashi.W003",
                )
            )
    return messages


@register()
def check_smtp(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.EMAIL_HOST:
        return []
    if getattr(settings, "EMAIL_USE_TLS", False) and getattr(settings, "EMAIL_USE_SSL", False):
        return [
            Error(
                "SMTP_STARTTLS and SMTP_SSL are both on.",
                hint="Port 587 uses STARTTLS (SMTP_STARTTLS=1), port 465 uses TLS from the start "
                "(SMTP_SSL=1); choose one.",
                id="omotenashi.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_secure_cookies(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if str(settings.SITE_URL).startswith("https://") and not settings.SECURE_COOKIES:
        return [
            Warning(
                "The desk is served over https but its cookies may travel over plain http.",
                hint="Set OMOTENASHI_SECURE_COOKIES=1 (and OMOTENASHI_BEHIND_TLS_PROXY=1 behind a "
                "TLS-terminating proxy).",
                id="omotenashi.W004",
            )
        ]
    return []
