"""Configuration checks (omotenashi/checks.py): each one fires on the bad setting and stays
quiet on the good one, and `manage.py check` runs them once they are registered."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import Error, Warning
from django.core.checks.registry import registry

from omotenashi import checks

POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Pretend the database is another engine, without touching the live connection."""

    def use(name: str) -> None:
        monkeypatch.setattr(checks, "_engine", lambda: name)

    return use


@pytest.fixture
def generated_key(settings: Any, tmp_path: Any) -> str:
    settings.DATA_DIR = tmp_path
    (tmp_path / "secret_key").write_text("generated-key-of-this-machine\n")
    settings.SECRET_KEY = "generated-key-of-this-machine"
    return settings.SECRET_KEY


def test_generated_secret_key_warns_when_scaled_out(
    settings: Any, engine: Any, generated_key: str
) -> None:
    engine(POSTGRES)
    settings.DEBUG = False
    assert ids(checks.check_secret_key()) == ["omotenashi.W001"]


def test_secret_key_from_environment_passes(settings: Any, engine: Any, generated_key: str) -> None:
    engine(POSTGRES)
    settings.DEBUG = False
    settings.SECRET_KEY = "a-key-set-through-OMOTENASHI_SECRET_KEY"
    assert checks.check_secret_key() == []


def test_generated_secret_key_is_fine_for_the_embedded_setup(
    settings: Any, engine: Any, generated_key: str
) -> None:
    engine(SQLITE)
    settings.DEBUG = False
    assert checks.check_secret_key() == []
    engine(POSTGRES)
    settings.DEBUG = True
    assert checks.check_secret_key() == []


@pytest.mark.parametrize(
    "url",
    ["desk.example.com", "ftp://desk.example.com", "https://", "https://desk.example.com/?a=1"],
)
def test_malformed_site_url_is_an_error(settings: Any, url: str) -> None:
    settings.SITE_URL = url
    messages = checks.check_site_url()
    assert ids(messages) == ["omotenashi.E001"] and isinstance(messages[0], Error)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
        "http://desk.localhost",
    ],
)
def test_loopback_site_url_warns_when_scaled_out(settings: Any, engine: Any, url: str) -> None:
    engine(POSTGRES)
    settings.DEBUG = False
    settings.SITE_URL = url
    assert ids(checks.check_site_url()) == ["omotenashi.W002"]


@pytest.mark.parametrize(
    "url", ["https://desk.example.com", "https://example.com/desk", "http://10.0.0.5:8000"]
)
def test_public_site_url_passes(settings: Any, engine: Any, url: str) -> None:
    engine(POSTGRES)
    settings.DEBUG = False
    settings.SITE_URL = url
    assert checks.check_site_url() == []


def test_loopback_site_url_is_fine_for_the_embedded_setup(settings: Any, engine: Any) -> None:
    engine(SQLITE)
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert checks.check_site_url() == []


def test_unsupported_database_is_an_error(engine: Any) -> None:
    engine("django.db.backends.mysql")
    assert ids(checks.check_database()) == ["omotenashi.E002"]
    engine(POSTGRES)
    assert checks.check_database() == []
    engine(SQLITE)
    assert checks.check_database() == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "sqs://queue", "127.0.0.1:6379"])
def test_unknown_broker_scheme_is_an_error(settings: Any, url: str) -> None:
    settings.REDIS_URL = (
        "redis://127.0.0.1:6379/1"  # isolate from W003 when the suite runs on PostgreSQL
    )
    settings.CELERY_BROKER_URL = url
    assert ids(checks.check_broker()) == ["omotenashi.E003"]


@pytest.mark.parametrize(
    "url", ["", "redis://127.0.0.1:6379/0", "amqp://guest:guest@127.0.0.1:5672//"]
)
def test_known_broker_schemes_pass(settings: Any, url: str) -> None:
    settings.REDIS_URL = (
        "redis://127.0.0.1:6379/1"  # isolate from W003 when the suite runs on PostgreSQL
    )
    settings.CELERY_BROKER_URL = url
    assert checks.check_broker() == []


def test_workers_without_shared_cache_warn_when_scaled_out(settings: Any, engine: Any) -> None:
    engine(POSTGRES)
    settings.DEBUG = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    settings.REDIS_URL = ""
    messages = checks.check_broker()
    assert ids(messages) == ["omotenashi.W003"] and isinstance(messages[0], Warning)
    settings.REDIS_URL = "redis://127.0.0.1:6379/1"
    assert checks.check_broker() == []


def test_starttls_and_ssl_together_is_an_error(settings: Any) -> None:
    settings.EMAIL_HOST = "smtp.example.com"
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_USE_SSL = True
    assert ids(checks.check_smtp()) == ["omotenashi.E004"]
    settings.EMAIL_USE_SSL = False
    assert checks.check_smtp() == []
    settings.EMAIL_HOST = ""
    settings.EMAIL_USE_SSL = True
    assert checks.check_smtp() == []


def test_https_without_secure_cookies_warns_on_deploy(settings: Any) -> None:
    settings.SITE_URL = "https://desk.example.com"
    settings.SECURE_COOKIES = False
    assert ids(checks.check_secure_cookies()) == ["omotenashi.W004"]
    settings.SECURE_COOKIES = True
    assert checks.check_secure_cookies() == []


def test_checks_are_registered_with_django() -> None:
    # Importing the module registers them; the lead's AppConfig.ready() does the import.
    registered = registry.get_checks(include_deployment_checks=True)
    for check in (
        checks.check_secret_key,
        checks.check_site_url,
        checks.check_database,
        checks.check_broker,
        checks.check_smtp,
        checks.check_secure_cookies,
    ):
        assert check in registered
    assert checks.check_secure_cookies not in registry.get_checks(include_deployment_checks=False)


def test_this_test_configuration_passes_every_check() -> None:
    # The settings the suite runs with (SQLite or PostgreSQL, eager or a broker) are valid.
    messages = [
        m for check in registry.get_checks() if check.__module__ == checks.__name__ for m in check()
    ]
    assert [m for m in messages if m.is_serious()] == []
