"""Celery tasks of the email channel: thin wrappers over services, safe to run twice.

Registered on the project's app (omotenashi.celery) so they pick up its settings, eager
mode included, whatever imports them first. Retries are owned by the periodic tasks:
a failed send or a failed processing is due again at its backoff time and the sweep
below picks it up, so no task needs Celery's own retry machinery.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from omotenashi.celery import app
from omotenashi.channels import selectors
from omotenashi.channels.services.imap import mail_account_poll
from omotenashi.channels.services.inbound import inbound_process
from omotenashi.channels.services.outbound import outbound_send

logger = logging.getLogger(__name__)

# A `received` row older than this lost its processing task (worker crash, broker down).
STALE_RECEIVED = timedelta(minutes=5)


@app.task(name="omotenashi.channels.tasks.process_inbound_email", ignore_result=True)  # type: ignore[untyped-decorator]
def process_inbound_email(inbound_id: int) -> None:
    inbound_process(inbound_id=inbound_id)


@app.task(name="omotenashi.channels.tasks.send_outbound_email", ignore_result=True)  # type: ignore[untyped-decorator]
def send_outbound_email(outbound_id: int) -> None:
    outbound_send(outbound_id=outbound_id)


@app.task(name="omotenashi.channels.tasks.poll_all_mailboxes", ignore_result=True)  # type: ignore[untyped-decorator]
def poll_all_mailboxes() -> None:
    for account in selectors.mail_accounts_enabled():
        logger.info("%s", mail_account_poll(account=account))


@app.task(name="omotenashi.channels.tasks.send_pending_outbound", ignore_result=True)  # type: ignore[untyped-decorator]
def send_pending_outbound() -> None:
    for outbound_id in selectors.outbound_due(now=timezone.now()):
        send_outbound_email.delay(outbound_id)


@app.task(name="omotenashi.channels.tasks.retry_unprocessed_inbound", ignore_result=True)  # type: ignore[untyped-decorator]
def retry_unprocessed_inbound() -> None:
    for inbound_id in selectors.inbound_due_for_retry(
        now=timezone.now(), stale_after=STALE_RECEIVED
    ):
        process_inbound_email.delay(inbound_id)
