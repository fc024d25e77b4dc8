"""`omotenashi understand_missed`: the `understand-missed` schedule, by hand.

Queues every guest message the understanding task has not read (the broker was down, a
worker died) or whose reading failed and is due again, and retrains triage models whose
queues, categories or descriptions changed. Without a broker the work runs right here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from omotenashi.tickets.tasks import understand_missed


class Command(BaseCommand):
    help = "Read guest messages the understanding task missed, and refresh stale triage models."

    def handle(self, *args: Any, **options: Any) -> None:
        count = understand_missed()
        self.stdout.write(f"{count} message{'s' if count != 1 else ''} queued for reading.")
