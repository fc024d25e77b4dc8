"""Writes of the knowledge base: authoring, feedback, and the retrieval documents.

Conventions as elsewhere: keyword-only arguments, `@transaction.atomic`, explicit
`update_fields`. Who may do what (an agent drafts, a lead publishes) is checked here, so
every interface (pages, admin actions, API) gets the same rule.

The retrieval index is derived data. A service that changes what a guest or agent may
find rewrites the `RetrievalDocument` in the same transaction (so the text is findable
by its words as soon as it commits) and queues the vector after commit (an idempotent
task: the encoder is slow and must never hold a transaction open).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.engine.retrieval import FloatArray, passage_text
from omotenashi.engine.retrieval import embed_documents as embed_documents_engine
from omotenashi.knowledge.markdown import MAX_SOURCE_CHARS, markdown_to_text, render_markdown
from omotenashi.knowledge.models import (
    LANGUAGES,
    Article,
    ArticleFeedback,
    ArticleTranslation,
    ArticleVersion,
    Audience,
    Category,
    DocumentKind,
    Kind,
    RetrievalDocument,
    Source,
    TranslationStatus,
)
from omotenashi.lib.errors import Conflict, PermissionDenied, ValidationFailed
from omotenashi.tickets.models import OPEN_STATUSES, Message, MessageKind, Status, Ticket

logger = logging.getLogger(__name__)

# How long a review holds by default: half a year, then the article is flagged.
REVIEW_INTERVAL = datetime.timedelta(days=183)
# Text of a solved ticket kept for retrieval: the question and the answer that solved it.
TICKET_PART_CHARS = 2_000
ARTICLE_TEXT_CHARS = 50_000
QUESTION_CHARS = 2_000


# --- permissions ------------------------------------------------------------------------------


def may_publish(agent: Agent) -> bool:
    """Leads and admins publish; every agent may write drafts."""
    return agent.is_lead


def _require_publisher(agent: Agent) -> None:
    if not may_publish(agent):
        raise PermissionDenied("Only a lead or an admin may publish, unpublish or review articles.")


# --- authoring ------------------------------------------------------------------------------


def _clean_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValidationFailed(
            f"Articles are written in {', '.join(LANGUAGES)}, not {language!r}.", field="language"
        )
    return language


def _clean_text(*, title: str, summary: str, body_markdown: str) -> tuple[str, str, str]:
    title = re.sub(r"\s+", " ", title or "").strip()
    summary = re.sub(r"\s+", " ", summary or "").strip()
    if not title:
        raise ValidationFailed("An article needs a title.", field="title")
    if len(title) > 200:
        raise ValidationFailed("The title is longer than 200 characters.", field="title")
    if len(summary) > 300:
        raise ValidationFailed("The summary is longer than 300 characters.", field="summary")
    if not (body_markdown or "").strip():
        raise ValidationFailed("An article needs a text.", field="body_markdown")
    if len(body_markdown) > MAX_SOURCE_CHARS:
        raise ValidationFailed(
            f"The text is longer than {MAX_SOURCE_CHARS} characters.", field="body_markdown"
        )
    return title, summary, body_markdown.replace("\r\n", "\n")


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "article")[:100]
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def article_create(
    *,
    by: Agent,
    language: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    kind: str = Kind.HOWTO,
    category: Category | None = None,
    audience: str = Audience.PUBLIC,
    review_by: datetime.date | None = None,
    publish: bool = False,
    slug: str = "",
    source_ticket: Ticket | None = None,
    note: str = "",
) -> Article:
    """A new article with its first translation (version 1), a draft unless `publish`."""
    _clean_language(language)
    if kind not in Kind.values:
        raise ValidationFailed(f"Unknown kind {kind!r}.", field="kind")
    if audience not in Audience.values:
        raise ValidationFailed(f"Unknown audience {audience!r}.", field="audience")
    title, summary, body_markdown = _clean_text(
        title=title, summary=summary, body_markdown=body_markdown
    )
    if publish:
        _require_publisher(by)
    slug = slugify(slug)[:120] if slug else _unique_slug(title)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                slug=slug,
                kind=kind,
                category=category,
                audience=audience,
                review_by=review_by or (timezone.localdate() + REVIEW_INTERVAL),
                reviewed_at=timezone.now() if publish else None,
                reviewed_by=by if publish else None,
                created_by=by,
                source_ticket=source_ticket,
            )
    except IntegrityError:
        raise Conflict(
            f"An article with the address {slug!r} exists already.", field="slug"
        ) from None
    translation_save(
        article=article,
        language=language,
        title=title,
        summary=summary,
        body_markdown=body_markdown,
        status=TranslationStatus.PUBLISHED if publish else TranslationStatus.DRAFT,
        by=by,
        note=note or "Created",
    )
    return article


@transaction.atomic
def translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    body_markdown: str,
    by: Agent,
    summary: str = "",
    status: str | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> ArticleTranslation:
    """Create or change the `language` text of an article; every save is a new version.

    `status` None keeps the current state (a new translation starts as a draft).
    `expected_version`: the version the author started from; if someone saved in between,
    Conflict (nothing is overwritten unseen). Publishing needs a lead or admin.
    """
    _clean_language(language)
    title, summary, body_markdown = _clean_text(
        title=title, summary=summary, body_markdown=body_markdown
    )
    if status is not None and status not in TranslationStatus.values:
        raise ValidationFailed(f"Unknown status {status!r}.", field="status")
    article = Article.objects.select_for_update().get(pk=article.pk)
    translation = (
        ArticleTranslation.objects.select_for_update()
        .filter(article=article, language=language)
        .first()
    )
    now = timezone.now()
    if translation is None:
        new_status = status or TranslationStatus.DRAFT
        if new_status == TranslationStatus.PUBLISHED:
            _require_publisher(by)
        translation = ArticleTranslation.objects.create(
            article=article,
            language=language,
            title=title,
            summary=summary,
            body_markdown=body_markdown,
            body_html=render_markdown(body_markdown),
            status=new_status,
            version=1,
            published_at=now if new_status == TranslationStatus.PUBLISHED else None,
            updated_by=by,
        )
    else:
        if expected_version is not None and expected_version != translation.version:
            raise Conflict(
                "Someone saved this text while you were editing it. Reload to see their "
                "changes; your text is still in the form.",
                field="body_markdown",
            )
        new_status = status or translation.status
        if new_status != translation.status:
            _require_publisher(by)
        unchanged = (
            translation.title == title
            and translation.summary == summary
            and translation.body_markdown == body_markdown
            and translation.status == new_status
        )
        if unchanged:
            return translation
        if new_status == TranslationStatus.PUBLISHED and translation.status != new_status:
            translation.published_at = now
        translation.title = title
        translation.summary = summary
        translation.body_markdown = body_markdown
        translation.body_html = render_markdown(body_markdown)
        translation.status = new_status
        translation.version += 1
        translation.updated_by = by
        translation.save(
            update_fields=[
                "title",
                "summary",
                "body_markdown",
                "body_html",
                "status",
                "version",
                "published_at",
                "updated_by",
                "updated_at",
            ]
        )
    ArticleVersion.objects.create(
        translation=translation,
        number=translation.version,
        title=title,
        summary=summary,
        body_markdown=body_markdown,
        status=new_status,
        note=note[:300],
        created_by=by,
    )
    Article.objects.filter(pk=article.pk).update(updated_at=now)
    index_translations([translation.pk])
    return translation


@transaction.atomic
def translation_set_status(
    *, translation: ArticleTranslation, status: str, by: Agent
) -> ArticleTranslation:
    """Publish or unpublish one language (a new version, same text)."""
    return translation_save(
        article=translation.article,
        language=translation.language,
        title=translation.title,
        summary=translation.summary,
        body_markdown=translation.body_markdown,
        status=status,
        by=by,
        note="Published" if status == TranslationStatus.PUBLISHED else "Unpublished",
    )


@transaction.atomic
def translation_restore(
    *, translation: ArticleTranslation, number: int, by: Agent
) -> ArticleTranslation:
    """Bring back the text of version `number` as a new version (history is never rewritten)."""
    old = translation.versions.filter(number=number).first()
    if old is None:
        raise ValidationFailed(f"There is no version {number}.", field="number")
    return translation_save(
        article=translation.article,
        language=translation.language,
        title=old.title,
        summary=old.summary,
        body_markdown=old.body_markdown,
        by=by,
        note=f"Restored version {number}",
    )


@transaction.atomic
def article_update(
    *,
    article: Article,
    by: Agent,
    kind: str,
    category: Category | None,
    audience: str,
    review_by: datetime.date | None,
    is_active: bool,
) -> Article:
    """Change where an article sits and who may read it. Changing who may read a
    published article, or ending a known issue, is a lead's decision."""
    if kind not in Kind.values:
        raise ValidationFailed(f"Unknown kind {kind!r}.", field="kind")
    if audience not in Audience.values:
        raise ValidationFailed(f"Unknown audience {audience!r}.", field="audience")
    article = Article.objects.select_for_update().get(pk=article.pk)
    published = article.translations.filter(status=TranslationStatus.PUBLISHED).exists()
    if published and (audience != article.audience or is_active != article.is_active):
        _require_publisher(by)
    article.kind = kind
    article.category = category
    article.audience = audience
    article.review_by = review_by
    article.is_active = is_active
    article.save(
        update_fields=["kind", "category", "audience", "review_by", "is_active", "updated_at"]
    )
    index_translations(list(article.translations.values_list("pk", flat=True)))
    return article


