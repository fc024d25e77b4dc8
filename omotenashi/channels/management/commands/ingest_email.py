"""`omotenashi ingest-email`: one message on stdin (an MTA pipe), or a whole mbox / Maildir.

For an MTA pipe (Postfix `pipe`, Exim `pipe` transport, procmail, fetchmail --mda) the
exit code is the contract, from sysexits.h:
  0   stored: the desk has the message (processing follows; it can fail and be retried)
  75  EX_TEMPFAIL: the message is NOT stored (database or disk trouble); the MTA keeps it
      and tries again later, so nothing is lost
  65  EX_DATAERR: refused for good (empty, or over MAX_EMAIL_BYTES); the MTA bounces it
      to the sender, who learns it did not arrive
"""

from __future__ import annotations

import mailbox
import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omotenashi.channels.models import InboundSource, InboundStatus
from omotenashi.channels.services.inbound import inbound_store
from omotenashi.lib.errors import ValidationFailed

EX_DATAERR = 65
EX_TEMPFAIL = 75


class _Progress:
    """tqdm when installed (a dev dependency), else a plain line every 5%."""

    def __init__(self, *, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.done, self.stream, self.enabled = total, 0, stream, enabled
        self.step = max(1, total // 20)
        self.bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                self.bar = None
            else:
                self.bar = tqdm(total=total, file=stream, unit="msg", desc="ingest-email")

    def update(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
        elif self.done % self.step == 0 or self.done == self.total:
            self.stream.write(f"ingest-email: {self.done}/{self.total} messages\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Store one RFC 5322 message read from stdin (exit 0 stored, 75 try again later, "
        "65 refused), "
        "or import every message of an mbox file (--mbox) or a Maildir folder (--maildir)."
    )
    # call_command(..., stdin=stream) in tests and embedding code.
    stealth_options = ("stdin",)
    # An MTA pipe runs this for every message: no system checks (time, and one more
    # thing that could fail between the MTA and the stored message).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--mbox", metavar="PATH", help="Import every message of this mbox file."
        )
        source.add_argument(
            "--maildir", metavar="PATH", help="Import every message of this Maildir folder."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("mbox"):
            self._import_box(InboundSource.MBOX, options["mbox"], options["verbosity"])
        elif options.get("maildir"):
            self._import_box(InboundSource.MAILDIR, options["maildir"], options["verbosity"])
        else:
            self._ingest_stdin(options.get("stdin") or sys.stdin, options["verbosity"])

    def _ingest_stdin(self, stream: Any, verbosity: int) -> None:
        try:
            buffer = getattr(stream, "buffer", stream)
            raw = buffer.read(settings.MAX_EMAIL_BYTES + 1)
            if isinstance(raw, str):
                raw = raw.encode("utf-8", "surrogateescape")
            row = inbound_store(raw=raw, source=InboundSource.PIPE, source_detail="stdin")
        except ValidationFailed as exc:
            raise CommandError(exc.message, returncode=EX_DATAERR) from exc
        except Exception as exc:
            # Whatever went wrong, the message is not stored: make the MTA keep it and retry.
            raise CommandError(
                f"Not stored, try again later: {type(exc).__name__}: {exc}", returncode=EX_TEMPFAIL
            ) from exc
        if verbosity >= 1:
            self.stdout.write(f"Stored inbound email #{row.pk} ({row.status}).")

    def _import_box(self, source: str, path: str, verbosity: int) -> None:
        location = Path(path)
        if source == InboundSource.MBOX and not location.is_file():
            raise CommandError(f"{path} is not an mbox file.")
        if source == InboundSource.MAILDIR and not (location / "cur").is_dir():
            raise CommandError(f"{path} is not a Maildir folder (it has no cur/ directory).")
        box: mailbox.Mailbox[Any] = (
            mailbox.mbox(location, create=False)
            if source == InboundSource.MBOX
            else mailbox.Maildir(location, factory=None, create=False)
        )
        keys = list(box.keys())
        progress = _Progress(total=len(keys), stream=sys.stderr, enabled=verbosity >= 1)
        counts = {"stored": 0, "duplicate": 0, "refused": 0}
        problems: list[str] = []
        try:
            for key in keys:
                try:
                    raw = box.get_bytes(key)
                    row = inbound_store(raw=raw, source=source, source_detail=f"{location} [{key}]")
                except ValidationFailed as exc:
                    counts["refused"] += 1
                    problems.append(f"message {key}: {exc.message}")
                except Exception as exc:
                    # Stop at the first storage failure: running the import again is safe
                    # (what was stored becomes `duplicate`), and a broken database would
                    # otherwise fail thousands of times.
                    raise CommandError(
                        f"Stopped at message {key}: {type(exc).__name__}: {exc}. "
                        f"Run the same command again to continue.",
                        returncode=EX_TEMPFAIL,
                    ) from exc
                else:
                    counts["duplicate" if row.status == InboundStatus.DUPLICATE else "stored"] += 1
                progress.update()
        finally:
            progress.close()
            box.close()
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"{len(keys)} messages: {counts['stored']} stored, {counts['duplicate']} duplicates, "
            f"{counts['refused']} refused."
        )
