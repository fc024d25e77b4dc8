"""Permission-checked reads of the knowledge base, and retrieval.

Who sees what:
- a guest (or anyone on the help centre): published translations of active articles
  whose audience is "public"; nothing else exists for them (NotFound, no existence leak);
- an agent: every article (drafts in the authoring screens; agents-only articles in
  search and assist), and of the solved tickets only those in the queues of their teams
  (admins: every queue), as for every ticket read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.engine.language import detect_language
from omotenashi.engine.retrieval import FloatArray, Match, query_text
from omotenashi.knowledge.index import (
    background_vectors,
    get_index,
    index_state,
    query_encoder,
)
from omotenashi.knowledge.models import (
    LANGUAGES,
    Article,
    ArticleFeedback,
    ArticleTranslation,
    Audience,
    Category,
    Kind,
    Source,
    TranslationStatus,
)
from omotenashi.knowledge.services import (
    article_group,
    ticket_group,
    ticket_resolution,
    vectors_enabled,
)
from omotenashi.lib.errors import NotFound
from omotenashi.tickets.models import OPEN_STATUSES, Message, MessageKind, Queue, Ticket
from omotenashi.tickets.selectors import agent_queue_ids

PUBLIC_GROUPS = (article_group(Article(audience=Audience.PUBLIC)),)
AGENT_ARTICLE_GROUPS = (
    article_group(Article(audience=Audience.PUBLIC)),
    article_group(Article(audience=Audience.AGENTS)),
)
# Typing suggestions start once there is something to go on.
MIN_SUGGEST_CHARS = 12
MAX_QUERY_CHARS = 2_000
# When is a match worth interrupting a guest for? An embedding model finds every pair of
# texts somewhat similar (multilingual-e5-small: 0.75-0.85 for unrelated texts), so the
# closest article always exists. A suggestion must be closer to the question than every
# background passage (engine/background.py: weather, cooking, sport...) by this margin;
# the yardstick is measured per question, so it holds for five articles or fifty
# thousand. Measured values in docs/decisions/0202-when-a-suggestion-is-worth-showing.md.
SUGGEST_MIN_MARGIN = 0.045
# ...and not far behind the best match (fused scores): a runner-up less than half as good
# as the best would only distract.
SUGGEST_MIN_SHARE_OF_BEST = 0.5
# Two texts by the same guest about the same thing (query-to-query similarity).
DUPLICATE_MIN_SIMILARITY = 0.90
DUPLICATE_CANDIDATES = 10


def _language(code: str | None) -> str:
    return code if code in LANGUAGES else "en"


# --- public reads ---------------------------------------------------------------------------


def public_articles() -> QuerySet[Article]:
    """Articles a guest may read at all (at least one published translation)."""
    return (
        Article.objects.filter(
            audience=Audience.PUBLIC,
            is_active=True,
            translations__status=TranslationStatus.PUBLISHED,
        )
        .distinct()
        .select_related("category")
    )


def _published(translations: Iterable[ArticleTranslation]) -> list[ArticleTranslation]:
    return [t for t in translations if t.status == TranslationStatus.PUBLISHED]


def pick_translation(
    translations: Sequence[ArticleTranslation], *preferred: str
) -> ArticleTranslation | None:
    """The translation in the first available preferred language, else the oldest one."""
    by_language = {t.language: t for t in translations}
    for language in preferred:
        if language in by_language:
            return by_language[language]
    return min(translations, key=lambda t: t.pk) if translations else None


def _with_published() -> Any:
    """Prefetch of the published translations, oldest first, as `.published`."""
    return Prefetch(
        "translations",
        queryset=ArticleTranslation.objects.filter(status=TranslationStatus.PUBLISHED).order_by(
            "pk"
        ),
        to_attr="published",
    )


@dataclass(frozen=True)
class ArticleView:
    """An article as shown to a reader: the translation chosen for them and the others."""

    article: Article
    translation: ArticleTranslation
    languages: list[str]
    requested: str

    @property
    def in_requested_language(self) -> bool:
        return self.translation.language == self.requested

    @property
    def is_outdated(self) -> bool:
        return self.article.is_outdated()


def article_for_guest(*, slug: str, language: str) -> ArticleView:
    """A public article in `language` (or the best other one). NotFound otherwise."""
    language = _language(language)
    article = public_articles().filter(slug=slug).prefetch_related(_with_published()).first()
    if article is None:
        raise NotFound("No such article.")
    published: list[ArticleTranslation] = article.published  # type: ignore[attr-defined]
    translation = pick_translation(published, language, "en")
    assert translation is not None  # public_articles() requires a published translation
    return ArticleView(article, translation, [t.language for t in published], language)


@dataclass(frozen=True)
class CategoryView:
    category: Category
    name: str
    description: str
    articles: list[ArticleView] = field(default_factory=list)


def help_centre(*, language: str) -> list[CategoryView]:
    """Topics with their public articles in `language` (others in their best language)."""
    language = _language(language)
    articles = list(
        public_articles()
        .filter(kind=Kind.HOWTO)
        .prefetch_related(_with_published())
        .order_by("slug")
    )
    by_category: dict[int | None, list[ArticleView]] = {}
    for article in articles:
        published: list[ArticleTranslation] = article.published  # type: ignore[attr-defined]
        translation = pick_translation(published, language, "en")
        if translation is None:
            continue
        view = ArticleView(article, translation, [t.language for t in published], language)
        by_category.setdefault(article.category_id, []).append(view)
    out = []
    for category in Category.objects.all():
        views = sorted(by_category.get(category.pk, []), key=lambda v: v.translation.title)
        if views:
            out.append(
                CategoryView(
                    category, category.name_in(language), category.description_in(language), views
                )
            )
    return out


def category_for_guest(*, slug: str, language: str) -> CategoryView:
    language = _language(language)
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound("No such topic.")
    for view in help_centre(language=language):
        if view.category.pk == category.pk:
            return view
    return CategoryView(category, category.name_in(language), category.description_in(language))


def known_issues(*, language: str) -> list[ArticleView]:
    """Ongoing problems the desk already knows about, newest first, for the help centre
    and the request form (docs/decisions/0201-known-issues-until-problems.md)."""
    language = _language(language)
    out = []
    for article in (
        public_articles()
        .filter(kind=Kind.KNOWN_ISSUE)
        .prefetch_related(_with_published())
        .order_by("-updated_at")[:5]
    ):
        published: list[ArticleTranslation] = article.published  # type: ignore[attr-defined]
        translation = pick_translation(published, language, "en")
        if translation is not None:
            out.append(ArticleView(article, translation, [t.language for t in published], language))
    return out


def topics() -> list[Category]:
    return list(Category.objects.all())


# --- retrieval ------------------------------------------------------------------------------


def query_vector(text: str) -> FloatArray | None:
    """The question's vector, or None when vectors are switched off or the text is empty."""
    prepared = query_text(text)
    if not prepared or not vectors_enabled():
        return None
    vector: FloatArray = query_encoder().encode([prepared])[0]
    return vector