@transaction.atomic
def article_mark_reviewed(
    *, article: Article, by: Agent, review_by: datetime.date | None = None
) -> Article:
    """Someone checked the article is still right: it is no longer flagged until `review_by`."""
    _require_publisher(by)
    article.reviewed_at = timezone.now()
    article.reviewed_by = by
    article.review_by = review_by or (timezone.localdate() + REVIEW_INTERVAL)
    article.save(update_fields=["reviewed_at", "reviewed_by", "review_by", "updated_at"])
    return article


# --- from a solved ticket ------------------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"\+?\d[\d ()./-]{7,}\d")


def _scrub(text: str, names: Iterable[str]) -> str:
    """The text without addresses, phone numbers and the guest's names: an article is for
    everyone, the ticket was one person's."""
    text = _EMAIL.sub("…", text)
    text = _PHONE.sub("…", text)
    for name in sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "…", text, flags=re.IGNORECASE)
    return text.strip()


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


@dataclass(frozen=True)
class TicketDraft:
    language: str
    title: str
    body_markdown: str


def ticket_draft_text(*, ticket: Ticket) -> TicketDraft:
    """What an article drafted from `ticket` starts with: the question and the answer."""
    messages = list(ticket.messages.exclude(kind=MessageKind.NOTE).order_by("created_at", "id"))
    question = next((m for m in messages if m.kind == MessageKind.GUEST), None)
    answer = next((m for m in reversed(messages) if m.kind == MessageKind.REPLY), None)
    guest = ticket.requester
    names = [guest.name, guest.preferred_name, *guest.name.split()]
    language = ticket.language if ticket.language in LANGUAGES else "en"
    parts = [
        "## Question",
        "",
        _quote(_scrub(question.body_text[:TICKET_PART_CHARS], names)) if question else "",
        "",
        "## Answer",
        "",
        _scrub(answer.body_text[:TICKET_PART_CHARS], names) if answer else "",
    ]
    title = re.sub(r"^(re|fw|fwd|sv|aw|antw)\s*:\s*", "", ticket.subject, flags=re.IGNORECASE)
    return TicketDraft(
        language=language, title=title[:200] or "Draft", body_markdown="\n".join(parts)
    )


