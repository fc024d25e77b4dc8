"""omotenashi reindex_knowledge [--texts-only | --vectors-only] [--batch N]: rebuild the
knowledge retrieval index (article texts and solved tickets, then their vectors)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F, Q

from omotenashi.knowledge.models import RetrievalDocument
from omotenashi.knowledge.services import (
    embed_documents,
    knowledge_reindex,
    knowledge_reindex_visits,
    vectors_enabled,
)


class Progress:
    """A progress bar on a terminal (a line every 10 s in a log): count, rate, time left."""

    def __init__(self, total: int, unit: str, write: Any, *, is_tty: bool) -> None:
        self.total, self.unit, self.write, self.is_tty = total, unit, write, is_tty
        self.done = 0
        self.started = self.shown = time.monotonic()

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown < (0.1 if self.is_tty else 10.0) and self.done < self.total:
            return
        self.shown = now
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else 0.0
        share = min(1.0, self.done / self.total) if self.total else 1.0
        line = (
            f"[{'#' * int(share * 30):<30}] {self.done}/{self.total} {self.unit}, "
            f"{rate:,.1f}/s, {left:,.0f} s left"
        )
        self.write(("\r" + line) if self.is_tty else (line + "\n"))


def stale_vector_count(model: str) -> int:
    return RetrievalDocument.objects.exclude(
        Q(vector_hash=F("content_hash")) & Q(vector_model=model)
    ).count()


class Command(BaseCommand):
    help = (
        "Rebuild the knowledge base's retrieval documents and vectors (safe while the desk runs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=64, help="Vectors per batch.")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--texts-only", action="store_true", help="Rewrite texts, no vectors.")
        which.add_argument(
            "--vectors-only", action="store_true", help="Only vectors missing or stale."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def _progress(self, total: int, options: dict[str, Any], what: str) -> Progress | None:
        if options["no_progress"]:
            return None
        return Progress(
            total,
            what,
            lambda text: self.stderr.write(text, ending=""),
            is_tty=self.stderr.isatty(),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        started = time.monotonic()
        if not options["vectors_only"]:
            progress = self._progress(knowledge_reindex_visits(), options, "objects")
            visited = knowledge_reindex(progress=progress)
            if progress is not None and progress.is_tty:
                self.stderr.write("\n")
            self.stdout.write(f"Texts: {visited} articles and solved tickets visited.")
        if options["texts_only"]:
            return
        if not vectors_enabled():
            self.stdout.write("Vectors are switched off (OMOTENASHI_KNOWLEDGE_VECTORS).")
            return
        from omotenashi.knowledge.index import passage_encoder, reset_index

        encoder = passage_encoder()
        todo = stale_vector_count(encoder.name)
        progress = self._progress(todo, options, "vectors")
        embedded = time.monotonic()
        written = embed_documents(batch=options["batch"], progress=progress)
        if progress is not None and progress.is_tty:
            self.stderr.write("\n")
        seconds = time.monotonic() - embedded
        rate = written / seconds if seconds > 0 else 0.0
        reset_index()
        self.stdout.write(
            f"Vectors: {written} written with {encoder.name} in {seconds:.1f} s "
            f"({rate:.1f}/s); {time.monotonic() - started:.1f} s in all."
        )
