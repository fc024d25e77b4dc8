"""Hybrid retrieval through the selectors, with the real encoder: across languages, and
only ever over what the asker may see."""

from __future__ import annotations

import pytest

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.knowledge import selectors, services
from omotenashi.knowledge.index import get_index
from omotenashi.knowledge.models import RetrievalDocument
from omotenashi.knowledge.tests.conftest import KB
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Queue, Status
from omotenashi.tickets.services import ticket_reply

pytestmark = pytest.mark.django_db


def _slugs(found: list[selectors.Suggestion]) -> list[str]:
    return [s.article.slug for s in found]


def test_a_dutch_question_finds_the_english_only_article_and_says_so(kb: KB) -> None:
    found = selectors.public_search(
        text="Mijn VPN-verbinding valt steeds weg, om de paar minuten", language="nl", limit=3
    )
    assert _slugs(found)[0] == "vpn-drops"
    assert found[0].translation.language == "en"
    assert not found[0].view.in_requested_language
    assert found[0].question_language == "nl"


def test_a_french_question_gets_the_french_translation(kb: KB) -> None:
    found = selectors.public_search(text="J'ai oublié mon mot de passe", language="fr", limit=3)
    assert _slugs(found)[0] == "password-reset"
    assert found[0].translation.language == "fr"
    assert found[0].view.in_requested_language


def test_guests_never_find_agent_only_articles_or_drafts(kb: KB) -> None:
    for text in ("escalation rota VPN outages on-call engineer", "printer third floor jams tray"):
        found = selectors.public_search(text=text, language="en", limit=10)
        assert "escalation-rota" not in _slugs(found)
        assert "printer-draft" not in _slugs(found)


def test_typing_suggestions_hold_back_weak_matches(kb: KB) -> None:
    assert (
        selectors.public_search(
            text="What is the best recipe for apple pie with cinnamon?", language="en", gated=True
        )
        == []
    )
    strong = selectors.public_search(
        text="VPN keeps disconnecting all the time", language="en", gated=True
    )
    assert _slugs(strong)[:1] == ["vpn-drops"]


def test_known_issues_are_found_and_listed(kb: KB) -> None:
    found = selectors.public_search(text="my emails arrive very late today", language="en", limit=3)
    assert found[0].article.slug == "mail-outage" and found[0].is_known_issue
    assert [v.article.slug for v in selectors.known_issues(language="en")] == ["mail-outage"]


def test_an_unpublished_article_leaves_search_without_a_reload(kb: KB, lead: Agent) -> None:
    assert "vpn-drops" in _slugs(selectors.public_search(text="VPN drops", language="en"))
    translation = kb.vpn.translations.get()
    services.translation_set_status(translation=translation, status="draft", by=lead)
    RetrievalDocument.objects.filter(key=f"t:{translation.pk}").update(
        updated_at=translation.updated_at
    )
    index = get_index(vectors=True)
    index_before = len(index)
    # The index looks at the database at most once a second; force the look.
    from omotenashi.knowledge import index as index_module

    index_module._INDEX._last_sync = 0.0
    assert "vpn-drops" not in _slugs(selectors.public_search(text="VPN drops", language="en"))
    assert len(get_index(vectors=True)) == index_before - 1


def _solve(ticket: object, agent: Agent, answer: str) -> None:
    ticket_reply(ticket=ticket, agent=agent, body_text=answer, status=Status.SOLVED)  # type: ignore[arg-type]


def test_agents_find_similar_solved_tickets_only_in_their_queues(
    kb: KB, alice: Agent, bob: Agent, carol: Guest, it_queue: Queue, cs_queue: Queue
) -> None:
    it_ticket = make_ticket(
        requester=carol,
        queue=it_queue,
        subject="VPN disconnects constantly",
        body="The VPN drops every few minutes on my laptop.",
    )
    _solve(it_ticket, alice, "Turn off automatic Wi-Fi switching, then reconnect.")
    cs_ticket = make_ticket(
        requester=carol,
        queue=cs_queue,
        subject="VPN disconnects on the train",
        body="My VPN drops all the time while travelling.",
    )
    _solve(cs_ticket, bob, "Use the mobile hotspot.")
    services.embed_documents()
    question = "the VPN connection drops again and again"
    alice_sees = selectors.agent_search(agent=alice, text=question, language="en")
    bob_sees = selectors.agent_search(agent=bob, text=question, language="en")
    assert [h.ticket.pk for h in alice_sees.tickets] == [it_ticket.pk]
    assert [h.ticket.pk for h in bob_sees.tickets] == [cs_ticket.pk]
    assert alice_sees.tickets[0].answer is not None
    assert "Wi-Fi switching" in alice_sees.tickets[0].answer.body_text
    # Agents also find agent-only articles; guests never do (see above).
    assert "escalation-rota" in [h.article.slug for h in alice_sees.articles]


def test_an_agent_in_no_team_finds_no_tickets(
    kb: KB, mallory: Agent, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue, subject="VPN drops", body="VPN drops.")
    _solve(ticket, alice, "Fixed it.")
    assert selectors.agent_search(agent=mallory, text="VPN drops", language="en").tickets == []


def test_assist_leaves_out_the_ticket_itself(
    kb: KB, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = make_ticket(
        requester=carol, queue=it_queue, subject="VPN drops every hour", body="VPN drops."
    )
    _solve(ticket, alice, "Turned off Wi-Fi switching.")
    assist = selectors.assist_for_ticket(agent=alice, ticket=ticket)
    assert ticket.pk not in [h.ticket.pk for h in assist.tickets]
    assert assist.articles[0].article.slug == "vpn-drops"


def test_duplicate_open_request_is_found_only_among_the_guests_own(
    kb: KB, carol: Guest, dave: Guest, it_queue: Queue
) -> None:
    own = make_ticket(
        requester=carol,
        queue=it_queue,
        subject="My headset crackles",
        body="Since this morning my headset crackles in every call.",
    )
    make_ticket(
        requester=dave,
        queue=it_queue,
        subject="Headset crackles",
        body="My headset crackles in every call.",
    )
    make_ticket(
        requester=carol, queue=it_queue, subject="New monitor", body="Can I get a second monitor?"
    )
    text = "The headset crackles during calls"
    found = selectors.open_requests_like(
        guest=carol, text=text, vector=selectors.query_vector(text)
    )
    assert [t.pk for t, _ in found] == [own.pk]
    assert (
        selectors.open_requests_like(
            guest=dave,
            text="Can I get a second monitor?",
            vector=selectors.query_vector("Can I get a second monitor?"),
        )
        == []
    )


def test_likely_topic_needs_agreement(kb: KB) -> None:
    found = selectors.public_search(text="I forgot my password", language="en", gated=True)
    assert selectors.likely_topic(suggestions=found, chosen=kb.network) == kb.accounts
    assert selectors.likely_topic(suggestions=found, chosen=kb.accounts) is None
    assert selectors.likely_topic(suggestions=found, chosen=None) is None