@transaction.atomic
def article_draft_from_ticket(*, ticket: Ticket, by: Agent) -> Article:
    """One step from a solved ticket to an article draft (agents only; a draft, never
    published: an author removes what is personal and a lead publishes)."""
    if ticket.status not in (Status.SOLVED, Status.CLOSED):
        raise ValidationFailed("Only a solved ticket can become an article.", field="ticket")
    existing = Article.objects.filter(source_ticket=ticket).first()
    if existing is not None:
        return existing
    draft = ticket_draft_text(ticket=ticket)
    return article_create(
        by=by,
        language=draft.language,
        title=draft.title,
        body_markdown=draft.body_markdown,
        audience=Audience.AGENTS,
        source_ticket=ticket,
        note=f"Drafted from ticket #{ticket.pk}",
    )


# --- feedback -----------------------------------------------------------------------------------


@transaction.atomic
def feedback_record(
    *,
    article: Article,
    helpful: bool,
    language: str = "",
    source: str = Source.HELP_CENTRE,
    question: str = "",
    question_language: str = "",
    guest: Guest | None = None,
) -> ArticleFeedback:
    """Count one "was this helpful?" answer. From the request form and helpful, it is a
    deflection: the guest did not need to write, and their question is kept."""
    if source not in Source.values:
        raise ValidationFailed(f"Unknown source {source!r}.", field="source")
    feedback = ArticleFeedback.objects.create(
        article=article,
        helpful=helpful,
        language=language[:8],
        source=source,
        question=question.strip()[:QUESTION_CHARS],
        question_language=question_language[:8],
        guest=guest,
    )
    counter = "helpful_count" if helpful else "unhelpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return feedback


