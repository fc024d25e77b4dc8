"""`omotenashi retrain_triage [--field queue|category|priority] [--force]`.

The same service as the nightly `retrain-triage` schedule (tickets.routing.learning): each
new model is kept only if it is at least as good as the active one on tickets the active
one has never seen. Shows a progress bar while it embeds the training texts (nearly all of
the time), then what it decided and why.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from omotenashi.tickets.models import TriageField
from omotenashi.tickets.routing.learning import RetrainReport, triage_retrain


class ProgressBar:
    """A one-line bar on a terminal; one plain line per stage when output is not a tty."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper, *, label: str) -> None:
        self.out = out
        self.label = label
        self.tty = out.isatty()
        self.stage = ""
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self.stage:
            if self.stage and self.tty:
                self.out.write("")
            self.stage = stage
            if not self.tty:
                self.out.write(f"  {self.label}: {stage}...")
        if not self.tty or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        share = done / total if total else 1.0
        bar = "#" * round(share * self.WIDTH)
        elapsed = now - self.started
        self.out.write(
            f"\r  {self.label}: {stage:<10} [{bar:-<{self.WIDTH}}] {share:4.0%} "
            f"{done}/{total} {elapsed:5.1f}s",
            ending="",
        )
        self.out.flush()

    def close(self) -> None:
        if self.tty and self.stage:
            self.out.write("")


class Command(BaseCommand):
    help = (
        "Retrain the triage models (queue, category, priority) from the desk's history. A new "
        "model replaces the active one only if it is at least as good on tickets the active "
        "one has not seen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--field",
            choices=TriageField.values,
            action="append",
            help="Only this field (repeatable); default: all three.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Train even when little has changed since the active model.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(
        self, *args: Any, field: list[str] | None, force: bool, no_progress: bool, **options: Any
    ) -> None:
        busy = False
        for name in field or TriageField.values:
            bar = None if no_progress else ProgressBar(self.stdout, label=name)
            try:
                report = triage_retrain(field=name, force=force, trigger="command", progress=bar)
            finally:
                if bar is not None:
                    bar.close()
            self._report(name, report)
            busy = busy or report.outcome == "busy"
        if busy:
            raise CommandError("a retraining was already running; try again when it is done")

    def _report(self, name: str, report: RetrainReport) -> None:
        style = {"promoted": self.style.SUCCESS, "kept": self.style.WARNING}.get(report.outcome)
        self.stdout.write(f"{name}: {report.outcome}. {report.message}", style_func=style)
        run = report.run
        if run is None:
            return
        held = run.metrics.get("candidate") or {}
        if held:
            accuracy, f1 = held.get("accuracy", 0.0), held.get("macro_f1", 0.0)
            self.stdout.write(
                f"  new model on {run.metrics.get('holdout_size')} held-out tickets: "
                f"accuracy {accuracy:.1%}, macro-F1 {f1:.1%}"
            )
        self.stdout.write(
            f"  {run.n_examples} examples, {run.seconds:.1f} s, version {run.version}"
        )
