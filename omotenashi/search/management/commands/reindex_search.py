"""omotenashi reindex_search [--batch N] [--missing | --stale]: rebuild the search index."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omotenashi.search.services import (
    DEFAULT_BATCH,
    ReindexScope,
    search_reindex,
    search_reindex_visits,
)


class Progress:
    """A one-line progress bar on a terminal (plain lines otherwise); no dependency."""

    def __init__(self, total: int, write: Callable[[str], object], *, is_tty: bool) -> None:
        self.total = total
        self.done = 0
        self.write = write
        self.started = time.monotonic()
        self.last_line = 0.0
        self.is_tty = is_tty

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        # A terminal redraws at most ten times a second; a log gets a line every 10 s.
        if now - self.last_line < (0.1 if self.is_tty else 10.0) and self.done < self.total:
            return
        self.last_line = now
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        share = self.done / self.total if self.total else 1.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        bar = "#" * int(share * 30)
        line = f"[{bar:<30}] {self.done}/{self.total} tickets, {rate:,.0f}/s, {eta:,.0f} s left"
        self.write(("\r" + line) if self.is_tty else (line + "\n"))


class Command(BaseCommand):
    help = "Rebuild the ticket search index from the database (safe while the desk runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help="Tickets per transaction."
        )
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--missing", action="store_true", help="Only tickets without a document."
        )
        scope.add_argument(
            "--stale", action="store_true", help="Only documents of an older text version."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        scope: ReindexScope = (
            "missing" if options["missing"] else "stale" if options["stale"] else "all"
        )
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        total = search_reindex_visits()
        progress = None
        if not options["no_progress"]:
            progress = Progress(
                total, lambda text: self.stderr.write(text, ending=""), is_tty=self.stderr.isatty()
            )
        started = time.monotonic()
        written = search_reindex(scope=scope, batch=options["batch"], progress=progress)
        if progress is not None and progress.is_tty:
            self.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {written} tickets ({scope}) in {elapsed:.1f} s.")
