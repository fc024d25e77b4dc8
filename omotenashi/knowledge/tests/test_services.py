"""Authoring, history, review, feedback and drafts from tickets (services)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.knowledge import services
from omotenashi.knowledge.models import (
    Article,
    Audience,
    RetrievalDocument,
    Source,
    TranslationStatus,
)
from omotenashi.lib.errors import Conflict, PermissionDenied, ValidationFailed
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Queue, Status
from omotenashi.tickets.services import ticket_change_status, ticket_reply

pytestmark = pytest.mark.django_db


def _article(by: Agent, **extra: object) -> Article:
    return services.article_create(
        by=by,
        language="en",
        title="Headset crackles",
        body_markdown="Unplug it and plug it in.",
        **extra,  # type: ignore[arg-type]
    )


def test_new_article_is_a_draft_with_version_one(alice: Agent) -> None:
    article = _article(alice)
    translation = article.translations.get()
    assert translation.status == TranslationStatus.DRAFT
    assert translation.version == 1
    assert [v.number for v in translation.versions.all()] == [1]
    assert "<p>Unplug it and plug it in.</p>" in translation.body_html
    assert article.review_by is not None and not article.is_outdated()


def test_every_save_is_a_new_version_and_history_is_append_only(alice: Agent) -> None:
    article = _article(alice)
    services.translation_save(
        article=article,
        language="en",
        title="Headset crackles",
        body_markdown="Try another USB port.",
        by=alice,
        note="Better advice",
    )
    translation = article.translations.get()
    assert translation.version == 2
    assert [(v.number, v.note) for v in translation.versions.all()] == [
        (2, "Better advice"),
        (1, "Created"),
    ]
    old = translation.versions.get(number=1)
    old.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        old.save()


def test_saving_the_same_text_makes_no_version(alice: Agent) -> None:
    article = _article(alice)
    services.translation_save(
        article=article,
        language="en",
        title="Headset crackles",
        body_markdown="Unplug it and plug it in.",
        by=alice,
    )
    assert article.translations.get().version == 1


def test_an_agent_drafts_but_only_a_lead_publishes(alice: Agent, admin_agent: Agent) -> None:
    with pytest.raises(PermissionDenied):
        _article(alice, publish=True)
    article = _article(alice)
    translation = article.translations.get()
    with pytest.raises(PermissionDenied):
        services.translation_set_status(translation=translation, status="published", by=alice)
    services.translation_set_status(translation=translation, status="published", by=admin_agent)
    translation.refresh_from_db()
    assert translation.is_published and translation.published_at is not None
    assert translation.versions.first().note == "Published"  # type: ignore[union-attr]


def test_a_concurrent_save_is_refused_not_overwritten(alice: Agent) -> None:
    article = _article(alice)
    services.translation_save(
        article=article,
        language="en",
        title="Headset crackles",
        body_markdown="Bob's edit.",
        by=alice,
        expected_version=1,
    )
    with pytest.raises(Conflict):
        services.translation_save(
            article=article,
            language="en",
            title="Headset crackles",
            body_markdown="Alice's edit from version 1.",
            by=alice,
            expected_version=1,
        )
    assert article.translations.get().body_markdown == "Bob's edit."


def test_restore_brings_back_an_old_text_as_a_new_version(alice: Agent) -> None:
    article = _article(alice)
    translation = services.translation_save(
        article=article,
        language="en",
        title="Headset crackles",
        body_markdown="Wrong advice.",
        by=alice,
    )
    restored = services.translation_restore(translation=translation, number=1, by=alice)
    assert restored.version == 3
    assert restored.body_markdown == "Unplug it and plug it in."
    with pytest.raises(ValidationFailed):
        services.translation_restore(translation=restored, number=99, by=alice)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("body_markdown", "  "), ("language", "xx"), ("title", "x" * 201)],
)
def test_bad_article_input_is_a_clear_error(alice: Agent, field: str, value: str) -> None:
    data = {"language": "en", "title": "T", "body_markdown": "B", field: value}
    with pytest.raises(ValidationFailed) as caught:
        services.article_create(by=alice, **data)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert not Article.objects.exists()


def test_review_date_flags_outdated_and_only_a_lead_marks_reviewed(
    alice: Agent, admin_agent: Agent
) -> None:
    article = _article(alice, review_by=timezone.localdate() - datetime.timedelta(days=1))
    assert article.is_outdated()
    with pytest.raises(PermissionDenied):
        services.article_mark_reviewed(article=article, by=alice)
    services.article_mark_reviewed(article=article, by=admin_agent)
    article.refresh_from_db()
    assert not article.is_outdated()
    assert article.reviewed_by == admin_agent


def test_changing_who_may_read_a_published_article_is_a_leads_decision(
    alice: Agent, admin_agent: Agent
) -> None:
    article = _article(admin_agent, publish=True)
    with pytest.raises(PermissionDenied):
        services.article_update(
            article=article,
            by=alice,
            kind=article.kind,
            category=None,
            audience=Audience.AGENTS,
            review_by=None,
            is_active=True,
        )
    services.article_update(
        article=article,
        by=admin_agent,
        kind=article.kind,
        category=None,
        audience=Audience.AGENTS,
        review_by=None,
        is_active=True,
    )
    document = RetrievalDocument.objects.get(translation__article=article)
    assert document.group == "article:agents"


def test_feedback_counts_and_deflections(alice: Agent, carol: Guest) -> None:
    article = _article(alice)
    services.feedback_record(
        article=article,
        helpful=True,
        source=Source.NEW_REQUEST,
        question="  Mon casque grésille  ",
        guest=carol,
    )
    services.feedback_record(article=article, helpful=False)
    article.refresh_from_db()
    assert (article.helpful_count, article.unhelpful_count) == (1, 1)
    deflection = article.feedback.get(helpful=True)
    assert deflection.is_deflection and deflection.question == "Mon casque grésille"
    with pytest.raises(ValidationFailed):
        services.feedback_record(article=article, helpful=True, source="nowhere")


def _solved_ticket(alice: Agent, carol: Guest, queue: Queue) -> object:
    ticket = make_ticket(
        requester=carol,
        queue=queue,
        subject="Re: VPN drops every hour",
        body="Hi, this is Carol Svensson (carol@example.com, +46 70 123 45 67). The VPN drops.",
    )
    ticket_reply(
        ticket=ticket,
        agent=alice,
        body_text="Hello Carol, turn off Wi-Fi switching.",
        status=Status.SOLVED,
    )
    ticket.refresh_from_db()
    return ticket


def test_a_solved_ticket_becomes_a_scrubbed_agents_only_draft_once(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = _solved_ticket(alice, carol, it_queue)
    article = services.article_draft_from_ticket(ticket=ticket, by=alice)  # type: ignore[arg-type]
    translation = article.translations.get()
    assert translation.status == TranslationStatus.DRAFT
    assert article.audience == Audience.AGENTS and article.source_ticket_id == ticket.pk  # type: ignore[attr-defined]
    assert translation.title == "VPN drops every hour"
    text = translation.body_markdown
    assert "turn off Wi-Fi switching" in text and "The VPN drops" in text
    for personal in ("carol@example.com", "Carol", "Svensson", "123 45 67"):
        assert personal not in text, personal
    again = services.article_draft_from_ticket(ticket=ticket, by=alice)  # type: ignore[arg-type]
    assert again.pk == article.pk


def test_an_open_ticket_cannot_become_an_article(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue)
    with pytest.raises(ValidationFailed):
        services.article_draft_from_ticket(ticket=ticket, by=alice)


def test_solving_indexes_the_ticket_and_reopening_takes_it_out(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    ticket = _solved_ticket(alice, carol, it_queue)
    document = RetrievalDocument.objects.get(key=f"k:{ticket.pk}")  # type: ignore[attr-defined]
    assert document.live and document.group == f"ticket:{it_queue.pk}"
    assert "turn off Wi-Fi switching" in document.text
    ticket_change_status(ticket=ticket, status=Status.OPEN, by=alice)  # type: ignore[arg-type]
    document.refresh_from_db()
    assert not document.live


def test_an_open_ticket_is_never_indexed(alice: Agent, carol: Guest, it_queue: Queue) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue)
    ticket_reply(ticket=ticket, agent=alice, body_text="Looking into it.", status=Status.PENDING)
    assert not RetrievalDocument.objects.filter(key=f"k:{ticket.pk}").exists()


def test_vectors_follow_the_text_and_are_skipped_when_fresh(alice: Agent) -> None:
    article = _article(alice)
    assert services.embed_documents() == 1
    document = RetrievalDocument.objects.get(translation__article=article)
    assert document.has_fresh_vector and document.vector_model.startswith("e5-small")
    assert services.embed_documents() == 0
    services.translation_save(
        article=article,
        language="en",
        title="Headset crackles",
        body_markdown="A new text.",
        by=alice,
    )
    document.refresh_from_db()
    assert not document.has_fresh_vector
    assert services.embed_documents(keys=[document.key]) == 1


def test_reindex_rebuilds_texts_from_the_source(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    _article(alice)
    _solved_ticket(alice, carol, it_queue)
    RetrievalDocument.objects.all().delete()
    visited = services.knowledge_reindex()
    assert visited == 2
    assert RetrievalDocument.objects.count() == 2


def test_a_sweep_stops_near_its_limit_and_the_next_goes_on(alice: Agent) -> None:
    for i in range(3):
        services.article_create(
            by=alice, language="en", title=f"Article {i}", body_markdown="Text."
        )
    assert services.embed_documents(batch=1, limit=2) == 2
    assert services.embed_documents(batch=1, limit=2) == 1
    assert services.embed_documents() == 0


def test_known_vectors_are_stored_without_encoding_and_the_rest_is_encoded(
    lead: Agent, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from omotenashi.knowledge.index import passage_encoder
    from omotenashi.knowledge.models import RetrievalDocument

    article = services.article_create(
        by=lead, language="en", title="Badge does not open the door", body_markdown="Re-enrol it."
    )
    services.translation_save(
        article=article,
        language="nl",
        title="Pas opent de deur niet",
        body_markdown="Meld hem opnieuw aan.",
        by=lead,
    )
    documents = {d.language: d for d in RetrievalDocument.objects.filter(parent=f"a:{article.pk}")}
    given = np.full(passage_encoder().dim, 1 / np.sqrt(passage_encoder().dim), dtype=np.float32)
    encoded: list[str] = []
    real_encode = passage_encoder().encode

    def counting(texts: list[str]) -> np.ndarray:
        encoded.extend(texts)
        return real_encode(texts)

    monkeypatch.setattr(passage_encoder(), "encode", counting)
    written = services.embed_documents(
        keys=[d.key for d in documents.values()], known={documents["en"].content_hash: given}
    )
    assert written == 2
    en, nl = (RetrievalDocument.objects.get(pk=documents[lang].pk) for lang in ("en", "nl"))
    assert np.array_equal(np.frombuffer(bytes(en.vector), dtype=np.float32), given)
    assert en.vector_hash == en.content_hash and nl.vector_hash == nl.content_hash
    # Only the Dutch document was encoded (its title and its passage).
    assert encoded and all("Badge" not in text for text in encoded)
