"""Builders for inbound mail in tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from omotenashi.channels.models import InboundEmail, InboundSource
from omotenashi.channels.services.inbound import inbound_store


def mail(
    *,
    sender: str,
    subject: str,
    body: str = "Hello desk.",
    to: str = "support@omotenashi.localhost",
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """A plain UTF-8 text message as an MTA would hand it over."""
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        "Date: Mon, 10 Mar 2025 09:00:00 +0100",
    ]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode()


def ingest(
    capture: Callable[..., Any], raw: bytes, *, source: str = InboundSource.PIPE
) -> InboundEmail:
    """Store a message and run what follows its commit (processing, acknowledgement)."""
    with capture(execute=True):
        row = inbound_store(raw=raw, source=source, source_detail="test")
    row.refresh_from_db()
    return row
