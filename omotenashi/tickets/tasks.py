"""Periodic ticket housekeeping (scheduled in omotenashi/celery.py). Safe to run twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

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