def retrieve(
    *,
    text: str,
    groups: Sequence[str],
    vector: FloatArray | None = None,
    limit: int = 10,
    collapse: bool = True,
) -> list[Match]:
    """Hybrid retrieval over the documents in `groups` (the caller decides the groups
    from who is asking; see the module docstring)."""
    text = text[:MAX_QUERY_CHARS]
    if not text.strip() or not groups:
        return []
    index = get_index(vectors=vectors_enabled())
    if index is None:
        # A web process that has just started and is still loading its index (it never
        # waits for it; omotenashi/knowledge/index.py): nothing to rank yet.
        return []
    return index.search(
        text,
        vector=vector if vector is not None else query_vector(text),
        groups=groups,
        limit=limit,
        collapse=collapse,
    )


def background_ceiling(vector: FloatArray | None) -> float | None:
    """How similar the question is to the closest background passage (None without vectors)."""
    if vector is None:
        return None
    return float((background_vectors() @ vector).max())


def worth_showing(match: Match, *, ceiling: float | None) -> bool:
    """Is this match good enough to show unasked (as the guest types)?"""
    if match.similarity is None or ceiling is None:
        # Words only (vectors switched off or not computed yet): the best word match.
        return match.lexical_rank == 1
    return match.similarity - ceiling >= SUGGEST_MIN_MARGIN


def gate(matches: list[Match], *, vector: FloatArray | None) -> list[Match]:
    """The matches worth showing unasked: clearly closer to the question than unrelated
    text, and not far behind the best one."""
    if not matches:
        return []
    ceiling = background_ceiling(vector)
    best = matches[0].score
    return [
        m
        for m in matches
        if worth_showing(m, ceiling=ceiling) and m.score >= SUGGEST_MIN_SHARE_OF_BEST * best
    ]


@dataclass(frozen=True)
class Suggestion:
    """A public article found for a guest's question, in the language to show it in."""

    view: ArticleView
    match: Match
    question_language: str

    @property
    def article(self) -> Article:
        return self.view.article

    @property
    def translation(self) -> ArticleTranslation:
        return self.view.translation

    @property
    def is_known_issue(self) -> bool:
        return self.view.article.kind == Kind.KNOWN_ISSUE


def _article_ids(matches: Iterable[Match]) -> list[int]:
    return [int(m.parent.split(":", 1)[1]) for m in matches if m.parent.startswith("a:")]


