"""Outbound mail over a real SMTP server on loopback: replies, acknowledgements, retries."""

# Japanese punctuation (full-width colons) is the expected text, not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import email
import email.policy
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from omotenashi.channels.models import OutboundEmail, OutboundKind, OutboundStatus
from omotenashi.channels.services.outbound import outbound_resend, outbound_send
from omotenashi.channels.tasks import send_pending_outbound
from omotenashi.channels.tests.helpers import ingest, mail
from omotenashi.customers.services import guest_create
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Channel
from omotenashi.tickets.services import IncomingFile, ticket_create, ticket_note, ticket_reply

pytestmark = pytest.mark.django_db


def _parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def _header(msg: EmailMessage, name: str) -> str | None:
    value = msg[name]
    return None if value is None else " ".join(str(value).split())


def _text(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def _html(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("html",)).get_content()


def test_reply_round_trip_headers_recipients_body_and_attachment(
    carol,
    dave,
    it_queue,
    alice,
    smtp_server,
    compiled_translations,
    django_capture_on_commit_callbacks,
):
    raw = mail(
        sender="Carol Svensson <carol@example.com>",
        subject="Headset crackles",
        body="My headset crackles.",
        message_id="<carol-1@example.com>",
        headers={"Cc": "Dave Dekker <dave@example.org>"},
    )
    ticket = ingest(django_capture_on_commit_callbacks, raw).ticket
    ack = OutboundEmail.objects.get(kind=OutboundKind.ACKNOWLEDGEMENT)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(
            ticket=ticket,
            agent=alice,
            body_text="Hej Carol,\n\nA new headset is on its way.",
            attachments=[IncomingFile("label.pdf", "application/pdf", b"%PDF-1.4 label")],
        )

    assert len(smtp_server.messages) == 2  # the acknowledgement, then the reply
    received = smtp_server.messages[1]
    assert sorted(received.rcpt_tos) == ["carol@example.com", "dave@example.org"]
    assert received.mail_from == "support@omotenashi.localhost"
    msg = _parse(received.data)
    reply.refresh_from_db()
    assert _header(msg, "Message-ID") == reply.email_message_id
    assert reply.email_message_id.startswith(f"<omo.{ticket.pk}.reply.")
    assert _header(msg, "In-Reply-To") == "<carol-1@example.com>"
    assert _header(msg, "References").split() == [ack.email_message_id, "<carol-1@example.com>"]
    assert _header(msg, "Subject") == f"Re: Headset crackles [Ticket #{ticket.pk}]"
    assert "carol@example.com" in _header(msg, "To") and "Carol Svensson" in _header(msg, "To")
    assert "dave@example.org" in _header(msg, "Cc")
    assert _header(msg, "Auto-Submitted") is None  # a person wrote this one
    text = _text(msg)
    assert text.startswith("Hej Carol,\n\nA new headset is on its way.")
    assert "Alice Agent" in text
    assert (
        f"Svara på det här mejlet för att lägga till något i ärende {ticket.pk}." in text
    )  # Swedish guest
    assert "https://desk.example/portal/track/" in text
    assert "A new headset is on its way." in _html(msg)
    attachments = [(part.get_filename(), part.get_content()) for part in msg.iter_attachments()]
    assert attachments == [("label.pdf", b"%PDF-1.4 label")]
    row = OutboundEmail.objects.get(kind=OutboundKind.REPLY)
    assert row.status == OutboundStatus.SENT and row.attempts == 1 and row.sent_at is not None


@pytest.mark.parametrize(
    ("language", "subject_start", "greeting", "sentence"),
    [
        ("ja", "お問い合わせを受け付けました：", "Yuki 様", "受付番号は {n} です。"),
        ("sv", "Vi har tagit emot ditt ärende:", "Hej Yuki,", "gett det nummer {n}."),
        ("nl", "We hebben uw verzoek ontvangen:", "Beste Yuki,", "het nummer {n} gegeven."),
        ("fr", "Nous avons bien reçu votre demande :", "Bonjour Yuki,", "le numéro {n}."),
        ("de", "Wir haben Ihre Anfrage erhalten:", "Hallo Yuki,", "die Nummer {n} gegeben."),
        (
            "es",
            "We have received your request:",
            "Dear Yuki,",
            "given it the number {n}.",
        ),  # no texts: English
    ],
)
def test_acknowledgement_round_trip_in_the_guests_language(
    it_queue,
    smtp_server,
    compiled_translations,
    django_capture_on_commit_callbacks,
    language,
    subject_start,
    greeting,
    sentence,
):
    guest = guest_create(name="Yuki Tanaka", email="yuki@example.jp", language=language)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(
            requester=guest,
            subject="Badge",
            body_text="My badge broke.",
            channel=Channel.PORTAL,
            queue=it_queue,
        )
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["yuki@example.jp"]
    msg = _parse(received.data)
    assert _header(msg, "Subject") == f"{subject_start} Badge [Ticket #{ticket.pk}]".replace(
        "： ", "："
    )
    assert (
        _header(msg, "Auto-Submitted") == "auto-replied"
        and _header(msg, "X-Auto-Response-Suppress") == "All"
    )
    text = _text(msg)
    assert text.startswith(greeting)
    assert sentence.format(n=ticket.pk) in text
    assert (
        "https://desk.example/portal/track/" in text
        and "https://desk.example/portal/track/" in _html(msg)
    )
    assert _header(msg, "In-Reply-To") is None  # the portal has no mail to answer


def test_acknowledgement_of_an_email_ticket_answers_that_mail(
    it_queue, smtp_server, compiled_translations, django_capture_on_commit_callbacks, eml
):
    ingest(django_capture_on_commit_callbacks, eml("iso_8859_1"))
    msg = _parse(smtp_server.messages[0].data)
    assert _header(msg, "In-Reply-To") == "<latin1-1@example.fr>"
    assert _text(msg).startswith("Dear François,")  # no language known yet: English


def test_no_acknowledgement_when_an_agent_creates_the_ticket(
    carol, it_queue, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket_create(
            requester=carol,
            body_text="Called about her headset.",
            channel=Channel.EMAIL,
            queue=it_queue,
            created_by=alice,
        )
        ticket_create(
            requester=carol, body_text="Phoned in.", channel=Channel.PHONE, queue=it_queue
        )
    assert not OutboundEmail.objects.exists()


def test_no_acknowledgement_to_the_desks_own_address(it_queue, django_capture_on_commit_callbacks):
    desk = guest_create(name="Desk", email="support@omotenashi.localhost")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_create(requester=desk, body_text="Test.", channel=Channel.API, queue=it_queue)
    assert not OutboundEmail.objects.exists()


def test_internal_note_sends_nothing(carol, it_queue, alice, django_capture_on_commit_callbacks):
    ticket = make_ticket(requester=carol, queue=it_queue)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_note(ticket=ticket, agent=alice, body_text="Ordered a new headset.")
    assert not OutboundEmail.objects.filter(kind=OutboundKind.REPLY).exists()


def test_reply_to_a_guest_without_an_address_is_stored_but_not_mailed(
    it_queue, alice, django_capture_on_commit_callbacks
):
    walk_in = guest_create(name="Walk-in Visitor")
    ticket = make_ticket(requester=walk_in, queue=it_queue)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(
            ticket=ticket, agent=alice, body_text="Your laptop is ready at the desk."
        )
    assert reply.pk and reply.email_message_id is None
    assert not OutboundEmail.objects.exists()


def test_sending_twice_sends_once(
    carol, it_queue, alice, smtp_server, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue, channel=Channel.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, agent=alice, body_text="On it.")
    row = OutboundEmail.objects.get()
    assert outbound_send(outbound_id=row.pk).status == OutboundStatus.SENT
    send_pending_outbound()
    assert len(smtp_server.messages) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_claimed_row_is_not_sent_by_a_second_worker(
    carol, it_queue, alice, smtp_server, django_capture_on_commit_callbacks
):
    ticket = make_ticket(requester=carol, queue=it_queue, channel=Channel.AGENT)
    with django_capture_on_commit_callbacks(execute=False):
        ticket_reply(ticket=ticket, agent=alice, body_text="On it.")
    row = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=row.pk).update(
        locked_until=timezone.now() + timedelta(minutes=5)
    )
    assert outbound_send(outbound_id=row.pk).status == OutboundStatus.PENDING
    assert smtp_server.messages == []


def test_temporary_smtp_failure_retries_with_backoff(
    carol, it_queue, alice, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.handler.reply = "451 4.3.0 Try again later"
    ticket = make_ticket(requester=carol, queue=it_queue, channel=Channel.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, agent=alice, body_text="On it.")
    row = OutboundEmail.objects.get()
    assert row.status == OutboundStatus.PENDING and row.attempts == 1
    assert "451" in row.last_error and row.next_attempt_at > timezone.now()

    smtp_server.handler.reply = None
    send_pending_outbound()  # not due yet
    assert smtp_server.messages == []
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    send_pending_outbound()
    row.refresh_from_db()
    assert (
        row.status == OutboundStatus.SENT and row.attempts == 2 and len(smtp_server.messages) == 1
    )


def test_server_down_is_a_temporary_failure(
    carol, it_queue, alice, settings, django_capture_on_commit_callbacks
):
    from omotenashi.testing.dovecot import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    ticket = make_ticket(requester=carol, queue=it_queue, channel=Channel.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, agent=alice, body_text="On it.")
    row = OutboundEmail.objects.get()
    assert row.status == OutboundStatus.PENDING and "ConnectionRefusedError" in row.last_error


def test_permanent_smtp_failure_gives_up_and_can_be_requeued(
    carol, it_queue, alice, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.handler.reply = "554 5.7.1 Message rejected"
    ticket = make_ticket(requester=carol, queue=it_queue, channel=Channel.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, agent=alice, body_text="On it.")
    row = OutboundEmail.objects.get()
    assert row.status == OutboundStatus.FAILED and "554" in row.last_error

    smtp_server.handler.reply = None
    with django_capture_on_commit_callbacks(execute=True):
        outbound_resend(outbound=row)
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and len(smtp_server.messages) == 1