# --- retrieval documents ------------------------------------------------------------------------


def vectors_enabled() -> bool:
    return bool(getattr(settings, "KNOWLEDGE_VECTORS", True))


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _upsert_document(
    *,
    key: str,
    kind: str,
    parent: str,
    group: str,
    language: str,
    title: str,
    text: str,
    live: bool,
    translation_id: int | None = None,
    ticket_id: int | None = None,
) -> bool:
    """Write one document; returns True when it needs a (new) vector."""
    content_hash = _hash(title, text)
    document = RetrievalDocument.objects.select_for_update().filter(key=key).first()
    if document is None:
        RetrievalDocument.objects.create(
            key=key,
            kind=kind,
            parent=parent,
            group=group,
            language=language,
            title=title[:255],
            text=text,
            live=live,
            content_hash=content_hash,
            translation_id=translation_id,
            ticket_id=ticket_id,
        )
        return True
    same = (
        document.content_hash == content_hash
        and document.live == live
        and document.group == group
        and document.parent == parent
        and document.language == language
    )
    if not same:
        document.title, document.text, document.content_hash = title[:255], text, content_hash
        document.live, document.group = live, group
        document.parent, document.language = parent, language
        document.save(
            update_fields=[
                "title",
                "text",
                "content_hash",
                "live",
                "group",
                "parent",
                "language",
                "updated_at",
            ]
        )
    return document.vector_hash != content_hash or not document.vector_model


_DEFER_VECTORS: ContextVar[bool] = ContextVar("knowledge_defer_vectors", default=False)


@contextmanager
def vectors_deferred() -> Iterator[None]:
    """Queue no vector task per document inside the block: a bulk load (the demo, an
    import) calls `embed_documents` once afterwards, in batches, instead."""
    token = _DEFER_VECTORS.set(True)
    try:
        yield
    finally:
        _DEFER_VECTORS.reset(token)


def _queue_vectors(keys: Sequence[str]) -> None:
    if not keys or not vectors_enabled() or _DEFER_VECTORS.get():
        return
    from omotenashi.knowledge import tasks

    wanted = list(keys)
    transaction.on_commit(lambda: tasks.embed_documents.delay(wanted))


def article_group(article: Article) -> str:
    return f"article:{article.audience}"


def ticket_group(queue_id: int) -> str:
    return f"ticket:{queue_id}"


def translation_document_text(*, title: str, summary: str, body_markdown: str) -> tuple[str, str]:
    """(title, text) of a translation's retrieval document, from its stored fields."""
    text = markdown_to_text(body_markdown)[:ARTICLE_TEXT_CHARS]
    if summary:
        text = f"{summary}\n{text}"
    return title, text


def article_source_document(*, title: str, summary: str, body_markdown: str) -> tuple[str, str]:
    """(title, text) of the retrieval document of a translation saved with these texts."""
    title, summary, body_markdown = _clean_text(
        title=title, summary=summary, body_markdown=body_markdown
    )
    return translation_document_text(title=title, summary=summary, body_markdown=body_markdown)