def _translation_ids(matches: Iterable[Match]) -> dict[str, int]:
    return {m.parent: int(m.key.split(":", 1)[1]) for m in matches if m.key.startswith("t:")}


def public_search(
    *,
    text: str,
    language: str,
    limit: int = 10,
    gated: bool = False,
    vector: FloatArray | None = None,
) -> list[Suggestion]:
    """Public articles for a question, best first. `gated`: only those worth showing
    unasked (typing suggestions). Each in the reader's language when it exists, else in
    the language that matched (the reader is told)."""
    language = _language(language)
    vector = vector if vector is not None else query_vector(text)
    matches = retrieve(text=text, groups=PUBLIC_GROUPS, vector=vector, limit=limit)
    if gated:
        matches = gate(matches, vector=vector)
    if not matches:
        return []
    question_language = detect_language(text, LANGUAGES).lang if text.strip() else language
    articles = {
        a.pk: a
        for a in public_articles()
        .filter(pk__in=_article_ids(matches))
        .prefetch_related(_with_published())
    }
    matched_translation = _translation_ids(matches)
    out = []
    for match in matches:
        article = (
            articles.get(int(match.parent.split(":", 1)[1]))
            if match.parent.startswith("a:")
            else None
        )
        if article is None:
            continue  # unpublished or made agents-only since the index last looked
        published: list[ArticleTranslation] = article.published  # type: ignore[attr-defined]
        matched = next(
            (t for t in published if t.pk == matched_translation.get(match.parent)), None
        )
        translation = pick_translation(
            published, language, question_language, *([matched.language] if matched else []), "en"
        )
        if translation is None:
            continue
        view = ArticleView(article, translation, [t.language for t in published], language)
        out.append(Suggestion(view, match, question_language))
    return out


def open_requests_like(
    *, guest: Guest, text: str, vector: FloatArray | None
) -> list[tuple[Ticket, float]]:
    """The guest's own open requests that seem to be about the same thing as `text`,
    most similar first. Only ever the guest's own (signed in): never shown to someone
    who merely typed an address."""
    if vector is None or not text.strip():
        return []
    tickets = list(
        Ticket.objects.filter(
            requester=guest, status__in=OPEN_STATUSES, merged_into__isnull=True
        ).order_by("-updated_at")[:DUPLICATE_CANDIDATES]
    )
    if not tickets:
        return []
    firsts = dict(
        Message.objects.filter(ticket__in=tickets, kind=MessageKind.GUEST)
        .order_by("ticket_id", "-created_at", "-id")
        .values_list("ticket_id", "body_text")
    )
    texts = [query_text(f"{t.subject}. {firsts.get(t.pk, '')}") for t in tickets]
    vectors = query_encoder().encode(texts)
    similarities = np.asarray(vectors @ vector, dtype=np.float32)
    found = [
        (ticket, float(sim))
        for ticket, sim in zip(tickets, similarities.tolist(), strict=True)
        if sim >= DUPLICATE_MIN_SIMILARITY
    ]
    return sorted(found, key=lambda pair: -pair[1])


def likely_topic(*, suggestions: Sequence[Suggestion], chosen: Category | None) -> Category | None:
    """Another topic the question seems to belong to, or None.

    Only when the guest chose a topic, the best article worth showing sits in another
    one, and the runner-up is not in the chosen topic either: a close call is not enough
    to tell a guest they are in the wrong place.
    """
    if chosen is None or not suggestions:
        return None
    best = suggestions[0].article.category
    if best is None or best.pk == chosen.pk:
        return None
    if any(s.article.category_id == chosen.pk for s in suggestions[1:2]):
        return None
    return best


def outdated_article(*, slug: str, language: str) -> ArticleView | None:
    """The public article a guest came from, when it is due for review."""
    if not slug:
        return None
    try:
        view = article_for_guest(slug=slug, language=language)
    except NotFound:
        return None
    return view if view.is_outdated else None


# --- agents ----------------------------------------------------------------------------------


def _ticket_groups(agent: Agent) -> list[str]:
    ids = agent_queue_ids(agent=agent)
    if ids is None:
        ids = list(Queue.objects.values_list("pk", flat=True))
    return [ticket_group(i) for i in ids]


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    translation: ArticleTranslation
    match: Match
    languages: list[str]


@dataclass(frozen=True)
class TicketHit:
    ticket: Ticket
    match: Match
    question: Message | None
    answer: Message | None


@dataclass(frozen=True)
class Assist:
    articles: list[ArticleHit]
    tickets: list[TicketHit]
    language: str
    # False while a web process that has just started is still loading its index: the
    # solved tickets are not searched yet (knowledge/index.py), and the page says so.
    complete: bool = True


