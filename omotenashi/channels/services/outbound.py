"""Outbound mail: the outbox pattern.

Ticket hooks (registered in ChannelsConfig.ready) write an OutboundEmail row inside the
ticket service's transaction, so a reply and its mail commit or roll back together; the
row is sent after commit by a task over SMTP and retried with backoff until it is sent or
has failed for good. Sending claims the row with a short lease first, so two workers never
send it at once, and a row marked sent is never sent again.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext

from omotenashi.channels import selectors
from omotenashi.channels.models import OutboundEmail, OutboundKind, OutboundStatus
from omotenashi.channels.parsing import is_synthetic_message_id
from omotenashi.customers.models import Guest
from omotenashi.customers.selectors import guest_primary_email
from omotenashi.customers.services import format_address
from omotenashi.tickets.models import Channel, Message, MessageKind, Ticket

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=10)
# An address that gets more acknowledgements than this in an hour is almost surely a robot
# that answers without saying so (no Auto-Submitted header): stop feeding the loop.
ACK_MAX_PER_HOUR = 5
ACK_CHANNELS = (Channel.EMAIL, Channel.PORTAL, Channel.API)
_DAEMONS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply")


def new_message_id(*, ticket: Ticket, kind: str) -> str:
    # Short enough that the header fits on one line: some clients mishandle folded ids.
    return f"<omo.{ticket.pk}.{kind}.{secrets.token_hex(8)}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def mail_language(ticket: Ticket) -> str:
    """The ticket's language, else the guest's, else English; only languages we have texts in."""
    available = {code for code, _ in settings.LANGUAGES}
    for code in (ticket.language, ticket.requester.language):
        base = (code or "").lower().replace("_", "-").split("-")[0]
        if base in available:
            return base
    return "en"


def subject_tag(ticket: Ticket) -> str:
    return f"[{settings.TICKET_SUBJECT_PREFIX} #{ticket.number}]"


def reply_subject(ticket: Ticket) -> str:
    subject = ticket.subject
    while subject.lower().startswith("re:"):
        subject = subject[3:].strip()
    tag = subject_tag(ticket)
    return f"Re: {subject}" if tag in subject else f"Re: {subject} {tag}"


def _sender(ticket: Ticket) -> str:
    address = ticket.queue.email_address
    return (
        format_address(name=settings.DESK_NAME, address=address)
        if address
        else settings.DEFAULT_FROM_EMAIL
    )


def _addressable(address: str | None, desk: frozenset[str]) -> bool:
    if not address:
        return False
    return address.lower() not in desk and not address.split("@", 1)[0].lower().startswith(_DAEMONS)


def _recipient(guest: Guest) -> str:
    address = guest_primary_email(guest=guest) or ""
    return format_address(name=guest.name, address=address) if guest.name else address


def _tracking_link(ticket: Ticket) -> str:
    from omotenashi.channels.tracking import tracking_url

    try:
        return tracking_url(ticket_id=ticket.pk, guest_id=ticket.requester_id)
    except NoReverseMatch:  # portal not mounted in this deployment: the mail still goes out
        return ""


def _render(template: str, context: dict[str, object], language: str) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(f"channels/email/{template}.txt", context)
        html = render_to_string(f"channels/email/{template}.html", context)
    return text.strip() + "\n", html


def _queue_send(row: OutboundEmail) -> None:
    from omotenashi.channels.tasks import send_outbound_email

    transaction.on_commit(lambda: send_outbound_email.delay(row.pk), robust=True)


def outbound_queue_reply(*, message: Message) -> OutboundEmail | None:
    """Write the outbox row for an agent's public reply; sets the reply's Message-ID.

    Precondition: inside the ticket service's transaction (a hook). None when the guest
    has no address we may write to.
    """
    if message.kind != MessageKind.REPLY:
        return None
    ticket = Ticket.objects.select_related("requester", "queue").get(pk=message.ticket_id)
    desk = selectors.desk_addresses()
    to_address = guest_primary_email(guest=ticket.requester)
    if not _addressable(to_address, desk):
        return None
    cc = [
        _recipient(g)
        for g in ticket.ccs.exclude(pk=ticket.requester_id).order_by("id")
        if _addressable(guest_primary_email(guest=g), desk)
    ]
    message_id = new_message_id(ticket=ticket, kind="reply")
    Message.objects.filter(pk=message.pk).update(email_message_id=message_id)
    message.email_message_id = message_id
    in_reply_to, references = selectors.thread_message_ids(
        ticket=ticket, exclude_message_id=message.pk
    )
    language = mail_language(ticket)
    agent = message.author_agent
    text, html = _render(
        "reply",
        {
            "ticket": ticket,
            "number": ticket.number,
            "body_text": message.body_text,
            "body_html": message.body_html,
            "agent_name": agent.display_name if agent else "",
            "signature": agent.signature if agent else "",
            "desk_name": settings.DESK_NAME,
            "tracking_url": _tracking_link(ticket),
        },
        language,
    )
    row = OutboundEmail.objects.create(
        kind=OutboundKind.REPLY,
        ticket=ticket,
        message=message,
        from_address=_sender(ticket),
        to=[_recipient(ticket.requester)],
        recipient=(to_address or "").lower(),
        cc=cc,
        subject=reply_subject(ticket)[:400],
        body_text=text,
        body_html=html,
        language=language,
        email_message_id=message_id,
        in_reply_to=in_reply_to,
        references=" ".join(references),
        next_attempt_at=timezone.now(),
    )
    _queue_send(row)
    return row


def acknowledgement_wanted(*, ticket: Ticket, first_message: Message) -> bool:
    """False for tickets that never get one, whoever the guest is: those an agent files on a
    guest's behalf, and those from channels other than email, portal and API."""
    return ticket.channel in ACK_CHANNELS and first_message.author_agent_id is None


