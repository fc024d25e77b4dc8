"""Inbound mail: store every accepted message first, then turn it into a ticket change.

Two steps on purpose (PRODUCT.md: nothing is lost). `inbound_store` commits the raw bytes
and an InboundEmail row; only after that commit does `inbound_process` run (as a task)
and it may fail and be retried without losing or duplicating anything:
- a row is processed at most once (status check under a row lock),
- Message.email_message_id is unique, so even two racing processors add one message.

Duplicates by Message-ID are stored (status `duplicate`, pointing at the original) rather
than dropped: the admin can see that a re-delivery happened and nothing else follows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from omotenashi.channels import selectors
from omotenashi.channels.models import (
    InboundEmail,
    InboundSource,
    InboundStatus,
    MailAccount,
    OutboundEmail,
)
from omotenashi.channels.parsing import ParsedEmail, header_summary, parse_email
from omotenashi.customers.models import Guest
from omotenashi.customers.services import guest_get_or_create_by_email, normalize_email
from omotenashi.lib.errors import ApplicationError, ValidationFailed
from omotenashi.tickets.models import Channel, Message, Queue, Ticket
from omotenashi.tickets.services import (
    IncomingFile,
    ticket_add_guest_message,
    ticket_create,
    ticket_set_ccs,
    validate_attachment,
)

logger = logging.getLogger(__name__)

SYSTEM = "email ingestion"
MAX_CCS = 20
MAX_ATTEMPTS = 8
EMPTY_BODY = "(This message had no text.)"


class MessageTooLarge(ValidationFailed):
    """Over settings.MAX_EMAIL_BYTES: refused before storing (the MTA bounces it to the sender)."""


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(5 * 2 ** max(attempts - 1, 0), 6 * 60))


def _durable_save(name: str, data: bytes) -> str:
    """Save under MEDIA_ROOT and, on local disk, fsync before the row commits.

    A message we acknowledged to the MTA (exit 0) must survive a power cut.
    """
    storage = InboundEmail._meta.get_field("raw").storage
    if storage.exists(name):
        return name
    saved = storage.save(name, ContentFile(data))
    try:
        path = storage.path(saved)
    except NotImplementedError:  # remote storage: its own durability applies
        return saved
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
    return saved


@transaction.atomic
def inbound_store(
    *,
    raw: bytes,
    source: str,
    account: MailAccount | None = None,
    source_detail: str = "",
    process: bool = True,
) -> InboundEmail:
    """Commit one raw message as an InboundEmail row; processing is queued after commit.

    Raises MessageTooLarge over settings.MAX_EMAIL_BYTES and ValidationFailed for empty
    input; every other input, however malformed, is stored.
    """
    if source not in InboundSource.values:
        raise ValidationFailed(f"Unknown inbound source {source!r}.")
    if not raw.strip():
        raise ValidationFailed("The message is empty.")
    if len(raw) > settings.MAX_EMAIL_BYTES:
        raise MessageTooLarge(
            f"The message is {len(raw)} bytes; the desk accepts at most {settings.MAX_EMAIL_BYTES}."
        )
    message_id, synthetic, subject, sender = header_summary(raw)
    digest = hashlib.sha256(raw).hexdigest()
    row = InboundEmail(
        source=source,
        source_detail=source_detail[:500],
        account=account,
        raw_size=len(raw),
        raw_sha256=digest,
        email_message_id=message_id,
        email_message_id_synthetic=synthetic,
        subject=subject[:255],
        from_address=sender[:320],
    )
    row.raw.name = _durable_save(f"inbound/{digest[:2]}/{digest}.eml", raw)

    original = (
        InboundEmail.objects.filter(email_message_id=message_id)
        .exclude(status=InboundStatus.DUPLICATE)
        .exclude(raw="")
        .order_by("id")
        .first()
    )
    known = (
        Message.objects.filter(email_message_id=message_id)
        .values_list("ticket_id", flat=True)
        .first()
    )
    ours = (
        OutboundEmail.objects.filter(email_message_id=message_id)
        .values_list("ticket_id", flat=True)
        .first()
    )
    if original is not None:
        row.status, row.duplicate_of = InboundStatus.DUPLICATE, original
        row.status_reason = f"Same Message-ID as inbound email #{original.pk}."
    elif known or ours:
        row.status = InboundStatus.DUPLICATE
        row.status_reason = f"Message-ID already on ticket #{known or ours}" + (
            " (our own mail)." if ours else "."
        )
    row.save()
    if process and row.status == InboundStatus.RECEIVED:
        from omotenashi.channels.tasks import process_inbound_email

        transaction.on_commit(lambda: process_inbound_email.delay(row.pk), robust=True)
    return row


@transaction.atomic
def inbound_record_refused(
    *,
    raw_headers: bytes,
    size: int,
    source: str,
    account: MailAccount | None,
    source_detail: str,
    reason: str,
) -> InboundEmail:
    """Record a message we did not take (too large), for the admin; it stays at its source."""
    message_id, synthetic, subject, sender = header_summary(raw_headers)
    return InboundEmail.objects.create(
        source=source,
        source_detail=source_detail[:500],
        account=account,
        raw_size=size,
        raw_sha256="",
        email_message_id=message_id,
        email_message_id_synthetic=synthetic,
        subject=subject[:255],
        from_address=sender[:320],
        status=InboundStatus.FAILED,
        status_reason=reason,
    )


def inbound_process(*, inbound_id: int) -> InboundEmail:
    """Turn a stored message into a new ticket or a message on an existing one. Idempotent.

    Precondition: the row is committed (this runs after commit, usually as a task).
    Only `received` and `failed` rows are processed; anything else returns unchanged.
    """
    with transaction.atomic():
        row = (
            InboundEmail.objects.select_for_update(of=("self",))
            .select_related("account")
            .get(pk=inbound_id)
        )
        if row.status not in (InboundStatus.RECEIVED, InboundStatus.FAILED) or not row.raw:
            return row
        row.attempts += 1
        try:
            with transaction.atomic():  # a savepoint: a failure undoes the half-made ticket
                _process(row)
        except ApplicationError as exc:
            # Bad mail, not bad luck: retrying gives the same answer. An admin can retry by hand.
            _fail(row, exc.message, retry=False)
        except IntegrityError as exc:
            # Lost a race with another processor of the same Message-ID: it is a duplicate now.
            if Message.objects.filter(email_message_id=row.email_message_id).exists():
                _mark_duplicate(row)
            else:
                _fail(row, _summary(exc), retry=True)
        except Exception as exc:
            logger.exception("Processing inbound email %s failed", row.pk)
            _fail(row, _summary(exc), retry=True)
        row.save()
    return row


def _summary(exc: BaseException) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-6)
    return "".join(lines)[-4000:]


def _fail(row: InboundEmail, reason: str, *, retry: bool) -> None:
    row.status = InboundStatus.FAILED
    row.status_reason = reason
    row.next_attempt_at = (
        timezone.now() + _backoff(row.attempts) if retry and row.attempts < MAX_ATTEMPTS else None
    )


def _mark_duplicate(row: InboundEmail) -> None:
    message = Message.objects.filter(email_message_id=row.email_message_id).first()
    row.status = InboundStatus.DUPLICATE
    row.status_reason = "Message-ID already on a ticket."
    row.message = message
    row.ticket_id = message.ticket_id if message else None
    row.processed_at = timezone.now()
    row.next_attempt_at = None


def _read_raw(row: InboundEmail) -> bytes:
    with row.raw.open("rb") as handle:
        data: bytes = handle.read()
    return data


_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|sv|vs|antw|tr|r|返信|転送)\s*(\[\d+\])?\s*[:\uff1a]\s*)+", re.IGNORECASE
)


def _tag_pattern() -> re.Pattern[str]:
    prefix = re.escape(settings.TICKET_SUBJECT_PREFIX)
    return re.compile(rf"\[\s*{prefix}\s*#\s*(\d{{1,12}})\s*\]", re.IGNORECASE)


def ticket_numbers_in_subject(subject: str) -> list[int]:
    return [int(n) for n in _tag_pattern().findall(subject)]


def _new_ticket_subject(subject: str, *, was_reply: bool) -> str:
    subject = _tag_pattern().sub("", subject)
    if was_reply:
        subject = _REPLY_PREFIX.sub("", subject)
    return re.sub(r"\s+", " ", subject).strip()


def _find_ticket(parsed: ParsedEmail, guest: Guest) -> tuple[Ticket | None, str]:
    """The ticket this mail belongs to, and a note when a reference was not trusted."""
    refused: list[str] = []
    for ticket in selectors.tickets_for_message_ids(message_ids=parsed.thread_ids):
        if selectors.guest_may_post(guest=guest, ticket=ticket):
            return ticket, ""
        refused.append(f"#{ticket.pk}")
    for number in ticket_numbers_in_subject(parsed.subject):
        named = Ticket.objects.select_related("requester").filter(pk=number).first()
        if named is None:
            continue
        if selectors.guest_may_post(guest=guest, ticket=named):
            return named, ""
        refused.append(f"#{named.pk}")
    if refused:
        names = ", ".join(dict.fromkeys(refused))
        return (
            None,
            f"Refers to {names}, but the sender is neither its requester nor a CC: "
            "started a new ticket.",
        )
    return None, ""


def _participants(parsed: ParsedEmail, *, exclude: frozenset[str]) -> list[Guest]:
    """Guests for the other people on the mail (To and Cc), not the desk nor the sender."""
    guests: list[Guest] = []
    seen = set(exclude)
    for name, address in [*parsed.to, *parsed.cc]:
        if address in seen or len(guests) >= MAX_CCS:
            continue
        seen.add(address)
        try:
            guest, _ = guest_get_or_create_by_email(email=address, name=name)
        except ValidationFailed:
            continue  # an unusable address in Cc is no reason to lose the mail
        guests.append(guest)
    return guests


def _queue_for(parsed: ParsedEmail, account: MailAccount | None) -> Queue | None:
    if account is not None and account.queue_id:
        return account.queue
    recipients = [a for _, a in [*parsed.to, *parsed.cc]]
    delivered = parsed.headers.get("Delivered-To", "") or parsed.headers.get("X-Original-To", "")
    if "@" in delivered:
        recipients.insert(0, delivered.strip().strip("<>").lower())
    for address in recipients:
        queue = Queue.objects.filter(email_address__iexact=address).first()
        if queue is not None:
            return queue
    return None


def _process(row: InboundEmail) -> None:
    parsed = parse_email(_read_raw(row))
    row.subject = parsed.subject[:255]
    row.from_address = (
        f"{parsed.from_name} <{parsed.from_address}>" if parsed.from_name else parsed.from_address
    )[:320]
    row.processed_at = timezone.now()
    row.next_attempt_at = None
    if parsed.automated_reason:
        row.status, row.status_reason = (
            InboundStatus.IGNORED,
            f"Automatic mail: {parsed.automated_reason}.",
        )
        return
    if not parsed.from_address:
        raise ValidationFailed(
            "The message has no usable sender address (From, Sender or Reply-To)."
        )
    desk = selectors.desk_addresses()
    if parsed.from_address in desk:
        row.status, row.status_reason = InboundStatus.IGNORED, "Sent from the desk's own address."
        return
    sender = normalize_email(parsed.from_address)
    if Message.objects.filter(email_message_id=parsed.message_id).exists():
        _mark_duplicate(row)
        return

    guest, _ = guest_get_or_create_by_email(email=sender, name=parsed.from_name)
    ticket, note = _find_ticket(parsed, guest)
    files = [
        IncomingFile(a.filename, a.content_type, a.data, a.content_id) for a in parsed.attachments
    ]
    refused = [reason for f in files if (reason := validate_attachment(f))]
    text = parsed.body_text if parsed.body_text.strip() else EMPTY_BODY
    html = parsed.body_html or None
    others = _participants(parsed, exclude=desk | {sender})

    if ticket is not None:
        message = ticket_add_guest_message(
            ticket=ticket,
            guest=guest,
            body_text=text,
            body_html=html,
            channel=Channel.EMAIL,
            attachments=files,
            strict_attachments=False,
            email_message_id=parsed.message_id,
            system=SYSTEM,
        )
        target = Ticket.objects.get(pk=message.ticket_id)
        current = list(target.ccs.all())
        new = [g for g in others if g.pk != target.requester_id and g not in current]
        if new:
            ticket_set_ccs(ticket=target, ccs=current + new, by=guest)
    else:
        was_reply = bool(parsed.thread_ids or ticket_numbers_in_subject(parsed.subject))
        target = ticket_create(
            requester=guest,
            subject=_new_ticket_subject(parsed.subject, was_reply=was_reply),
            body_text=text,
            body_html=html,
            channel=Channel.EMAIL,
            queue=_queue_for(parsed, row.account),
            ccs=others,
            attachments=files,
            strict_attachments=False,
            email_message_id=parsed.message_id,
            system=SYSTEM,
        )
        message = target.messages.order_by("id").first()  # type: ignore[assignment]
    notes = [note] if note else []
    if refused:
        notes.append("Attachments not kept: " + " ".join(refused))
    if parsed.defects:
        notes.append("Parser notes: " + ", ".join(dict.fromkeys(parsed.defects)))
    row.status, row.status_reason = InboundStatus.PROCESSED, "\n".join(notes)
    row.ticket, row.message = target, message
