"""An in-process runner for the Celery beat schedule, for the embedded setup.

With no broker, tasks run eagerly; something still has to *start* the periodic ones
(mail polling, SLA flags, retries). This thread does what `celery beat` does in the
scale-out setup, from the same schedule in omotenashi/celery.py, so the two cannot drift.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("omotenashi.scheduler")


def _seconds_until(schedule: Any, last_run: datetime | None) -> float:
    if isinstance(schedule, int | float):
        if last_run is None:
            return 0.0
        return max(0.0, float(schedule) - (timezone.now() - last_run).total_seconds())
    if isinstance(schedule, timedelta):
        return _seconds_until(schedule.total_seconds(), last_run)
    # celery.schedules.crontab / schedule objects
    due, next_seconds = schedule.is_due(last_run or timezone.now() - timedelta(days=1))
    return 0.0 if due else float(next_seconds)


class Scheduler(threading.Thread):
    def __init__(self, *, tick: float = 1.0) -> None:
        super().__init__(name="omotenashi-scheduler", daemon=True)
        self.tick = tick
        self.stopped = threading.Event()
        self.last_run: dict[str, datetime] = {}

    def stop(self) -> None:
        self.stopped.set()

    def run(self) -> None:
        from omotenashi.celery import app

        tasks = app.tasks  # finalises the app, which autodiscovers every app's tasks.py
        # Let the server come up before the first round of work.
        if self.stopped.wait(5):
            return
        while not self.stopped.is_set():
            for name, entry in app.conf.beat_schedule.items():
                if self.stopped.is_set():
                    break
                if _seconds_until(entry["schedule"], self.last_run.get(name)) > 0:
                    continue
                self.last_run[name] = timezone.now()
                task = tasks.get(entry["task"])
                if task is None:
                    logger.debug("scheduled task %s is not installed; skipped", entry["task"])
                    continue
                started = time.monotonic()
                try:
                    close_old_connections()
                    task.apply(
                        args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True
                    )
                except Exception:
                    logger.exception(
                        "periodic task %s failed; it runs again at its next time", name
                    )
                finally:
                    close_old_connections()
                logger.debug("periodic %s took %.2fs", name, time.monotonic() - started)
            self.stopped.wait(self.tick)
