"""`omotenashi serve`: the embedded desk in one process (gunicorn threads + in-process scheduler).

The scale-out setup runs gunicorn, `celery worker` and `celery beat` separately instead
(docs/operations.md).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from omotenashi.runtime.scheduler import Scheduler

# Missing search vectors encoded at start, at most (the demo's solved tickets: ~280).
START_VECTORS = 1000


class _Embedded(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from omotenashi.wsgi import application

        return application


def _post_fork(server: Any, worker: Any) -> None:
    # Threads do not survive fork: start the scheduler inside the (single) worker.
    if not settings.CELERY_BROKER_URL:
        Scheduler().start()
        # Tasks run in this process: load the understanding engine's models in the
        # background now, so the first guest message is not the one that waits for them.
        threading.Thread(target=_warm_up, name="omotenashi-warm-up", daemon=True).start()


def _warm_up() -> None:
    try:
        from omotenashi.tickets.routing.understanding import warm_up

        warm_up()
    except Exception:  # tasks still run; they load what they need on first use
        logging.getLogger(__name__).exception("warming up the understanding engine failed")
    try:
        # Search vectors still missing (the demo leaves its solved tickets to this): encoded
        # now, in this thread, rather than by the 10-minute sweep 100 at a time. Until
        # then those documents are found by their words. Bounded (~3 minutes on one core):
        # after an encoder upgrade the whole desk is `omotenashi reindex_knowledge`'s job.
        from omotenashi.knowledge.services import embed_documents

        written = embed_documents(limit=START_VECTORS)
        if written:
            logging.getLogger(__name__).info("encoded %d missing search vectors", written)
    except Exception:  # the periodic sweep (omotenashi/celery.py) tries again
        logging.getLogger(__name__).exception("encoding missing search vectors failed")
    finally:
        from django.db import connection

        connection.close()


class Command(BaseCommand):
    help = "Serve the desk on HOST:PORT with the worker in-process (embedded setup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from django.db import connections

        connections.close_all()  # never share a connection across the fork
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\n  Omotenashi is serving on {url}"))
        self.stdout.write(
            f"  Agents sign in at {url}accounts/login/ · guests use {url}portal/"
            f" · admin at {url}admin/"
        )
        mode = (
            "Celery workers via " + settings.CELERY_BROKER_URL.split("@")[-1]
            if settings.CELERY_BROKER_URL
            else "in-process worker"
        )
        if not settings.EMAIL_HOST:
            self.stdout.write(
                "  No SMTP_HOST set: outgoing mail (guests' sign-in links too) is written to"
                f" {settings.EMAIL_FILE_PATH}/"
            )
        self.stdout.write(
            f"  Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
            f" · tasks: {mode}\n"
        )
        _Embedded(
            {
                "bind": f"{host}:{port}",
                "workers": 1,
                "worker_class": "gthread",
                "threads": threads,
                "accesslog": "-",
                "post_fork": _post_fork,
                "timeout": 120,
                "graceful_timeout": 10,
            }
        ).run()