def ticket_question(ticket: Ticket) -> str:
    """What a ticket asks: its subject, first guest message and latest guest message."""
    messages = list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.GUEST)
        .order_by("created_at", "id")
        .values_list("body_text", flat=True)
    )
    parts = [ticket.subject, *(messages[:1]), *(messages[-1:] if len(messages) > 1 else [])]
    return "\n".join(p for p in parts if p)


def agent_search(
    *,
    agent: Agent,
    text: str,
    language: str,
    limit: int = 5,
    exclude_ticket: int | None = None,
    gated: bool = False,
) -> Assist:
    """Articles (every audience) and solved tickets of the agent's queues for `text`.
    `gated`: only what is worth showing unasked (the ticket page's panel)."""
    language = _language(language)
    vector = query_vector(text)
    article_matches = retrieve(text=text, groups=AGENT_ARTICLE_GROUPS, vector=vector, limit=limit)
    ticket_matches = [
        m
        for m in retrieve(text=text, groups=_ticket_groups(agent), vector=vector, limit=limit + 1)
        if m.key != f"k:{exclude_ticket}"
    ][:limit]
    if gated:
        article_matches = gate(article_matches, vector=vector)
        ticket_matches = gate(ticket_matches, vector=vector)
    articles = {
        a.pk: a
        for a in Article.objects.filter(pk__in=_article_ids(article_matches), is_active=True)
        .select_related("category")
        .prefetch_related(_with_published())
    }
    article_hits = []
    for match in article_matches:
        article = articles.get(int(match.parent.split(":", 1)[1]))
        if article is None:
            continue
        published: list[ArticleTranslation] = article.published  # type: ignore[attr-defined]
        translation = pick_translation(published, language, "en")
        if translation is not None:
            article_hits.append(
                ArticleHit(article, translation, match, [t.language for t in published])
            )
    queue_ids = agent_queue_ids(agent=agent)
    ids = [int(m.key.split(":", 1)[1]) for m in ticket_matches]
    tickets = Ticket.objects.filter(pk__in=ids).select_related("queue", "requester")
    if queue_ids is not None:
        # The index filtered by queue already; checking the ticket itself keeps a
        # document that has not caught up with a move from ever leaking a ticket.
        tickets = tickets.filter(queue_id__in=queue_ids)
    by_id = {t.pk: t for t in tickets}
    ticket_hits = []
    for match in ticket_matches:
        ticket = by_id.get(int(match.key.split(":", 1)[1]))
        if ticket is None:
            continue
        question, answer = ticket_resolution(ticket)
        ticket_hits.append(TicketHit(ticket, match, question, answer))
    return Assist(article_hits, ticket_hits, language, complete=index_state() == "ready")


def assist_for_ticket(*, agent: Agent, ticket: Ticket) -> Assist:
    """Precondition: `ticket` came from tickets.selectors.ticket_get_for_agent."""
    language = ticket.language or ticket.requester.language
    return agent_search(
        agent=agent,
        text=ticket_question(ticket),
        language=language,
        limit=3,
        exclude_ticket=ticket.pk,
        gated=True,
    )


def authoring_list(*, status: str = "", outdated: bool = False) -> QuerySet[Article]:
    qs = Article.objects.select_related("category").prefetch_related("translations")
    if status == TranslationStatus.DRAFT:
        qs = qs.filter(translations__status=TranslationStatus.DRAFT).distinct()
    elif status == TranslationStatus.PUBLISHED:
        qs = qs.filter(translations__status=TranslationStatus.PUBLISHED).distinct()
    if outdated:
        qs = qs.filter(review_by__lt=timezone.localdate())
    return qs.order_by("-updated_at")


def article_for_agent(*, article_id: int | str) -> Article:
    try:
        pk = int(article_id)
    except (TypeError, ValueError):
        raise NotFound("No such article.") from None
    article = (
        Article.objects.select_related("category", "source_ticket", "reviewed_by")
        .prefetch_related("translations")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise NotFound("No such article.")
    return article


def questions_for_team(*, limit: int = 100) -> list[ArticleFeedback]:
    """What guests asked and what answered them (deflections), and what did not help,
    newest first: the knowledge team's reading list."""
    return list(
        ArticleFeedback.objects.filter(Q(source=Source.NEW_REQUEST) | Q(helpful=False))
        .select_related("article")
        .order_by("-created_at")[:limit]
    )


def feedback_figures(*, since: datetime.date | None = None) -> dict[str, int]:
    qs = ArticleFeedback.objects.all()
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    return {
        "deflections": qs.filter(source=Source.NEW_REQUEST, helpful=True).count(),
        "helpful": qs.filter(helpful=True).count(),
        "unhelpful": qs.filter(helpful=False).count(),
    }