def document_content_hash(*, title: str, text: str) -> str:
    """What `RetrievalDocument.content_hash` holds for this title and text."""
    return _hash(title, text)


def index_translations(translation_ids: Sequence[int]) -> list[str]:
    """Rewrite the documents of these translations (in the caller's transaction)."""
    fresh: list[str] = []
    translations = ArticleTranslation.objects.select_related("article").filter(
        pk__in=list(translation_ids)
    )
    for translation in translations:
        article = translation.article
        key = f"t:{translation.pk}"
        _title, text = translation_document_text(
            title=translation.title,
            summary=translation.summary,
            body_markdown=translation.body_markdown,
        )
        changed = _upsert_document(
            key=key,
            kind=DocumentKind.ARTICLE,
            parent=f"a:{article.pk}",
            group=article_group(article),
            language=translation.language,
            title=translation.title,
            text=text,
            live=translation.is_published and article.is_active,
            translation_id=translation.pk,
        )
        if changed:
            fresh.append(key)
    _queue_vectors(fresh)
    return fresh


def ticket_resolution(ticket: Ticket) -> tuple[Message | None, Message | None]:
    """The guest's first message and the last public reply of a ticket."""
    messages = Message.objects.filter(ticket=ticket).exclude(kind=MessageKind.NOTE)
    question = messages.filter(kind=MessageKind.GUEST).order_by("created_at", "id").first()
    answer = messages.filter(kind=MessageKind.REPLY).order_by("-created_at", "-id").first()
    return question, answer


def _index_ticket(ticket: Ticket) -> list[str]:
    """A solved ticket with an answer becomes a document; any other state makes it leave."""
    key = f"k:{ticket.pk}"
    solved = ticket.status in (Status.SOLVED, Status.CLOSED) and not ticket.merged_into_id
    question, answer = ticket_resolution(ticket) if solved else (None, None)
    if not solved or answer is None:
        # Only an existing document needs telling; most tickets never had one.
        RetrievalDocument.objects.filter(key=key, live=True).update(
            live=False, updated_at=timezone.now()
        )
        return []
    text = "\n".join(
        [
            question.body_text[:TICKET_PART_CHARS] if question else "",
            answer.body_text[:TICKET_PART_CHARS],
        ]
    )
    changed = _upsert_document(
        key=key,
        kind=DocumentKind.TICKET,
        parent=key,
        group=ticket_group(ticket.queue_id),
        language=ticket.language,
        title=ticket.subject,
        text=text,
        live=True,
        ticket_id=ticket.pk,
    )
    fresh = [key] if changed else []
    _queue_vectors(fresh)
    return fresh


def index_tickets(*, ticket_ids: Iterable[int]) -> int:
    """Rewrite the documents of these tickets (each in its own savepoint). Returns how
    many documents got new text."""
    total = 0
    for ticket in Ticket.objects.filter(pk__in=list(ticket_ids)):
        with transaction.atomic():
            total += len(_index_ticket(ticket))
    return total


def document_source_text(document: RetrievalDocument) -> str:
    """What the encoder reads of a document."""
    return passage_text(document.title, document.text)


