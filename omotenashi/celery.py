"""The Celery application and the one schedule of periodic work.

Without CELERY_BROKER_URL every task runs eagerly in the web process (the embedded
setup); with it, tasks go to Redis or RabbitMQ and real workers run them.
"""

import os

from celery import Celery
from celery.schedules import crontab

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
}
