"""The agent workspace over HTTP: what each agent may see and do, and what they may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omotenashi.testing.fixtures import PASSWORD, make_ticket
from omotenashi.tickets.models import Macro, MacroTranslation, MessageKind, Status

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    response = client.get(reverse("tickets:detail", args=[ticket.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_agent_sees_own_queue_ticket_with_guest_at_a_glance(client, alice, carol, it_queue):
    carol.availability.create(weekday=0, start="08:00", end="17:00")
    carol.entitlements.create(
        product="Jabra Evolve2 65", plan="Business", warranty_end="2027-03-01"
    )
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Headset crackles")
    client.force_login(alice.user)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "Headset crackles" in page
    assert "Carol" in page and "Europe/Stockholm" in page and "Jabra Evolve2 65" in page


def test_agent_of_another_team_gets_404_for_the_ticket_and_its_actions(
    client, bob, carol, it_queue
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(bob.user)
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 404
    assert (
        client.post(
            reverse("tickets:compose", args=[ticket.pk]), {"kind": "reply", "body": "hi"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("tickets:update", args=[ticket.pk]), {"status": "solved"}).status_code
        == 404
    )
    assert ticket.messages.count() == 1


def test_inbox_lists_only_the_agents_queues(client, alice, bob, carol, dave, it_queue, cs_queue):
    make_ticket(requester=carol, queue=it_queue, subject="VPN drops")
    make_ticket(requester=dave, queue=cs_queue, subject="Refund for order 77")
    client.force_login(alice.user)
    page = client.get(reverse("tickets:inbox_view", args=["all"])).content.decode()
    assert "VPN drops" in page and "Refund for order 77" not in page
    assert client.get(reverse("tickets:queue", args=["cs"])).status_code == 404


def test_inbox_rows_partial_for_live_updates(client, alice, carol, it_queue):
    make_ticket(requester=carol, queue=it_queue, subject="Printer on fire")
    client.force_login(alice.user)
    response = client.get(
        reverse("tickets:inbox_view", args=["unassigned"]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Printer on fire" in body and "<html" not in body


def test_guest_account_cannot_use_the_agent_workspace(client, carol, it_queue, django_user_model):
    ticket = make_ticket(requester=carol, queue=it_queue)
    user = django_user_model.objects.create_user("carol", password=PASSWORD)
    client.force_login(user)
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 403


def test_reply_and_note_from_the_ticket_page(client, alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    r = client.post(
        reverse("tickets:compose", args=[ticket.pk]),
        {"kind": "reply", "body": "Hej Carol!", "status": "pending"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("tickets:compose", args=[ticket.pk]), {"kind": "note", "body": "Batch 42 again"}
    )
    assert r.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert list(ticket.messages.values_list("kind", flat=True)) == [
        MessageKind.GUEST,
        MessageKind.REPLY,
        MessageKind.NOTE,
    ]


def test_empty_reply_keeps_the_page_with_an_error(client, alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    r = client.post(reverse("tickets:compose", args=[ticket.pk]), {"kind": "reply", "body": "  "})
    assert r.status_code == 400 and "errorlist" in r.content.decode()


def test_update_fields_and_invalid_transition_is_a_message_not_a_500(
    client, alice, carol, it_queue
):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    data = {
        "status": "closed",
        "priority": "high",
        "queue": it_queue.pk,
        "assignee": alice.pk,
        "tags": "headset",
    }
    r = client.post(reverse("tickets:update", args=[ticket.pk]), data, follow=True)
    assert r.status_code == 200 and "cannot become closed" in r.content.decode()
    data["status"] = "open"
    client.post(reverse("tickets:update", args=[ticket.pk]), data)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == ("open", "high", alice)
    assert list(ticket.tags.values_list("name", flat=True)) == ["headset"]


def test_macro_renders_in_the_guests_language(client, alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    macro = Macro.objects.create(name="Thanks")
    MacroTranslation.objects.create(
        macro=macro, language="en", body="Thank you {guest.preferred_name}!"
    )
    MacroTranslation.objects.create(macro=macro, language="sv", body="Tack {guest.preferred_name}!")
    client.force_login(alice.user)
    body = client.post(reverse("tickets:macro", args=[ticket.pk, macro.pk])).content.decode()
    assert "Tack Carol!" in body


def test_macro_of_another_queue_is_not_offered(client, alice, carol, it_queue, cs_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    macro = Macro.objects.create(name="Refund", queue=cs_queue)
    MacroTranslation.objects.create(macro=macro, language="en", body="Refunded")
    client.force_login(alice.user)
    assert client.post(reverse("tickets:macro", args=[ticket.pk, macro.pk])).status_code == 404


def test_merge_needs_access_to_the_target(client, alice, carol, dave, it_queue, cs_queue):
    mine = make_ticket(requester=carol, queue=it_queue)
    theirs = make_ticket(requester=dave, queue=cs_queue)
    client.force_login(alice.user)
    client.post(reverse("tickets:merge", args=[mine.pk]), {"target": theirs.pk})
    mine.refresh_from_db()
    assert mine.merged_into_id is None


def test_login_lockout_after_repeated_failures(client, alice, settings):
    settings.LOGIN_MAX_FAILURES = 3
    url = reverse("accounts:login")
    for _ in range(3):
        assert client.post(url, {"username": "alice", "password": "wrong"}).status_code == 400
    locked = client.post(url, {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429 and "Too many" in locked.content.decode()


def test_login_success_goes_to_inbox(client, alice):
    r = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("tickets:inbox")


def test_login_refuses_offsite_next(client, alice):
    r = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "alice", "password": PASSWORD},
    )
    assert r["Location"] == reverse("tickets:inbox")


def test_attachment_download_checks_access(client, alice, bob, carol, it_queue):
    from omotenashi.tickets.services import IncomingFile, ticket_create

    ticket = ticket_create(
        requester=carol,
        body_text="see log",
        channel="portal",
        queue=it_queue,
        attachments=[IncomingFile("log.txt", "text/plain", b"error 42")],
    )
    attachment = ticket.messages.get().attachments.get()
    client.force_login(bob.user)
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(alice.user)
    r = client.get(reverse("tickets:attachment", args=[attachment.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"error 42"


def test_guest_local_time_is_shown_in_the_guests_zone(client, alice, carol, it_queue):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    carol.time_zone = "Asia/Tokyo"
    carol.save()
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    tokyo_now = timezone.now().astimezone(ZoneInfo("Asia/Tokyo"))
    assert any(
        f"{t:%H:%M} <span" in page
        for t in (tokyo_now, tokyo_now.replace(minute=(tokyo_now.minute - 1) % 60))
    )
