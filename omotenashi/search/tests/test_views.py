import pytest
from django.urls import reverse

from omotenashi.testing.fixtures import make_ticket

pytestmark = pytest.mark.django_db


def test_search_page_finds_own_queue_tickets_only(
    client, alice, bob, carol, dave, it_queue, cs_queue
):
    make_ticket(
        requester=carol,
        queue=it_queue,
        subject="Headset crackles",
        body="The headset crackles on Teams calls",
    )
    make_ticket(
        requester=dave, queue=cs_queue, subject="Headset refund", body="Refund my headset please"
    )
    client.force_login(alice.user)
    page = client.get(reverse("search:page"), {"q": "headset"}).content.decode()
    assert "Headset crackles" in page and "Headset refund" not in page
    client.force_login(bob.user)
    page = client.get(reverse("search:page"), {"q": "headset"}).content.decode()
    assert "Headset refund" in page and "Headset crackles" not in page


def test_ticket_number_jumps_to_the_ticket(client, alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    client.force_login(alice.user)
    r = client.get(reverse("search:page"), {"q": f"#{ticket.pk}"})
    assert r.status_code == 302 and r["Location"] == reverse("tickets:detail", args=[ticket.pk])


def test_search_page_needs_an_agent(client, carol):
    r = client.get(reverse("search:page"), {"q": "x"})
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


def test_hostile_query_is_not_an_error(client, alice):
    client.force_login(alice.user)
    for q in ['"unbalanced', "NEAR(a b)", "*", "-", "a AND OR", "x" * 2000]:
        assert client.get(reverse("search:page"), {"q": q}).status_code == 200
