"""IMAP polling: fetch new mail from each MailAccount, store it, then mark or move it.

Nothing fetched twice or skipped: we fetch UIDs above the account's last seen UID, in
order, and advance `last_seen_uid` in the same transaction that stores each message. A
crash between two messages resumes at the next one; a crash after the commit but before
the server-side flag only means the flag is missing (the UID is already behind us). When
the server changes UIDVALIDITY, UIDs start over: we fetch everything again and Message-ID
de-duplication turns re-fetched mail into `duplicate` rows instead of new tickets.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.imapclient import SEEN

from omotenashi.channels.models import InboundSource, InboundStatus, MailAccount, Security
from omotenashi.channels.services.inbound import inbound_record_refused, inbound_store

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
TIMEOUT_SECONDS = 60


@dataclass
class PollResult:
    account: str
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    refused: int = 0
    skipped_busy: bool = False
    error: str = ""

    def __str__(self) -> str:
        if self.skipped_busy:
            return f"{self.account}: another poller is busy with it"
        text = (
            f"{self.account}: {self.fetched} fetched, {self.stored} stored, "
            f"{self.duplicates} duplicates, {self.refused} too large"
        )
        return f"{text}; error: {self.error}" if self.error else text


def imap_connect(account: MailAccount) -> IMAPClient:
    """A logged-in client for the account (the caller logs out)."""
    context = ssl.create_default_context()
    client = IMAPClient(
        account.host,
        port=account.port,
        ssl=account.security == Security.SSL,
        ssl_context=context,
        timeout=TIMEOUT_SECONDS,
    )
    try:
        if account.security == Security.STARTTLS:
            client.starttls(ssl_context=context)
        client.login(account.username, account.password)
    except Exception:
        _close(client)
        raise
    return client


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already gone; nothing left to clean up
        try:
            client.shutdown()
        except Exception:
            logger.debug("IMAP shutdown failed", exc_info=True)


@contextmanager
def _lease(account: MailAccount) -> Iterator[bool]:
    """Exclusive right to poll this account for LEASE; False when someone else holds it.

    A lease, not a transaction or row lock: polling does network I/O that must not hold
    the database, and a poller that dies releases the account when the lease runs out.
    """
    now = timezone.now()
    got = (
        MailAccount.objects.filter(pk=account.pk)
        .filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now))
        .update(polling_until=now + LEASE)
    )
    try:
        yield bool(got)
    finally:
        if got:
            MailAccount.objects.filter(pk=account.pk).update(polling_until=None)


def mail_account_poll(*, account: MailAccount, max_messages: int = 500) -> PollResult:
    """Fetch and store the account's new mail. Errors are recorded on the account, not raised."""
    result = PollResult(account=account.name)
    with _lease(account) as mine:
        if not mine:
            result.skipped_busy = True
            return result
        account.refresh_from_db()
        try:
            client = imap_connect(account)
            try:
                _poll(client, account, result, max_messages)
            finally:
                _close(client)
        except Exception as exc:
            logger.warning("Polling %s failed: %s", account.name, exc)
            result.error = f"{type(exc).__name__}: {exc}"
        MailAccount.objects.filter(pk=account.pk).update(
            last_polled_at=timezone.now(), last_error=result.error[:2000]
        )
    return result


def _poll(client: IMAPClient, account: MailAccount, result: PollResult, max_messages: int) -> None:
    info = client.select_folder(account.folder)
    uid_validity = int(info[b"UIDVALIDITY"])
    if account.uid_validity != uid_validity:
        if account.uid_validity is not None:
            logger.warning(
                "UIDVALIDITY of %s changed (%s -> %s): fetching the folder again",
                account.name,
                account.uid_validity,
                uid_validity,
            )
        account.uid_validity, account.last_seen_uid = uid_validity, 0
        MailAccount.objects.filter(pk=account.pk).update(uid_validity=uid_validity, last_seen_uid=0)
    # "n:*" always matches the highest UID even when it is below n: filter it out.
    uids = sorted(
        u
        for u in client.search(["UID", f"{account.last_seen_uid + 1}:*"])
        if u > account.last_seen_uid
    )
    uids = uids[:max_messages]
    if account.processed_folder and uids and not client.folder_exists(account.processed_folder):
        client.create_folder(account.processed_folder)
    for start in range(0, len(uids), 50):
        chunk = uids[start : start + 50]
        sizes = client.fetch(chunk, ["RFC822.SIZE"])
        done: list[int] = []
        for uid in chunk:
            if uid not in sizes:  # expunged meanwhile
                _advance(account, uid)
                continue
            detail = f"{account.name} {account.folder} UID {uid} (UIDVALIDITY {uid_validity})"
            size = int(sizes[uid].get(b"RFC822.SIZE", 0))
            if size > settings.MAX_EMAIL_BYTES:
                headers = (
                    client.fetch([uid], ["BODY.PEEK[HEADER]"])
                    .get(uid, {})
                    .get(b"BODY[HEADER]", b"")
                )
                with transaction.atomic():
                    inbound_record_refused(
                        raw_headers=headers,
                        size=size,
                        source=InboundSource.IMAP,
                        account=account,
                        source_detail=detail,
                        reason=(
                            f"{size} bytes, over the {settings.MAX_EMAIL_BYTES}-byte limit: "
                            "left on the mail server, unread."
                        ),
                    )
                    _advance(account, uid)
                result.refused += 1
                continue
            # PEEK: the server marks it read only once we have stored it.
            raw = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]")
            result.fetched += 1
            if not raw:
                _advance(account, uid)
                continue
            with transaction.atomic():
                row = inbound_store(
                    raw=bytes(raw), source=InboundSource.IMAP, account=account, source_detail=detail
                )
                _advance(account, uid)
            result.stored += 1
            result.duplicates += row.status == InboundStatus.DUPLICATE
            done.append(uid)
        _mark_done(client, account, done)


def _advance(account: MailAccount, uid: int) -> None:
    account.last_seen_uid = uid
    MailAccount.objects.filter(pk=account.pk).update(last_seen_uid=uid)


def _mark_done(client: IMAPClient, account: MailAccount, uids: list[int]) -> None:
    """Flag stored mail as read, or move it away. Best effort: the UID guards re-fetching."""
    if not uids:
        return
    try:
        if account.processed_folder:
            if client.has_capability("MOVE"):
                client.move(uids, account.processed_folder)
            else:
                client.copy(uids, account.processed_folder)
                client.delete_messages(uids)
                if client.has_capability("UIDPLUS"):
                    client.uid_expunge(uids)
        else:
            client.add_flags(uids, [SEEN])
    except Exception as exc:
        logger.warning(
            "Could not mark %s message(s) in %s as processed: %s", len(uids), account.name, exc
        )
