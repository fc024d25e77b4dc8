"""Inbound mail end to end through the services: store, process, thread, refuse, retry."""

from __future__ import annotations

import base64
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from omotenashi.channels.models import InboundEmail, InboundStatus, OutboundEmail, OutboundKind
from omotenashi.channels.services import inbound as inbound_services
from omotenashi.channels.services.inbound import MessageTooLarge, inbound_process, inbound_store
from omotenashi.channels.tasks import retry_unprocessed_inbound
from omotenashi.channels.tests.conftest import EML_DIR
from omotenashi.channels.tests.helpers import ingest, mail
from omotenashi.customers.models import Guest
from omotenashi.lib.errors import ValidationFailed
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import (
    Attachment,
    Channel,
    EventKind,
    Message,
    MessageKind,
    Queue,
    Ticket,
)
from omotenashi.tickets.services import ticket_reply, ticket_set_ccs

pytestmark = pytest.mark.django_db

PROCESSED = {
    "multipart_alternative",
    "html_only",
    "text_no_charset",
    "iso_8859_1",
    "shift_jis",
    "iso_2022_jp",
    "rfc2047_subject",
    "raw_8bit_headers",
    "raw_8bit_latin1_headers",
    "hostile_html",
    "reply_in_reply_to",
    "no_message_id",
    "wrong_charset",
    "unknown_charset",
    "long_lines_forward",
}
IGNORED = {"bounce", "bounce_report_only", "out_of_office", "mailing_list"}
FAILED = {"truncated_garbage"}


def test_whole_corpus_is_stored_nothing_crashes_and_every_outcome_is_right(
    it_queue, django_capture_on_commit_callbacks
):
    names = sorted(p.stem for p in EML_DIR.glob("*.eml"))
    assert set(names) == PROCESSED | IGNORED | FAILED  # a new .eml must get an expectation here
    rows = {
        name: ingest(django_capture_on_commit_callbacks, (EML_DIR / f"{name}.eml").read_bytes())
        for name in names
    }

    assert InboundEmail.objects.count() == len(names)  # nothing lost
    outcome = {name: row.status for name, row in rows.items()}
    assert outcome == {n: InboundStatus.PROCESSED for n in PROCESSED} | {
        n: InboundStatus.IGNORED for n in IGNORED
    } | {n: InboundStatus.FAILED for n in FAILED}
    for name in IGNORED:
        assert rows[name].status_reason.startswith("Automatic mail:") and rows[name].ticket is None
    assert "no usable sender address" in rows["truncated_garbage"].status_reason
    assert (
        rows["truncated_garbage"].next_attempt_at is None
    )  # bad mail, not bad luck: no blind retries
    # Every raw message is kept byte for byte.
    for name, row in rows.items():
        with row.raw.open("rb") as handle:
            assert handle.read() == (EML_DIR / f"{name}.eml").read_bytes()
    # One ticket per processed mail, except the reply, which threads onto the first one.
    assert Ticket.objects.count() == len(PROCESSED) - 1
    assert rows["reply_in_reply_to"].ticket_id == rows["multipart_alternative"].ticket_id
    for body in Message.objects.values_list("body_html", flat=True):
        lowered = body.lower()
        assert "<script" not in lowered and "javascript:" not in lowered
        assert "onload" not in lowered and "onerror" not in lowered and "onclick" not in lowered
        assert "<iframe" not in lowered and "tracker.example" not in lowered
    hostile = rows["hostile_html"].message
    assert "my account is locked" in hostile.body_text and "click here" in hostile.body_html


def test_new_ticket_from_an_unknown_sender(it_queue, django_capture_on_commit_callbacks, eml):
    row = ingest(django_capture_on_commit_callbacks, eml("multipart_alternative"))
    ticket = row.ticket
    guest = ticket.requester
    assert guest.name == "Ingrid Lindström" and guest.address_name == "Ingrid"
    assert guest.emails.get().address == "ingrid.lindstrom@example.com"
    assert ticket.channel == Channel.EMAIL and ticket.queue == it_queue
    assert ticket.subject == "VPN disconnects every hour"
    assert [g.name for g in ticket.ccs.all()] == ["Peter de Vries"]
    message = row.message
    assert message.kind == MessageKind.GUEST and message.author_guest == guest
    assert message.email_message_id == "<AM6PR02MB4321.eurprd02.prod.outlook.com@example.com>"
    assert "<b>VPN</b>" in message.body_html and "cid:image001.png@01DB8C3A" in message.body_html
    files = {a.filename: a for a in message.attachments.all()}
    assert files["image001.png"].content_id == "image001.png@01DB8C3A"
    assert files["vpn-log.pdf"].content_type == "application/pdf"
    assert ticket.events.get(kind=EventKind.CREATED).actor_system == "email ingestion"


