"""The Celery application and the one schedule of periodic work.

Without CELERY_BROKER_URL every task runs eagerly in the web process (the embedded
setup); with it, tasks go to Redis or RabbitMQ and real workers run them.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omotenashi.settings")

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
