"""Fixtures of the email channel: the .eml corpus, a real SMTP server, compiled translations."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from omotenashi.testing.dovecot import free_port
from omotenashi.testing.system import require

EML_DIR = Path(__file__).parent / "eml"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


@pytest.fixture
def eml() -> Callable[[str], bytes]:
    def load(name: str) -> bytes:
        return (EML_DIR / f"{name}.eml").read_bytes()

    return load


@pytest.fixture(autouse=True)
def _desk_addresses(settings: Any) -> None:
    settings.SUPPORT_ADDRESS = "support@omotenashi.localhost"
    settings.DEFAULT_FROM_EMAIL = "Omotenashi Service Desk <support@omotenashi.localhost>"
    settings.EMAIL_MESSAGE_ID_DOMAIN = "omotenashi.localhost"
    settings.TICKET_SUBJECT_PREFIX = "Ticket"
    settings.SITE_URL = "https://desk.example"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class _Handler:
    messages: list[Received] = field(default_factory=list)
    # When set, every DATA is answered with this reply (e.g. "451 try later").
    reply: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.reply:
            return self.reply
        with self.lock:
            self.messages.append(
                Received(
                    str(envelope.mail_from),
                    list(envelope.rcpt_tos),
                    bytes(envelope.original_content or b""),
                )
            )
        return "250 OK"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: _Handler

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1 at a free port, with Django's SMTP backend pointed at it."""
    handler = _Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield SmtpServer("127.0.0.1", port, handler)
    finally:
        controller.stop()


@pytest.fixture
def compiled_translations(settings: Any) -> None:
    """Compile the .po files when their .mo is missing or older (as `make test` does)."""
    stale = [
        po
        for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        msgfmt = shutil.which("msgfmt")
        require("msgfmt", msgfmt is not None, "apt-get install gettext")
        for po in stale:
            subprocess.run(
                [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
            )
    # Re-assigning the setting fires setting_changed, which drops Django's cached catalogs.
    settings.LOCALE_PATHS = [str(LOCALE_DIR)]
