"""The Celery application and the one schedule of periodic work.

Without CELERY_BROKER_URL every task runs eagerly in the web process (the embedded
setup); with it, tasks go to Redis or RabbitMQ and real workers run them.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omotenashi.settings")


class RedisChannel(kombu_redis.Channel):
    """kombu's Redis channel, publishing through one client instead of a new one per task.

    kombu builds a fresh `redis.Redis` for every message it sends (registering its ~170
    response callbacks each time): about a quarter of the CPU of queuing a task from a web
    request (docs/decisions/0016). The client holds no connection of its own; it draws
    from the channel's pool, which is thread-safe and reset after a fork, so one client per
    channel serves every publish. Only `conn_or_acquire` without a client changes.
    """

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        yield client or self._shared_client

    @cached_property
    def _shared_client(self) -> Any:
        return self._create_client()  # type: ignore[no-untyped-call]


class RedisTransport(kombu_redis.Transport):
    """The Redis transport with RedisChannel (settings: CELERY_BROKER_TRANSPORT)."""

    Channel = RedisChannel


app = Celery("omotenashi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The one schedule. Everything here is also a management command an operator may run.
app.conf.beat_schedule = {
    "poll-mailboxes": {
        "task": "omotenashi.channels.tasks.poll_all_mailboxes",
        "schedule": 60.0,
    },
    "send-pending-mail": {
        "task": "omotenashi.channels.tasks.send_pending_outbound",
        "schedule": 60.0,
    },
    "retry-unprocessed-inbound": {
        "task": "omotenashi.channels.tasks.retry_unprocessed_inbound",
        "schedule": 300.0,
    },
    "refresh-sla-flags": {
        "task": "omotenashi.tickets.tasks.refresh_sla_flags",
        "schedule": 60.0,
    },
    "embed-missing-vectors": {
        "task": "omotenashi.knowledge.tasks.embed_missing",
        "schedule": 600.0,
    },
    "purge-idempotency-keys": {
        "task": "omotenashi.tickets.tasks.purge_idempotency_keys",
        "schedule": crontab(minute=17, hour=3),
    },
    # Guest messages the understanding task missed (broker down, worker died) and failed
    # readings that are due again; also retrains triage models whose queues changed.
    "understand-missed": {
        "task": "omotenashi.tickets.tasks.understand_missed",
        "schedule": 120.0,
    },
    "retrain-triage": {
        "task": "omotenashi.tickets.tasks.retrain_triage",
        "schedule": crontab(minute=41, hour=2),
    },
}


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _warm_up_pool_child(**kwargs: object) -> None:
    # A prefork child loads the language detector, the encoders and the triage models
    # before its first task, so the first guest of the day does not wait for them.
    _warm_up()


@worker_ready.connect  # type: ignore[untyped-decorator]
def _warm_up_solo(sender: object = None, **kwargs: object) -> None:
    # The solo and threads pools run tasks in this process: warm it instead.
    pool = getattr(getattr(sender, "controller", None), "pool_cls", None)
    name = getattr(pool, "__module__", "") or ""
    if "prefork" not in name:
        _warm_up()


def _warm_up() -> None:
    import logging

    try:
        from omotenashi.tickets.routing.understanding import warm_up

        warm_up()
    except Exception:  # a worker without models still stores work and retries it
        logging.getLogger(__name__).exception("warming up the understanding engine failed")