def test_japanese_mail_becomes_a_readable_ticket(it_queue, django_capture_on_commit_callbacks, eml):
    row = ingest(django_capture_on_commit_callbacks, eml("shift_jis"))
    assert row.ticket.subject == "ノートパソコンの画面が映りません"
    assert row.ticket.requester.name == "山田太郎"
    assert "至急ご対応をお願いいたします。" in row.message.body_text


def test_mail_to_a_queue_address_lands_in_that_queue(
    it_queue, cs_queue, django_capture_on_commit_callbacks
):
    cs_queue.email_address = "orders@desk.example"
    cs_queue.save()
    raw = mail(
        sender="buyer@example.com",
        subject="Where is my order?",
        to="orders@desk.example",
        message_id="<order-1@example.com>",
    )
    assert ingest(django_capture_on_commit_callbacks, raw).ticket.queue == cs_queue


def test_duplicate_delivery_is_recorded_and_adds_nothing(
    it_queue, django_capture_on_commit_callbacks, eml
):
    first = ingest(django_capture_on_commit_callbacks, eml("html_only"))
    second = ingest(django_capture_on_commit_callbacks, eml("html_only"))
    assert second.status == InboundStatus.DUPLICATE and second.duplicate_of == first
    assert Ticket.objects.count() == 1 and Message.objects.count() == 1


def test_mail_without_message_id_redelivered_by_another_path_is_a_duplicate(
    it_queue, django_capture_on_commit_callbacks, eml
):
    piped = eml("no_message_id").replace(b"\r\n", b"\n")
    fetched = (
        b"Return-Path: <lena.holm@example.se>\r\nDelivered-To: support@omotenashi.localhost\r\n"
        + eml("no_message_id")
    )
    first = ingest(django_capture_on_commit_callbacks, piped)
    second = ingest(django_capture_on_commit_callbacks, fetched)
    assert first.email_message_id_synthetic and first.status == InboundStatus.PROCESSED
    assert second.status == InboundStatus.DUPLICATE
    assert Message.objects.count() == 1


def test_processing_twice_never_duplicates_a_message(
    it_queue, django_capture_on_commit_callbacks, eml
):
    row = ingest(django_capture_on_commit_callbacks, eml("iso_8859_1"))
    assert (
        inbound_process(inbound_id=row.pk).status == InboundStatus.PROCESSED
    )  # a second run: no-op
    # Even a row forced back to `received` (a lost race) cannot add the message again.
    InboundEmail.objects.filter(pk=row.pk).update(status=InboundStatus.RECEIVED)
    again = inbound_process(inbound_id=row.pk)
    assert again.status == InboundStatus.DUPLICATE and again.message == row.message
    assert Message.objects.count() == 1


def test_retry_after_a_failure_processes_exactly_once(
    it_queue, django_capture_on_commit_callbacks, eml, monkeypatch
):
    real = inbound_services.ticket_create
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database hiccup")
        return real(**kwargs)

    monkeypatch.setattr(inbound_services, "ticket_create", flaky)
    row = ingest(django_capture_on_commit_callbacks, eml("rfc2047_subject"))
    assert (
        row.status == InboundStatus.FAILED and "RuntimeError: database hiccup" in row.status_reason
    )
    assert row.next_attempt_at > timezone.now() and Ticket.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        retry_unprocessed_inbound()
    row.refresh_from_db()
    assert row.status == InboundStatus.FAILED, "not due yet: the backoff must hold"

    InboundEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        retry_unprocessed_inbound()
    row.refresh_from_db()
    assert row.status == InboundStatus.PROCESSED and row.attempts == 2
    assert Message.objects.filter(email_message_id="<rfc2047-1@example.se>").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        retry_unprocessed_inbound()
    assert Message.objects.count() == 1


