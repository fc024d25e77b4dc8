"""Periodic ticket housekeeping (scheduled in omotenashi/celery.py). Safe to run twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from omotenashi.tickets import sla
from omotenashi.tickets.models import OPEN_STATUSES, IdempotencyKey, Ticket

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEY_TTL = timedelta(hours=24)
SLA_BATCH_SIZE = 500


@shared_task(name="omotenashi.tickets.tasks.purge_idempotency_keys")  # type: ignore[untyped-decorator]
def purge_idempotency_keys() -> int:
    """Forget API idempotency keys older than 24 hours; returns how many were removed."""
    cutoff = timezone.now() - IDEMPOTENCY_KEY_TTL
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def refresh_sla_flags_now(*, now: datetime | None = None, batch_size: int = SLA_BATCH_SIZE) -> int:
    """Recompute at-risk and breached for every ticket whose flags can change.

    Walks the tickets in id order, one short transaction per batch, and writes only the
    rows whose flags changed. Returns the number of tickets changed.
    """
    now = now or timezone.now()
    # Open tickets under a policy can move; any other ticket still flagged at risk is stale
    # (for instance its policy was deleted) and is cleared.
    candidates = Ticket.objects.filter(
        Q(status__in=OPEN_STATUSES, sla_policy__isnull=False) | Q(sla_at_risk=True)
    )
    changed_total = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            # Locked so a reply or status change committing meanwhile is not judged on its
            # old state; the lock is held for one batch only.
            batch = list(
                candidates.select_for_update(of=("self",))
                .select_related("sla_policy")
                .filter(pk__gt=last_pk)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            changed = [ticket for ticket in batch if sla.refresh_flags(ticket, now=now)]
            if changed:
                # Not updated_at: a clock ticking is not activity, and bumping it would
                # reorder inboxes and API cursors every minute.
                Ticket.objects.bulk_update(changed, ["sla_at_risk", "sla_breached"])
            changed_total += len(changed)
    if changed_total:
        logger.info("SLA flags changed on %d tickets", changed_total)
    return changed_total


@shared_task(name="omotenashi.tickets.tasks.refresh_sla_flags")  # type: ignore[untyped-decorator]
def refresh_sla_flags() -> int:
    return refresh_sla_flags_now()


# --- understanding and routing (tickets.routing) ---------------------------------------------

UNDERSTAND_BACKOFF_SECONDS = (30, 120, 600, 1800, 3600)


@shared_task(bind=True, name="omotenashi.tickets.tasks.understand_message", max_retries=5)  # type: ignore[untyped-decorator]
def understand_message(self: Any, message_id: int) -> str:
    """Read one guest message and route its ticket; queued after commit by the message hook.

    Safe to run twice (the message is claimed first). On a failure the ticket is already
    stored and in the triage view; the task retries with backoff. Run eagerly (embedded
    setup, no broker), it does not retry inline, which would hold up the request that
    stored the message: the periodic sweep below retries it instead.
    """
    # Imported here, not at the top: the engine (numpy, scipy, the detectors) loads only in
    # processes that read messages, not in every process that imports the task names.
    from omotenashi.tickets.routing.understanding import message_understand

    try:
        return message_understand(message_id=message_id)
    except Exception as exc:
        if self.request.is_eager:
            logger.exception("understanding message %s failed; the sweep retries it", message_id)
            return "failed"
        step = min(self.request.retries, len(UNDERSTAND_BACKOFF_SECONDS) - 1)
        delay = UNDERSTAND_BACKOFF_SECONDS[step]
        raise self.retry(exc=exc, countdown=delay) from exc


def understand_missed_now(*, now: datetime | None = None) -> int:
    """Queue every guest message that was never read or whose reading is due again."""
    from omotenashi.tickets.routing.understanding import understanding_due

    due = understanding_due(now=now)
    for message_id in due:
        understand_message.delay(message_id)
    if due:
        logger.info("understanding queued again for %d messages", len(due))
    return len(due)


@shared_task(name="omotenashi.tickets.tasks.understand_missed")  # type: ignore[untyped-decorator]
def understand_missed() -> int:
    """The periodic sweep: messages the understanding task missed, and triage models whose
    queues, categories or descriptions changed (so an admin's edit takes effect)."""
    from omotenashi.tickets.routing.learning import stale_fields, triage_retrain

    count = understand_missed_now()
    for field in stale_fields():
        report = triage_retrain(field=field, trigger="desk changed")
        logger.info("triage %s: %s", field, report.message)
    return count


@shared_task(name="omotenashi.tickets.tasks.retrain_triage")  # type: ignore[untyped-decorator]
def retrain_triage(
    fields: list[str] | None = None, force: bool = False, trigger: str = "schedule"
) -> list[str]:
    """Retrain the queue, category and priority models (or `fields`); each is kept unless the
    new one is at least as good on tickets it has not seen (tickets.routing.learning)."""
    from omotenashi.tickets.models import TriageField
    from omotenashi.tickets.routing.learning import triage_retrain

    reports = [
        triage_retrain(field=f, force=force, trigger=trigger) for f in fields or TriageField.values
    ]
    return [f"{r.field}: {r.outcome}: {r.message}" for r in reports]
