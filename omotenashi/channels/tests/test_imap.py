"""IMAP polling against a real Dovecot started by the test (see omotenashi/testing/dovecot.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from imapclient import IMAPClient

from omotenashi.channels.models import (
    InboundEmail,
    InboundSource,
    InboundStatus,
    MailAccount,
    Security,
)
from omotenashi.channels.services.imap import mail_account_poll
from omotenashi.channels.tasks import poll_all_mailboxes
from omotenashi.channels.tests.conftest import EML_DIR
from omotenashi.testing.dovecot import Dovecot, running_dovecot
from omotenashi.testing.system import dovecot_path, require
from omotenashi.tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.needs_dovecot, pytest.mark.integration]


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    require("dovecot", dovecot_path() is not None, "apt-get install dovecot-imapd")
    with running_dovecot() as server:
        yield server


@pytest.fixture
def imap(dovecot: Dovecot) -> Iterator[IMAPClient]:
    """A client on the test mailbox, emptied first (the server lives for the whole module)."""
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
    client.login(dovecot.username, dovecot.password)
    for folder in ("INBOX", "Processed"):
        if client.folder_exists(folder):
            client.select_folder(folder)
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()
    client.select_folder("INBOX")
    try:
        yield client
    finally:
        client.logout()


@pytest.fixture
def account(dovecot: Dovecot, it_queue) -> MailAccount:
    return MailAccount.objects.create(
        name="support",
        address="support@omotenashi.localhost",
        host=dovecot.host,
        port=dovecot.port,
        security=Security.NONE,
        username=dovecot.username,
        password=dovecot.password,
        queue=it_queue,
    )


def _deliver(client: IMAPClient, *names: str) -> None:
    for name in names:
        client.append("INBOX", (EML_DIR / f"{name}.eml").read_bytes())


def _poll(capture, *args: str) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("poll_mail", *args, stdout=out)
    return out.getvalue()


def test_poll_mail_ingests_new_mail_once_and_marks_it_read(
    account, imap, django_capture_on_commit_callbacks
):
    _deliver(imap, "multipart_alternative", "shift_jis", "out_of_office")
    first = _poll(django_capture_on_commit_callbacks)
    assert "support: 3 fetched, 3 stored, 0 duplicates" in first
    rows = list(InboundEmail.objects.order_by("id"))
    assert [r.source for r in rows] == [InboundSource.IMAP] * 3
    assert [r.status for r in rows] == [
        InboundStatus.PROCESSED,
        InboundStatus.PROCESSED,
        InboundStatus.IGNORED,
    ]
    assert "UID 1 (UIDVALIDITY" in rows[0].source_detail
    assert (
        Ticket.objects.count() == 2
        and Ticket.objects.filter(subject="ノートパソコンの画面が映りません").exists()
    )
    account.refresh_from_db()
    assert account.last_seen_uid == 3 and account.uid_validity and account.last_error == ""
    imap.select_folder("INBOX")
    assert all(b"\\Seen" in flags for flags in imap.get_flags(imap.search(["ALL"])).values())

    second = _poll(django_capture_on_commit_callbacks)
    assert "support: 0 fetched, 0 stored" in second
    assert InboundEmail.objects.count() == 3

    _deliver(imap, "html_only")
    third = _poll(django_capture_on_commit_callbacks)
    assert "support: 1 fetched, 1 stored" in third
    assert InboundEmail.objects.count() == 4 and Ticket.objects.count() == 3


def test_processed_mail_can_be_moved_to_a_folder(account, imap, django_capture_on_commit_callbacks):
    account.processed_folder = "Processed"
    account.save()
    _deliver(imap, "html_only", "iso_8859_1")
    _poll(django_capture_on_commit_callbacks)
    imap.select_folder("INBOX")
    assert imap.search(["ALL"]) == []
    imap.select_folder("Processed")
    assert len(imap.search(["ALL"])) == 2


def test_a_changed_uidvalidity_refetches_without_duplicating_tickets(
    account, imap, django_capture_on_commit_callbacks
):
    _deliver(imap, "html_only", "iso_8859_1")
    _poll(django_capture_on_commit_callbacks)
    MailAccount.objects.filter(pk=account.pk).update(
        uid_validity=1, last_seen_uid=999
    )  # "the server was rebuilt"
    out = _poll(django_capture_on_commit_callbacks)
    assert "2 fetched, 2 stored, 2 duplicates" in out
    assert Ticket.objects.count() == 2


def test_a_wrong_password_is_recorded_and_nothing_is_fetched(
    account, imap, django_capture_on_commit_callbacks
):
    _deliver(imap, "html_only")
    account.password = "wrong"
    account.save()
    with pytest.raises(CommandError, match="could not be polled"):
        _poll(django_capture_on_commit_callbacks)
    account.refresh_from_db()
    assert "LoginError" in account.last_error or "authentication" in account.last_error.lower()
    assert account.last_seen_uid == 0 and not InboundEmail.objects.exists()


def test_an_oversized_message_is_recorded_and_left_on_the_server(
    account, imap, settings, django_capture_on_commit_callbacks
):
    settings.MAX_EMAIL_BYTES = 10_000
    _deliver(imap, "long_lines_forward", "html_only")
    out = _poll(django_capture_on_commit_callbacks)
    assert "1 fetched, 1 stored, 0 duplicates, 1 too large" in out
    refused = InboundEmail.objects.get(email_message_id="<long-lines-1@example.se>")
    assert refused.status == InboundStatus.FAILED and not refused.raw
    assert "left on the mail server" in refused.status_reason
    imap.select_folder("INBOX")
    flags = imap.get_flags(imap.search(["ALL"]))
    assert b"\\Seen" not in flags[min(flags)] and b"\\Seen" in flags[max(flags)]


def test_the_periodic_task_polls_enabled_mailboxes_only(
    account, imap, django_capture_on_commit_callbacks
):
    _deliver(imap, "html_only")
    account.is_enabled = False
    account.save()
    with django_capture_on_commit_callbacks(execute=True):
        poll_all_mailboxes()
    assert not InboundEmail.objects.exists()
    account.is_enabled = True
    account.save()
    with django_capture_on_commit_callbacks(execute=True):
        poll_all_mailboxes()
    assert InboundEmail.objects.get().status == InboundStatus.PROCESSED


def test_a_mailbox_being_polled_elsewhere_is_left_alone(account, imap):
    _deliver(imap, "html_only")
    MailAccount.objects.filter(pk=account.pk).update(
        polling_until=timezone.now() + timedelta(minutes=5)
    )
    assert mail_account_poll(account=account).skipped_busy
    assert not InboundEmail.objects.exists()