def outbound_queue_acknowledgement(
    *, ticket: Ticket, first_message: Message
) -> OutboundEmail | None:
    """Acknowledge a guest's new ticket in their language, with its number and tracking link.

    Not for tickets an agent made on a guest's behalf, not for channels other than email,
    portal and API, not to the desk's own addresses, and at most ACK_MAX_PER_HOUR per address.
    """
    if not acknowledgement_wanted(ticket=ticket, first_message=first_message):
        return None
    ticket = Ticket.objects.select_related("requester", "queue").get(pk=ticket.pk)
    address = guest_primary_email(guest=ticket.requester)
    if not _addressable(address, selectors.desk_addresses()):
        return None
    recipient = (address or "").lower()
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = OutboundEmail.objects.filter(
        kind=OutboundKind.ACKNOWLEDGEMENT, recipient=recipient, created_at__gte=hour_ago
    ).count()
    if recent >= ACK_MAX_PER_HOUR:
        logger.warning(
            "Not acknowledging ticket %s: %s already got %s acknowledgements this hour",
            ticket.pk,
            recipient,
            recent,
        )
        return None
    language = mail_language(ticket)
    guest_id = first_message.email_message_id or ""
    in_reply_to = guest_id if guest_id and not is_synthetic_message_id(guest_id) else ""
    context = {
        "ticket": ticket,
        "number": ticket.number,
        "name": ticket.requester.address_name,
        "subject": ticket.subject,
        "desk_name": settings.DESK_NAME,
        "tracking_url": _tracking_link(ticket),
        "by_email": ticket.channel == Channel.EMAIL,
    }
    text, html = _render("acknowledgement", context, language)
    with translation.override(language):
        subject = gettext("We have received your request: %(subject)s") % {
            "subject": ticket.subject
        }
    row = OutboundEmail.objects.create(
        kind=OutboundKind.ACKNOWLEDGEMENT,
        ticket=ticket,
        from_address=_sender(ticket),
        to=[_recipient(ticket.requester)],
        recipient=recipient,
        cc=[],
        subject=f"{subject} {subject_tag(ticket)}"[:400],
        body_text=text,
        body_html=html,
        language=language,
        email_message_id=new_message_id(ticket=ticket, kind="ack"),
        in_reply_to=in_reply_to,
        references=in_reply_to,
        # RFC 3834: tell other robots this is automatic, and ask Exchange not to answer it.
        extra_headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        next_attempt_at=timezone.now(),
    )
    _queue_send(row)
    return row