def embed_documents(
    *,
    keys: Sequence[str] | None = None,
    batch: int = 64,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    known: Mapping[str, FloatArray] | None = None,
) -> int:
    """Compute the vectors that are missing or stale (text changed, or another model).

    `known`: vectors already computed by the current encoder for these content hashes
    (the demo ships its articles'); a document whose hash is there is not encoded again.

    `keys` None: every document. `limit`: stop after about this many (a periodic sweep
    stays short; the next run goes on). Idempotent: a document whose vector matches its
    text and the current model is skipped. Each batch commits on its own; a document whose
    text changed meanwhile keeps its new hash and is picked up by the next run.
    Returns how many vectors were written.
    """
    if not vectors_enabled():
        return 0
    from omotenashi.knowledge.index import passage_encoder

    encoder = passage_encoder()
    # Only what is missing or stale: text changed since, or made by another model.
    qs = RetrievalDocument.objects.exclude(
        Q(vector_hash=F("content_hash")) & Q(vector_model=encoder.name)
    ).order_by("pk")
    if keys is not None:
        qs = qs.filter(key__in=list(keys))
    written = 0
    last = 0
    while limit is None or written < limit:
        rows = list(
            qs.filter(pk__gt=last).values_list("pk", "title", "text", "content_hash")[:batch]
        )
        if not rows:
            break
        last = rows[-1][0]
        by_hash: dict[str, FloatArray] = {
            r[3]: known[r[3]] for r in rows if known and r[3] in known
        }
        todo = [r for r in rows if r[3] not in by_hash]
        if todo:
            computed = embed_documents_engine(
                [r[1] for r in todo], [r[2] for r in todo], passages=encoder.encode
            )
            by_hash.update({r[3]: computed[i] for i, r in enumerate(todo)})
        vectors = [by_hash[r[3]] for r in rows]
        now = timezone.now()
        with transaction.atomic():
            for (pk, _title, _text, content_hash), vector in zip(rows, vectors, strict=True):
                # Only if the text is still the one that was read: a newer text gets its
                # own vector from the task its change queued.
                written += RetrievalDocument.objects.filter(
                    pk=pk, content_hash=content_hash
                ).update(
                    vector=np.asarray(vector, dtype=np.float32).tobytes(),
                    vector_model=encoder.name,
                    vector_hash=content_hash,
                    updated_at=now,
                )
        if progress is not None:
            progress(len(rows))
    return written


def knowledge_reindex(*, batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Rewrite every document's text from the articles and tickets (not the vectors).

    Documents of things that no longer exist are removed. Returns the number of
    documents visited. `progress` gets the number of objects visited per batch.
    """
    visited = 0
    ids = list(ArticleTranslation.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            index_translations(chunk)
        visited += len(chunk)
        if progress is not None:
            progress(len(chunk))
    last = 0
    while True:
        chunk = list(
            Ticket.objects.filter(
                pk__gt=last, status__in=[Status.SOLVED, Status.CLOSED], merged_into__isnull=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not chunk:
            break
        last = chunk[-1]
        index_tickets(ticket_ids=chunk)
        visited += len(chunk)
        if progress is not None:
            progress(len(chunk))
    # Tickets reopened since: their documents must not stay live.
    stale = RetrievalDocument.objects.filter(
        kind=DocumentKind.TICKET, live=True, ticket__status__in=OPEN_STATUSES
    )
    stale.update(live=False, updated_at=timezone.now())
    return visited


def knowledge_reindex_visits() -> int:
    """How many objects `knowledge_reindex` visits (the total of its progress bar)."""
    return (
        ArticleTranslation.objects.count()
        + Ticket.objects.filter(
            status__in=[Status.SOLVED, Status.CLOSED], merged_into__isnull=True
        ).count()
    )


# --- ticket hooks (registered in KnowledgeConfig.ready) -------------------------------------------

_TICKET_FIELDS = frozenset({"status", "queue", "subject", "merged_into"})


def on_ticket_changed(ticket: Ticket, fields: list[str]) -> None:
    """A ticket solved, reopened, moved or merged: its document follows. Never blocks the
    ticket: a failure is logged and the next reindex repairs it."""
    changed = set(fields)
    if not _TICKET_FIELDS & changed:
        return
    stays_open = ticket.status not in (Status.SOLVED, Status.CLOSED)
    if stays_open and not changed & {"status", "merged_into"}:
        # An open ticket has no live document (it left when the ticket was reopened, or
        # never had one): moving or renaming it changes nothing here. The understanding
        # task moves every new ticket; this spares it a savepoint and an update.
        return
    try:
        with transaction.atomic():
            _index_ticket(ticket)
    except Exception:
        logger.exception("knowledge indexing failed for ticket %s", ticket.pk)


def on_message_added(message: Message) -> None:
    """A reply on a solved ticket (rare, but the answer changed) refreshes its document."""
    if message.kind != MessageKind.REPLY:
        return
    ticket = message.ticket
    if ticket.status not in (Status.SOLVED, Status.CLOSED):
        return
    try:
        with transaction.atomic():
            _index_ticket(ticket)
    except Exception:
        logger.exception("knowledge indexing failed for ticket %s", ticket.pk)