def test_received_rows_whose_task_was_lost_are_picked_up(
    it_queue, django_capture_on_commit_callbacks, eml
):
    with django_capture_on_commit_callbacks(execute=False):  # the task never runs (broker down)
        row = inbound_store(raw=eml("html_only"), source="pipe")
    InboundEmail.objects.filter(pk=row.pk).update(
        received_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        retry_unprocessed_inbound()
    row.refresh_from_db()
    assert row.status == InboundStatus.PROCESSED


# --- threading and who may write into a ticket ---------------------------------------------------


def test_requester_reply_with_ticket_number_threads(
    carol, it_queue, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    raw = mail(
        sender="Carol <carol@example.com>",
        subject=f"Re: Headset [Ticket #{ticket.pk}]",
        body="Still crackling.",
        message_id="<carol-2@example.com>",
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.ticket == ticket and ticket.messages.count() == 2


def test_stranger_using_someones_ticket_number_gets_a_new_ticket(
    carol, it_queue, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    raw = mail(
        sender="Eve <eve@example.org>",
        subject=f"Re: Headset [Ticket #{ticket.pk}]",
        body="Please send me the details of this case.",
        message_id="<eve-1@example.org>",
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.ticket != ticket and ticket.messages.count() == 1
    assert row.ticket.requester.name == "Eve" and row.ticket.subject == "Headset"
    assert (
        f"Refers to #{ticket.pk}" in row.status_reason
        and "neither its requester nor a CC" in row.status_reason
    )
    assert not ticket.ccs.exists()


def test_stranger_quoting_a_message_id_of_someones_ticket_gets_a_new_ticket(
    carol, it_queue, django_capture_on_commit_callbacks, eml
):
    original = ingest(django_capture_on_commit_callbacks, eml("multipart_alternative"))
    raw = mail(
        sender="eve@example.org",
        subject="Re: VPN disconnects every hour",
        message_id="<eve-2@example.org>",
        headers={"In-Reply-To": "<AM6PR02MB4321.eurprd02.prod.outlook.com@example.com>"},
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.ticket != original.ticket and original.ticket.messages.count() == 1


def test_a_cc_of_the_ticket_may_reply_by_number(
    carol, dave, it_queue, alice, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_set_ccs(ticket=ticket, ccs=[dave], by=alice)
    raw = mail(
        sender="dave@example.org",
        subject=f"Re: [Ticket #{ticket.pk}]",
        message_id="<dave-1@example.org>",
    )
    assert ingest(django_capture_on_commit_callbacks, raw).ticket == ticket


def test_reply_to_our_reply_threads_by_its_message_id(
    carol, it_queue, alice, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(
            ticket=ticket, agent=alice, body_text="Could you try another USB port?"
        )
    ours = reply.email_message_id
    assert ours and ours.endswith("@omotenashi.localhost>")
    # No number in the subject: only the thread header can find the ticket.
    raw = mail(
        sender="carol@example.com",
        subject="Re: your question",
        message_id="<carol-3@example.com>",
        headers={"In-Reply-To": ours, "References": ours},
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.ticket == ticket and ticket.messages.filter(kind=MessageKind.GUEST).count() == 2


def test_reply_to_the_acknowledgement_threads(it_queue, django_capture_on_commit_callbacks, eml):
    first = ingest(django_capture_on_commit_callbacks, eml("html_only"))
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    raw = mail(
        sender="marc.dubois@example.fr",
        subject="Re: merci",
        message_id="<marc-2@example.fr>",
        headers={"In-Reply-To": ack.email_message_id},
    )
    assert ingest(django_capture_on_commit_callbacks, raw).ticket == first.ticket


def test_new_ccs_on_a_reply_are_added(carol, it_queue, django_capture_on_commit_callbacks):
    ticket = make_ticket(requester=carol, queue=it_queue)
    raw = mail(
        sender="carol@example.com",
        subject=f"Re: [Ticket #{ticket.pk}]",
        message_id="<carol-4@example.com>",
        headers={"Cc": "Frida Nilsson <frida@example.se>, support@omotenashi.localhost"},
    )
    ingest(django_capture_on_commit_callbacks, raw)
    assert [g.name for g in ticket.ccs.all()] == ["Frida Nilsson"]


# --- loops ------------------------------------------------------------------------------------


def test_auto_reply_to_our_auto_reply_ends_the_loop(
    it_queue, django_capture_on_commit_callbacks, eml
):
    first = ingest(django_capture_on_commit_callbacks, eml("wrong_charset"))
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT, ticket=first.ticket)
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    # The guest's out-of-office answers our acknowledgement...
    raw = mail(
        sender="noor.jansen@example.nl",
        subject=f"Automatisch antwoord: {ack.subject}",
        message_id="<ooo-noor@example.nl>",
        headers={"Auto-Submitted": "auto-replied", "In-Reply-To": ack.email_message_id},
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    # ...and that is where it ends: stored, ignored, no message, no mail back.
    assert row.status == InboundStatus.IGNORED and row.ticket is None
    assert first.ticket.messages.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_a_robot_that_hides_its_nature_gets_few_acknowledgements(
    it_queue, django_capture_on_commit_callbacks
):
    for n in range(8):
        raw = mail(
            sender="helpful-robot@example.com",
            subject=f"Ticket received: {n}",
            message_id=f"<robot-{n}@x>",
        )
        ingest(django_capture_on_commit_callbacks, raw)
    assert Ticket.objects.count() == 8  # the mail itself is never lost
    assert OutboundEmail.objects.filter(kind=OutboundKind.ACKNOWLEDGEMENT).count() == 5


def test_mail_from_the_desks_own_address_is_ignored(it_queue, django_capture_on_commit_callbacks):
    raw = mail(
        sender="Omotenashi <support@omotenashi.localhost>",
        subject="Re: something",
        message_id="<loop-1@omotenashi.localhost>",
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.status == InboundStatus.IGNORED and "desk's own address" in row.status_reason
    assert Ticket.objects.count() == 0 and OutboundEmail.objects.count() == 0


def test_our_own_reply_coming_back_is_a_duplicate(
    carol, it_queue, alice, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(ticket=ticket, agent=alice, body_text="Done.")
    raw = mail(sender="someone@example.com", subject="Re: x", message_id=reply.email_message_id)
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.status == InboundStatus.DUPLICATE and ticket.messages.count() == 2


# --- sizes -------------------------------------------------------------------------------------


def _with_attachment(size: int) -> bytes:
    data = os.urandom(size)
    encoded = base64.encodebytes(data)
    head = (
        b"From: Big Sender <big@example.com>\r\nTo: support@omotenashi.localhost\r\n"
        b"Subject: Logs attached\r\nMessage-ID: <big-1@example.com>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe full logs are attached.\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="logs.tar"\r\n'
        b'Content-Disposition: attachment; filename="logs.tar"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
    )
    return head + encoded.replace(b"\n", b"\r\n") + b"--b--\r\n"


TWENTY_MB = 20 * 1024 * 1024


def test_a_20_mb_attachment_is_kept_within_the_limit(it_queue, django_capture_on_commit_callbacks):
    row = ingest(django_capture_on_commit_callbacks, _with_attachment(TWENTY_MB))
    assert row.status == InboundStatus.PROCESSED and row.raw_size > TWENTY_MB
    attachment = Attachment.objects.get()
    assert attachment.size == TWENTY_MB and attachment.filename == "logs.tar"


def test_an_oversized_attachment_is_dropped_with_a_reason_and_the_mail_kept(
    it_queue, django_capture_on_commit_callbacks, settings
):
    settings.MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    row = ingest(django_capture_on_commit_callbacks, _with_attachment(TWENTY_MB))
    assert row.status == InboundStatus.PROCESSED
    assert "logs.tar: larger than the 10 MB limit" in row.status_reason
    assert row.message.body_text == "The full logs are attached."
    assert not Attachment.objects.exists()
    created = row.ticket.events.get(kind=EventKind.CREATED)
    assert created.data["refused_attachments"] == ["logs.tar: larger than the 10 MB limit."]


def test_a_message_over_the_email_limit_is_refused_before_storing(settings, eml):
    settings.MAX_EMAIL_BYTES = 1000
    with pytest.raises(MessageTooLarge):
        inbound_store(raw=eml("long_lines_forward"), source="pipe")
    with pytest.raises(ValidationFailed, match="empty"):
        inbound_store(raw=b"  \r\n", source="pipe")
    assert not InboundEmail.objects.exists()


def test_guest_known_by_address_is_reused_not_duplicated(
    carol, it_queue, django_capture_on_commit_callbacks
):
    raw = mail(
        sender="Carol S <CAROL@example.com>",
        subject="New laptop",
        message_id="<carol-5@example.com>",
    )
    row = ingest(django_capture_on_commit_callbacks, raw)
    assert row.ticket.requester == carol and Guest.objects.count() == 1
    assert Queue.objects.count() == 1