# --- hooks (registered in ChannelsConfig.ready) ----------------------------------------------


def on_message_added(message: Message) -> None:
    # A reply that cannot be queued must fail the reply: the agent has to know the guest
    # will not get it. So no exception handling here.
    if message.kind == MessageKind.REPLY:
        outbound_queue_reply(message=message)


def on_ticket_created(ticket: Ticket, first_message: Message) -> None:
    # Checked before the savepoint: most API and phone tickets need none, and a savepoint
    # is two round trips to the database for nothing.
    if not acknowledgement_wanted(ticket=ticket, first_message=first_message):
        return
    # The guest's ticket matters more than our thank-you note: a broken acknowledgement
    # is logged and rolled back alone (savepoint), never the ticket with it.
    try:
        with transaction.atomic():
            outbound_queue_acknowledgement(ticket=ticket, first_message=first_message)
    except Exception:
        logger.exception("Could not queue the acknowledgement of ticket %s", ticket.pk)


# --- sending -------------------------------------------------------------------------------


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=(1, 5, 15, 60, 180, 360, 720)[min(attempts, 7) - 1])


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, (ValueError, UnicodeError))


def _build(row: OutboundEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": row.email_message_id, **row.extra_headers}
    if row.in_reply_to:
        headers["In-Reply-To"] = row.in_reply_to
    if row.references:
        headers["References"] = row.references
    email = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=row.from_address,
        to=list(row.to),
        cc=list(row.cc),
        reply_to=[row.from_address],
        headers=headers,
        connection=get_connection(fail_silently=False),
    )
    email.attach_alternative(row.body_html, "text/html")
    if row.message is not None:
        for attachment in row.message.attachments.all():
            with attachment.file.open("rb") as handle:
                email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def outbound_send(*, outbound_id: int) -> OutboundEmail:
    """Send one outbox row if it is pending and due. Safe to call twice, or from two workers.

    Deliberately not one transaction: SMTP can take seconds and must not hold the database
    write lock. Each state change is a single conditional UPDATE instead. The one window
    left is a worker dying after the server accepted the mail but before the row is marked
    sent: the row is sent again when its lease ends (at least once, never silently dropped).
    """
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(
            pk=outbound_id, status=OutboundStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + LEASE, attempts=F("attempts") + 1)
    )
    row = OutboundEmail.objects.select_related("message").get(pk=outbound_id)
    if not claimed:
        return row
    try:
        _build(row).send()
    except Exception as exc:
        permanent = _is_permanent(exc)
        failed = permanent or row.attempts >= MAX_ATTEMPTS
        logger.warning(
            "Sending outbound email %s failed (attempt %s%s): %s",
            row.pk,
            row.attempts,
            ", giving up" if failed else "",
            exc,
        )
        row.status = OutboundStatus.FAILED if failed else OutboundStatus.PENDING
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.next_attempt_at = now if failed else now + _backoff(row.attempts)
        row.locked_until = None
        row.save(update_fields=["status", "last_error", "next_attempt_at", "locked_until"])
        return row
    row.status, row.sent_at, row.locked_until, row.last_error = (
        OutboundStatus.SENT,
        timezone.now(),
        None,
        "",
    )
    row.save(update_fields=["status", "sent_at", "locked_until", "last_error"])
    return row


@transaction.atomic
def outbound_resend(*, outbound: OutboundEmail) -> OutboundEmail:
    """Put a failed row back in the queue (admin action after fixing the cause)."""
    if outbound.status != OutboundStatus.FAILED:
        return outbound
    outbound.status, outbound.attempts, outbound.next_attempt_at = (
        OutboundStatus.PENDING,
        0,
        timezone.now(),
    )
    outbound.save(update_fields=["status", "attempts", "next_attempt_at"])
    _queue_send(outbound)
    return outbound
