"""The knowledge base: articles in several languages, their history, feedback, and the
documents of the retrieval index (article texts and solved tickets with their vectors).

An article is one piece of knowledge; each language is an `ArticleTranslation` with its
own draft/published state and an append-only list of `ArticleVersion`s. Whether a guest
may read it (`audience`), where it sits in the help centre (`category`) and when it must
be looked at again (`review_by`) belong to the article, so all its languages agree.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.tickets.models import Ticket

LANGUAGES = ("en", "nl", "fr", "sv", "de", "ja")
LANGUAGE_CHOICES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("sv", "Svenska"),
    ("de", "Deutsch"),
    ("ja", "日本語"),
]


class Category(models.Model):
    """A help-centre topic ("Laptops and devices"). Names per language in `names`
    ({"en": "...", "nl": "..."}); the English name is the fallback."""

    slug = models.SlugField(max_length=80, unique=True)
    names = models.JSONField(default=dict, help_text="Name per language code, e.g. {'en': 'VPN'}.")
    descriptions = models.JSONField(default=dict, blank=True)
    icon = models.CharField(max_length=8, blank=True, help_text="One emoji shown beside the name.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_in("en")

    def name_in(self, language: str) -> str:
        return str(self.names.get(language) or self.names.get("en") or self.slug)

    def description_in(self, language: str) -> str:
        return str(self.descriptions.get(language) or self.descriptions.get("en") or "")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (help centre)")
    AGENTS = "agents", _("Agents only")


class Kind(models.TextChoices):
    HOWTO = "howto", _("How-to or answer")
    KNOWN_ISSUE = "known_issue", _("Known issue")


class Article(models.Model):
    """One piece of knowledge, in one or more languages.

    A known issue (`kind`) is an ongoing problem the desk already knows about; it is shown
    to guests as they type while `is_active` (docs/decisions/0201-known-issues-until-problems.md).
    """

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.HOWTO)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.PUBLIC)
    is_active = models.BooleanField(
        default=True, help_text="Known issues: still ongoing. Inactive articles are never shown."
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="After this date the article is flagged as outdated."
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_ticket = models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The solved ticket this article was drafted from.",
    )
    created_by = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # Serves: the authoring list, newest changes first.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # Serves: the help centre's topic pages and the outdated list.
            models.Index(fields=["category", "audience"], name="article_category_aud_idx"),
        ]

    def __str__(self) -> str:
        return self.slug

    def is_outdated(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.review_by is not None and self.review_by < today


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleTranslation(models.Model):
    """An article in one language. `body_html` is rendered from `body_markdown` and
    sanitised when saved (knowledge.markdown), so pages never render Markdown per view."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=10, choices=TranslationStatus.choices, default=TranslationStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="article_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def is_published(self) -> bool:
        return self.status == TranslationStatus.PUBLISHED


class ArticleVersion(models.Model):
    """Append-only history: every saved state of a translation."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField()
    status = models.CharField(max_length=10, choices=TranslationStatus.choices)
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in a few words.")
    created_by = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "number"], name="article_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number} of {self.translation_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Article versions are append-only.")
        super().save(*args, **kwargs)


class Source(models.TextChoices):
    HELP_CENTRE = "help_centre", _("Help centre")
    NEW_REQUEST = "new_request", _("While writing a request")


class ArticleFeedback(models.Model):
    """One "was this helpful?" answer. `question` is what the guest had typed when the
    article was suggested to them (kept for the knowledge team)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(max_length=8, blank=True)
    helpful = models.BooleanField()
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.HELP_CENTRE)
    question = models.TextField(blank=True)
    question_language = models.CharField(max_length=8, blank=True)
    guest = models.ForeignKey(
        Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Serves: the knowledge team's list of answered questions, newest first.
            models.Index(fields=["source", "-created_at"], name="feedback_source_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'not helpful'}: {self.article_id}"

    @property
    def is_deflection(self) -> bool:
        """The guest was about to write to us and this article answered instead."""
        return self.helpful and self.source == Source.NEW_REQUEST


class DocumentKind(models.TextChoices):
    ARTICLE = "article", "Article translation"
    TICKET = "ticket", "Solved ticket"


class RetrievalDocument(models.Model):
    """One document of the hybrid retrieval index (engine/retrieval.py): the text BM25
    reads and the vector the encoder made of it.

    Derived data, rebuilt by `omotenashi reindex_knowledge`. `group` says who may find it
    ("article:public", "article:agents", "ticket:<queue id>"); `live` is False for drafts,
    inactive articles and reopened tickets (kept, so the per-process indexes learn they
    left). `vector_model` names the encoder and its version: a vector from another model
    is never compared with the query's.
    """

    key = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=8, choices=DocumentKind.choices)
    translation = models.OneToOneField(
        ArticleTranslation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="retrieval_document",
    )
    ticket = models.OneToOneField(
        Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.CharField(max_length=40, help_text="a:<article id> or the key itself.")
    group = models.CharField(max_length=40)
    language = models.CharField(max_length=8, blank=True)
    title = models.CharField(max_length=255)
    text = models.TextField()
    live = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64)
    vector = models.BinaryField(null=True, blank=True)
    vector_model = models.CharField(max_length=80, blank=True)
    vector_hash = models.CharField(
        max_length=64, blank=True, help_text="content_hash the vector was computed from."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Serves: each process's catch-up read of documents changed since it last looked.
            models.Index(fields=["updated_at"], name="retrieval_doc_updated_idx"),
            # Serves: the rebuild's "documents whose vector is missing or stale".
            models.Index(fields=["vector_hash"], name="retrieval_doc_vector_hash_idx"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def has_fresh_vector(self) -> bool:
        return bool(self.vector) and self.vector_hash == self.content_hash
