"""`omotenashi eval triage|language|sentiment --data FILE.jsonl [--json]`.

A thin wrapper: the engine does the work (omotenashi/engine/cli.py, evaluation.py) and
needs no database, so the same run is `python -m omotenashi.engine.cli eval ...`.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omotenashi.engine.cli import add_eval_arguments, run_eval


class Command(BaseCommand):
    help = "Measure the understanding engine (language, triage, sentiment) on a JSONL file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_eval_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        namespace = argparse.Namespace(**options)
        status = run_eval(namespace, self.stdout)
        if status != 0:
            raise CommandError("evaluation failed (see the message above)", returncode=status)
