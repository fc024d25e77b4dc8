"""The guest portal and the tracking page over HTTP."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from omotenashi.channels.tracking import tracking_token, tracking_url
from omotenashi.customers.services import portal_login_link_create
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import MessageKind, Status, Ticket
from omotenashi.tickets.services import ticket_note, ticket_reply

pytestmark = pytest.mark.django_db


def _sign_in(client, guest):
    secret = portal_login_link_create(guest=guest)
    assert client.get(reverse("channels:portal_signin", args=[secret])).status_code == 302


def test_new_request_without_account_creates_guest_and_leads_to_tracking(client, it_queue):
    r = client.post(
        reverse("channels:portal_new"),
        {
            "message": "Min VPN kopplar ner varje timme.",
            "name": "Sven Berg",
            "email": "sven@example.se",
        },
    )
    assert r.status_code == 302 and "/portal/track/" in r["Location"]
    ticket = Ticket.objects.get()
    assert ticket.subject == "Min VPN kopplar ner varje timme." and ticket.channel == "portal"
    assert ticket.requester.emails.get().address == "sven@example.se"
    page = client.get(r["Location"]).content.decode()
    assert "Received" in page and str(ticket.number) in page


def test_validation_error_keeps_typed_text(client, it_queue):
    r = client.post(
        reverse("channels:portal_new"),
        {"message": "Long careful description", "name": "X", "email": "not-an-email"},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "Long careful description" in body and "errorlist" in body
    assert Ticket.objects.count() == 0


def test_request_form_never_asks_queue_or_priority(client, it_queue):
    body = client.get(reverse("channels:portal_new")).content.decode()
    assert 'name="queue"' not in body and 'name="priority"' not in body


def test_signed_in_guest_sees_own_requests_and_not_others(client, carol, dave, it_queue):
    mine = make_ticket(requester=carol, queue=it_queue, subject="Carol's laptop")
    theirs = make_ticket(requester=dave, queue=it_queue, subject="Dave's phone")
    _sign_in(client, carol)
    home = client.get(reverse("channels:portal_home")).content.decode()
    assert "Carol&#x27;s laptop" in home and "Dave" not in home
    assert client.get(reverse("channels:portal_request", args=[mine.pk])).status_code == 200
    assert client.get(reverse("channels:portal_request", args=[theirs.pk])).status_code == 404
    r = client.post(reverse("channels:portal_request", args=[theirs.pk]), {"message": "sneaky"})
    assert r.status_code == 404 and theirs.messages.count() == 1


def test_guest_never_sees_internal_notes(client, carol, alice, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_note(ticket=ticket, agent=alice, body_text="SECRET internal remark")
    ticket_reply(ticket=ticket, agent=alice, body_text="Public answer")
    _sign_in(client, carol)
    page = client.get(reverse("channels:portal_request", args=[ticket.pk])).content.decode()
    assert "Public answer" in page and "SECRET" not in page
    track = client.get(
        tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    ).content.decode()
    assert "Public answer" in track and "SECRET" not in track


def test_sign_in_link_is_one_time(client, carol):
    secret = portal_login_link_create(guest=carol)
    assert client.get(reverse("channels:portal_signin", args=[secret])).status_code == 302
    client.logout()
    assert client.get(reverse("channels:portal_signin", args=[secret])).status_code == 400


def test_sign_in_request_mails_known_guest_and_says_the_same_for_unknown(
    client, carol, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            reverse("channels:portal_signin_request"), {"email": "carol@example.com"}
        )
        unknown = client.post(
            reverse("channels:portal_signin_request"), {"email": "nobody@example.com"}
        )
    assert known.status_code == unknown.status_code == 200

    def shape(response, email):
        return re.sub(
            r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"',
            "",
            response.content.decode().replace(email, "X"),
        )

    assert shape(known, "carol@example.com") == shape(unknown, "nobody@example.com")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carol@example.com"]
    assert "Hej" in mail.outbox[0].body or "Carol" in mail.outbox[0].body
    link = re.search(r"http\S+/sign-in/\S+/", mail.outbox[0].body).group(0)
    assert client.get(link.split("8000", 1)[-1]).status_code == 302


def test_sign_in_requests_are_rate_limited(client, carol):
    codes = [
        client.post(
            reverse("channels:portal_signin_request"), {"email": "carol@example.com"}
        ).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_tracking_page_shows_stage_and_who_has_it(client, carol, alice, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    url = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    ticket_reply(ticket=ticket, agent=alice, body_text="Looking into it", status=Status.PENDING)
    page = client.get(url).content.decode()
    assert (
        'class="current" aria-current="step">Väntar på dig' in page
        or 'aria-current="step">Waiting for you' in page
    )
    assert "Alice" in page


def test_tracking_live_partial(client, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    url = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and "timeline" in body


def test_tampered_tracking_link_is_refused_kindly(client, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    token = tracking_token(ticket_id=ticket.pk, guest_id=carol.pk)
    r = client.get(reverse("channels:track", args=[token[:-3] + "abc"]))
    assert r.status_code == 404 and "fresh link" in r.content.decode()


def test_tracking_link_for_someone_elses_ticket_is_refused(client, carol, dave, it_queue):
    theirs = make_ticket(requester=dave, queue=it_queue)
    # A genuine signature, but for a guest who is not on that ticket.
    r = client.get(tracking_url(ticket_id=theirs.pk, guest_id=carol.pk, absolute=False))
    assert r.status_code == 404


def test_expired_tracking_link_offers_a_fresh_one(client, carol, it_queue, monkeypatch):
    from omotenashi.channels import tracking

    ticket = make_ticket(requester=carol, queue=it_queue)
    url = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    monkeypatch.setattr(tracking, "MAX_AGE_SECONDS", -1)
    r = client.get(url)
    assert r.status_code == 410 and "expired" in r.content.decode()


def test_guest_reply_from_tracking_page(client, carol, alice, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_reply(ticket=ticket, agent=alice, body_text="Which model?", status=Status.PENDING)
    url = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    r = client.post(url, {"message": "Evolve2 65"})
    assert r.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.messages.last().kind == MessageKind.GUEST


def test_tracking_link_signs_nobody_in(client, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    page = client.get(
        tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    ).content.decode()
    assert "Sign out" not in page
    assert client.get(reverse("channels:portal_home")).content.decode().count("Your requests") == 0


def test_not_found_page_is_kind(client, carol, dave, it_queue):
    theirs = make_ticket(requester=dave, queue=it_queue)
    _sign_in(client, carol)
    r = client.get(reverse("channels:portal_request", args=[theirs.pk]))
    # carol reads Swedish: the kind words come in her language.
    assert r.status_code == 404 and "Inget har gått förlorat" in r.content.decode()
