"""The routing pages and API over HTTP: the triage view with one-click accept, the ticket
page's reasons, language correction, attention ordering, the leads' page. Each success has
its permission-failure sibling: an agent never sees or acts on another team's tickets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omotenashi.accounts.models import Role
from omotenashi.accounts.services import agent_create
from omotenashi.testing.fixtures import api_client, login, make_ticket
from omotenashi.tickets import services
from omotenashi.tickets.models import (
    Attention,
    Category,
    Decision,
    DecisionKind,
    DecisionOutcome,
    EventKind,
    RoutingState,
    Ticket,
)

pytestmark = pytest.mark.django_db

REFUND = "I returned the teapot two weeks ago and I still have not received my refund."


@pytest.fixture
def unsure_refund(taught_desk, threshold, arrive, emma, it_queue):
    """A refund request the engine was not sure enough about: it waits in alice's IT queue
    (the landing queue) with its suggestion ready."""
    threshold(0.99)
    ticket = arrive(requester=emma, queue=it_queue, subject="My refund", body=REFUND)
    assert ticket.routing_state == RoutingState.TRIAGE
    return ticket


def _queue_suggestion(ticket: Ticket) -> Decision:
    return Decision.objects.get(ticket=ticket, kind=DecisionKind.QUEUE)


def test_triage_view_lists_the_unsure_ticket_with_its_suggestion(
    client, alice, unsure_refund, cs_queue
):
    page = login(client, alice).get(reverse("tickets:triage")).content.decode()
    assert "My refund" in page and f"{cs_queue.name}" in page
    decision = _queue_suggestion(unsure_refund)
    assert reverse("tickets:decision_accept", args=[unsure_refund.pk, decision.pk]) in page
    assert "refund" in " ".join(decision.details["phrases"]) or decision.details["similar"]
    nav = client.get(reverse("tickets:inbox")).content.decode()
    assert 'Needs triage <span class="count">1</span>' in nav


def test_another_teams_agent_does_not_see_the_triage_suggestions(
    client, bob, mallory, unsure_refund
):
    for agent in (bob, mallory):
        page = login(client, agent).get(reverse("tickets:triage")).content.decode()
        assert "My refund" not in page and "Nothing waits for triage" in page
        assert client.get(reverse("tickets:detail", args=[unsure_refund.pk])).status_code == 404


def test_one_click_accepts_the_suggestion_as_the_agents_own_decision(
    client, alice, bob, admin_agent, unsure_refund, cs_queue
):
    decision = _queue_suggestion(unsure_refund)
    url = reverse("tickets:decision_accept", args=[unsure_refund.pk, decision.pk])
    response = login(client, alice).post(url, {"next": reverse("tickets:triage")})
    assert response.status_code == 302 and response["Location"] == reverse("tickets:triage")
    ticket = Ticket.objects.get(pk=unsure_refund.pk)
    assert ticket.queue == cs_queue and ticket.routing_state == RoutingState.HUMAN
    moved = ticket.events.get(kind=EventKind.QUEUE)
    assert moved.actor_agent == alice and moved.data["confidence"] == decision.confidence
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.ACCEPTED and decision.accepted_by == alice
    # Where a person put it, the engine hands it on: bob speaks English and has no other work.
    assert ticket.assignee == bob
    assert (
        Decision.objects.get(ticket=ticket, kind=DecisionKind.ASSIGNEE).outcome
        == DecisionOutcome.APPLIED
    )
    # The ticket left alice's queues with the move; an admin, who sees every queue, is told
    # kindly that the suggestion was accepted already.
    assert client.post(url).status_code == 404
    again = login(client, admin_agent).post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "not an open suggestion" in again.content.decode()


def test_accept_through_htmx_returns_the_updated_list(client, alice, unsure_refund):
    decision = _queue_suggestion(unsure_refund)
    url = reverse("tickets:decision_accept", args=[unsure_refund.pk, decision.pk])
    response = login(client, alice).post(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f"Accepted for #{unsure_refund.pk}" in body and "Nothing waits for triage" in body


def test_another_teams_agent_cannot_accept_a_suggestion(
    client, bob, mallory, unsure_refund, it_queue
):
    decision = _queue_suggestion(unsure_refund)
    url = reverse("tickets:decision_accept", args=[unsure_refund.pk, decision.pk])
    for agent in (bob, mallory):
        assert login(client, agent).post(url).status_code == 404
    # A decision id paired with another ticket's id is not found either.
    other = make_ticket(requester=unsure_refund.requester, queue=it_queue)
    assert (
        login(client, bob)
        .post(reverse("tickets:decision_accept", args=[other.pk, decision.pk]))
        .status_code
        == 404
    )
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.SUGGESTED
    assert Ticket.objects.get(pk=unsure_refund.pk).queue == it_queue


def test_ticket_page_shows_decisions_with_reasons_and_model_versions(client, alice, unsure_refund):
    page = (
        login(client, alice)
        .get(reverse("tickets:detail", args=[unsure_refund.pk]))
        .content.decode()
    )
    decision = _queue_suggestion(unsure_refund)
    assert "What the desk understood" in page
    assert decision.model_version in page and "triage (queue)" in page
    assert "Suggested: not sure enough" in page
    assert reverse("tickets:decision_accept", args=[unsure_refund.pk, decision.pk]) in page


def test_reasons_never_link_a_similar_ticket_of_another_team(
    client, alice, bob, emma, it_queue, cs_queue
):
    theirs = make_ticket(requester=emma, queue=cs_queue, subject="Secret refund of Emma")
    mine = make_ticket(requester=emma, queue=it_queue, subject="Refund?")
    ours = make_ticket(requester=emma, queue=it_queue, subject="Visible neighbour")
    Decision.objects.create(
        ticket=mine,
        kind=DecisionKind.QUEUE,
        value=str(cs_queue.pk),
        value_label=cs_queue.name,
        confidence=0.6,
        model_name="triage (queue)",
        model_version="v1",
        reason="...",
        outcome=DecisionOutcome.SUGGESTED,
        details={
            "similar": [
                {"ticket": theirs.pk, "label": "CS", "score": 0.9, "snippet": ""},
                {"ticket": ours.pk, "label": "IT", "score": 0.8, "snippet": ""},
            ]
        },
    )
    page = login(client, alice).get(reverse("tickets:detail", args=[mine.pk])).content.decode()
    assert reverse("tickets:detail", args=[ours.pk]) in page
    assert reverse("tickets:detail", args=[theirs.pk]) not in page and "Secret refund" not in page
    client_, headers = api_client(alice)
    [out] = client_.get(f"/api/v1/tickets/{mine.pk}/decisions", **headers).json()
    assert [s["ticket_id"] for s in out["similar"]] == [ours.pk]


def test_agent_corrects_the_language_and_another_team_cannot(client, alice, bob, emma, it_queue):
    ticket = make_ticket(requester=emma, queue=it_queue)
    url = reverse("tickets:language", args=[ticket.pk])
    assert login(client, bob).post(url, {"language": "nl"}).status_code == 404
    assert login(client, alice).post(url, {"language": "nl"}).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.language, ticket.language_confidence) == ("nl", 1.0)
    assert ticket.events.get(kind=EventKind.LANGUAGE).actor_agent == alice
    # A language the desk does not serve is a form error, never a 500.
    assert client.post(url, {"language": "xx"}, follow=True).status_code == 200
    ticket.refresh_from_db()
    assert ticket.language == "nl"


def test_category_is_set_on_the_ticket_page_and_left_alone_by_other_forms(
    client, alice, emma, it_queue
):
    vpn = Category.objects.create(name="VPN", slug="vpn", queue=it_queue)
    ticket = make_ticket(requester=emma, queue=it_queue)
    fields = {
        "status": "open",
        "priority": "normal",
        "queue": it_queue.pk,
        "assignee": "",
        "tags": "",
    }
    login(client, alice).post(
        reverse("tickets:update", args=[ticket.pk]), {**fields, "category": vpn.pk}
    )
    ticket.refresh_from_db()
    assert (
        ticket.category == vpn and ticket.events.get(kind=EventKind.CATEGORY).actor_agent == alice
    )
    client.post(
        reverse("tickets:update", args=[ticket.pk]), fields
    )  # an older form without the field
    ticket.refresh_from_db()
    assert ticket.category == vpn
    client.post(reverse("tickets:update", args=[ticket.pk]), {**fields, "category": ""})
    ticket.refresh_from_db()
    assert ticket.category is None


def test_inbox_puts_upset_or_urgent_guests_first(client, alice, emma, it_queue):
    calm = make_ticket(requester=emma, queue=it_queue, subject="Calm question")
    upset = make_ticket(requester=emma, queue=it_queue, subject="Upset guest")
    newest = make_ticket(requester=emma, queue=it_queue, subject="Newest calm one")
    Ticket.objects.filter(pk=upset.pk).update(attention=Attention.HIGH, frustration=0.8)
    page = login(client, alice).get(reverse("tickets:inbox_view", args=["all"])).content.decode()
    assert page.index("Upset guest") < page.index("Newest calm one") < page.index("Calm question")
    assert "Needs attention" in page
    plain = client.get(
        reverse("tickets:inbox_view", args=["all"]) + "?sort=activity"
    ).content.decode()
    assert plain.index("Newest calm one") < plain.index("Upset guest")
    del calm, newest


def test_leads_see_right_queue_first_time_per_queue_of_their_teams(
    client, alice, bob, emma, it_queue, cs_queue, it_team
):
    lead = agent_create(username="lena", display_name="Lena Lead", role=Role.LEAD, teams=[it_team])
    for i in range(3):
        make_ticket(requester=emma, queue=it_queue, subject=f"Right {i}")
    moved = make_ticket(requester=emma, queue=cs_queue, subject="Wrong first")
    services.ticket_change_queue(ticket=moved, queue=it_queue, by=bob, reason="Belongs to IT.")
    make_ticket(requester=emma, queue=cs_queue, subject="CS only")
    response = login(client, lead).get(reverse("tickets:routing_report"))
    page = response.content.decode()
    assert response.status_code == 200 and "Right queue, first time" in page
    assert "<svg" in page and it_queue.name in page and cs_queue.name not in page
    assert "75% · 4" in page  # 3 of 4 IT tickets never moved by a person
    # An agent who is not a lead gets the kind refusal page.
    assert login(client, alice).get(reverse("tickets:routing_report")).status_code == 403


def test_api_lists_decisions_and_accepts_a_suggestion(
    alice, bob, admin_agent, unsure_refund, cs_queue
):
    decision = _queue_suggestion(unsure_refund)
    client, headers = api_client(alice)
    listed = client.get(f"/api/v1/tickets/{unsure_refund.pk}/decisions", **headers)
    assert listed.status_code == 200
    kinds = {d["kind"]: d for d in listed.json()}
    assert kinds["queue"]["outcome"] == "suggested" and kinds["queue"]["model"] == "triage (queue)"
    assert kinds["language"]["value"] == "en" and kinds["urgency"]["value"] in (
        "low",
        "medium",
        "high",
    )
    accepted = client.post(
        f"/api/v1/tickets/{unsure_refund.pk}/decisions/{decision.pk}/accept", **headers
    )
    assert accepted.status_code == 200 and accepted.json()["outcome"] == "accepted"
    assert Ticket.objects.get(pk=unsure_refund.pk).queue == cs_queue
    client, headers = api_client(admin_agent)
    again = client.post(
        f"/api/v1/tickets/{unsure_refund.pk}/decisions/{decision.pk}/accept", **headers
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_api_hides_decisions_of_another_teams_ticket(bob, mallory, unsure_refund):
    decision = _queue_suggestion(unsure_refund)
    for agent in (bob, mallory):
        client, headers = api_client(agent)
        assert (
            client.get(f"/api/v1/tickets/{unsure_refund.pk}/decisions", **headers).status_code
            == 404
        )
        response = client.post(
            f"/api/v1/tickets/{unsure_refund.pk}/decisions/{decision.pk}/accept", **headers
        )
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.SUGGESTED
