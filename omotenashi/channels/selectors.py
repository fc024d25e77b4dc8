"""Reads for the email channel: desk addresses, threading look-ups, work due for retry."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db.models import Q, QuerySet

from omotenashi.channels.models import (
    InboundEmail,
    InboundStatus,
    MailAccount,
    OutboundEmail,
    OutboundStatus,
)
from omotenashi.channels.parsing import SYNTHETIC_ID_DOMAIN
from omotenashi.customers.models import Guest
from omotenashi.tickets.models import Message, MessageKind, Queue, Ticket


def desk_addresses() -> frozenset[str]:
    """Every address the desk itself sends from or receives at (lower-cased).

    Mail from these is never turned into a ticket and never answered: that is how a desk
    avoids mailing itself in a loop.
    """
    found = {
        settings.SUPPORT_ADDRESS,
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        parseaddr(settings.SERVER_EMAIL)[1],
    }
    for address, username in MailAccount.objects.values_list("address", "username"):
        found.add(address)
        if "@" in username:
            found.add(username)
    found.update(Queue.objects.exclude(email_address="").values_list("email_address", flat=True))
    return frozenset(a.strip().lower() for a in found if a and "@" in a)


def tickets_for_message_ids(*, message_ids: list[str]) -> list[Ticket]:
    """Tickets that own any of these Message-IDs (guest mail, our replies, our acknowledgements).

    In the order of `message_ids`, so the most recent reference wins.
    """
    if not message_ids:
        return []
    ids = message_ids[:100]
    owner: dict[str, int] = {}
    for mid, ticket_id in Message.objects.filter(email_message_id__in=ids).values_list(
        "email_message_id", "ticket_id"
    ):
        if mid:
            owner[mid] = ticket_id
    for mid, ticket_id in OutboundEmail.objects.filter(email_message_id__in=ids).values_list(
        "email_message_id", "ticket_id"
    ):
        owner.setdefault(mid, ticket_id)
    ticket_ids = list(dict.fromkeys(owner[mid] for mid in ids if mid in owner))
    tickets = Ticket.objects.select_related("requester").in_bulk(ticket_ids)
    return [tickets[pk] for pk in ticket_ids if pk in tickets]


def _merge_chain(ticket: Ticket) -> list[Ticket]:
    chain = [ticket]
    seen = {ticket.pk}
    while chain[-1].merged_into_id and chain[-1].merged_into_id not in seen:
        nxt = Ticket.objects.filter(pk=chain[-1].merged_into_id).first()
        if nxt is None:
            break
        seen.add(nxt.pk)
        chain.append(nxt)
    return chain


def guest_may_post(*, guest: Guest, ticket: Ticket) -> bool:
    """True when the guest is the requester or a CC of the ticket (or of what it was merged into).

    The only people whose mail may be added to an existing ticket by its number or thread:
    anyone else could otherwise write into a stranger's case by guessing a number.
    """
    ids = [t.pk for t in _merge_chain(ticket)]
    return Ticket.objects.filter(Q(requester=guest) | Q(ccs=guest), pk__in=ids).exists()


def thread_message_ids(
    *, ticket: Ticket, exclude_message_id: int | None = None
) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for mail we send on this ticket.

    In-Reply-To is the guest's most recent mail; References is the thread in order
    (guest mail, our replies and acknowledgements), ending with that id as RFC 5322 asks.
    Synthetic ids are left out: no mail client has ever seen them.
    """
    messages = Message.objects.filter(ticket=ticket, email_message_id__isnull=False)
    if exclude_message_id is not None:
        messages = messages.exclude(pk=exclude_message_id)
    rows = (
        messages.exclude(email_message_id__endswith=f"@{SYNTHETIC_ID_DOMAIN}>")
        .order_by("created_at", "id")
        .values_list("created_at", "email_message_id", "kind")
    )
    acks = OutboundEmail.objects.filter(ticket=ticket, message__isnull=True).values_list(
        "created_at", "email_message_id"
    )
    timeline: list[tuple[datetime, str, str]] = [(at, mid or "", kind) for at, mid, kind in rows]
    timeline += [(at, mid, "ack") for at, mid in acks]
    timeline.sort(key=lambda item: item[0])
    guest_ids = [mid for _, mid, kind in timeline if kind == MessageKind.GUEST]
    in_reply_to = guest_ids[-1] if guest_ids else (timeline[-1][1] if timeline else "")
    references = [mid for _, mid, _ in timeline if mid != in_reply_to]
    if len(references) > 19:  # keep the first and the most recent: headers must stay short
        references = [references[0], *references[-18:]]
    if in_reply_to:
        references.append(in_reply_to)
    return in_reply_to, list(dict.fromkeys(references))


def inbound_due_for_retry(*, now: datetime, stale_after: timedelta, limit: int = 200) -> list[int]:
    """Ids of inbound mail to process again: failed and due, or received but never processed.

    A `received` row older than `stale_after` lost its task (a worker died, the broker was
    down); processing is idempotent, so picking it up again is safe.
    """
    due = Q(status=InboundStatus.FAILED, next_attempt_at__lte=now) | Q(
        status=InboundStatus.RECEIVED, received_at__lte=now - stale_after
    )
    return list(
        InboundEmail.objects.filter(due).order_by("id").values_list("id", flat=True)[:limit]
    )


def outbound_due(*, now: datetime, limit: int = 200) -> list[int]:
    return list(
        OutboundEmail.objects.filter(status=OutboundStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def mail_accounts_enabled() -> QuerySet[MailAccount]:
    return MailAccount.objects.filter(is_enabled=True).order_by("id")
