from __future__ import annotations

import pytest

from omotenashi.lib.errors import ValidationFailed
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import EventKind, MessageKind, Status
from omotenashi.tickets.services import (
    IncomingFile,
    derive_subject,
    ticket_add_guest_message,
    ticket_assign,
    ticket_change_queue,
    ticket_change_status,
    ticket_merge,
    ticket_note,
    ticket_reply,
    ticket_set_tags,
)

pytestmark = pytest.mark.django_db


def test_create_stores_sanitised_message_and_event(carol, it_queue):
    from omotenashi.tickets.services import ticket_create

    ticket = ticket_create(
        requester=carol,
        body_html="<p>Hello <script>alert(1)</script><b>desk</b></p>",
        channel="email",
        queue=it_queue,
    )
    message = ticket.messages.get()
    assert "<script" not in message.body_html and "<b>desk</b>" in message.body_html
    assert message.body_text == "Hello desk"
    assert ticket.subject == "Hello desk"
    assert ticket.status == Status.NEW
    assert ticket.language == "sv"  # from the guest's profile until detected
    assert list(ticket.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_subject_is_derived_from_the_first_meaningful_line():
    assert (
        derive_subject("\n\n> \nMy VPN drops every hour since Monday\nthanks")
        == "My VPN drops every hour since Monday"
    )
    assert derive_subject("") == "(no subject)"
    assert len(derive_subject("word " * 100)) <= 80


def test_lifecycle_transitions_are_enforced(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_change_status(ticket=ticket, status=Status.SOLVED, by=alice)
    ticket_change_status(ticket=ticket, status=Status.CLOSED, by=alice)
    with pytest.raises(ValidationFailed, match="closed is final"):
        ticket_change_status(ticket=ticket, status=Status.OPEN, by=alice)


def test_new_ticket_cannot_jump_to_closed(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    with pytest.raises(ValidationFailed, match="cannot become closed"):
        ticket_change_status(ticket=ticket, status=Status.CLOSED, by=alice)


def test_reply_opens_ticket_records_first_response_and_assigns(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_reply(ticket=ticket, agent=alice, body_text="Hej Carol, we are on it.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_responded_at is not None
    assert ticket.assignee == alice


def test_guest_message_reopens_solved_ticket(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_change_status(ticket=ticket, status=Status.SOLVED, by=alice)
    ticket_add_guest_message(ticket=ticket, guest=carol, body_text="Still broken", channel="email")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    event = ticket.events.filter(kind=EventKind.STATUS).last()
    assert event.actor_guest == carol and event.new_value == Status.OPEN


def test_guest_message_on_closed_ticket_starts_follow_up(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_change_status(ticket=ticket, status=Status.SOLVED, by=alice)
    ticket_change_status(ticket=ticket, status=Status.CLOSED, by=alice)
    message = ticket_add_guest_message(
        ticket=ticket, guest=carol, body_text="It broke again", channel="email"
    )
    assert message.ticket_id != ticket.pk
    assert message.ticket.follow_up_of_id == ticket.pk


def test_note_is_not_public(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    note = ticket_note(ticket=ticket, agent=alice, body_text="Check the headset batch.")
    assert note.kind == MessageKind.NOTE and not note.is_public


def test_assign_refuses_agent_outside_the_queue_team(carol, it_queue, alice, bob):
    ticket = make_ticket(requester=carol, queue=it_queue)
    with pytest.raises(ValidationFailed, match="not in the team"):
        ticket_assign(ticket=ticket, assignee=bob, by=alice)
    ticket_assign(ticket=ticket, assignee=alice, by=alice)
    ticket.refresh_from_db()
    assert ticket.assignee == alice


def test_queue_change_drops_assignee_from_other_team(carol, it_queue, cs_queue, alice, bob):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_assign(ticket=ticket, assignee=alice, by=alice)
    ticket_change_queue(ticket=ticket, queue=cs_queue, by=alice, reason="About an order")
    ticket.refresh_from_db()
    assert ticket.queue == cs_queue and ticket.assignee is None
    event = ticket.events.filter(kind=EventKind.QUEUE).get()
    assert (event.old_value, event.new_value, event.reason) == (
        "IT support",
        "Customer service",
        "About an order",
    )


def test_tags_are_normalised_and_invalid_ones_refused(carol, it_queue, alice):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_set_tags(ticket=ticket, tags=["Headset", "headset", "batch 42"], by=alice)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["batch-42", "headset"]
    with pytest.raises(ValidationFailed):
        ticket_set_tags(ticket=ticket, tags=["<script>"], by=alice)


def test_merge_moves_messages_and_closes_source(carol, dave, it_queue, alice):
    target = make_ticket(requester=carol, queue=it_queue, subject="Headset")
    source = make_ticket(requester=dave, queue=it_queue, subject="Headset too")
    ticket_merge(source=source, target=target, by=alice)
    source.refresh_from_db()
    assert source.status == Status.CLOSED and source.merged_into == target
    assert target.messages.count() == 2
    assert dave in target.ccs.all()
    # a guest writing to the merged ticket lands on the target
    message = ticket_add_guest_message(
        ticket=source, guest=dave, body_text="any news?", channel="email"
    )
    assert message.ticket_id == target.pk


def test_events_are_append_only(carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    event = ticket.events.get()
    event.reason = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_attachment_limits(carol, it_queue, settings):
    from omotenashi.tickets.services import ticket_create

    settings.MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(ValidationFailed, match="limit"):
        ticket_create(
            requester=carol,
            body_text="see file",
            channel="portal",
            queue=it_queue,
            attachments=[IncomingFile("big.txt", "text/plain", b"x" * 11)],
        )
    with pytest.raises(ValidationFailed, match=r"\.exe"):
        ticket_create(
            requester=carol,
            body_text="see file",
            channel="portal",
            queue=it_queue,
            attachments=[IncomingFile("setup.exe", "application/octet-stream", b"MZ")],
        )
    # lenient mode (mail ingestion) keeps the message and records the refusal
    ticket = ticket_create(
        requester=carol,
        body_text="see file",
        channel="email",
        queue=it_queue,
        strict_attachments=False,
        attachments=[
            IncomingFile("big.txt", "text/plain", b"x" * 11),
            IncomingFile("ok.txt", "text/plain", b"ok"),
        ],
    )
    message = ticket.messages.get()
    assert [a.filename for a in message.attachments.all()] == ["ok.txt"]
    assert "big.txt" in ticket.events.get(kind=EventKind.CREATED).data["refused_attachments"][0]
