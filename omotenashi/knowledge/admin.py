"""The admin site's view of the knowledge base. Writes go through the services, so a
version is recorded and the retrieval index follows, whoever edits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from omotenashi.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleTranslation,
    ArticleVersion,
    Category,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "icon", "position"]
    ordering = ["position", "slug"]


class TranslationInline(admin.TabularInline):
    model = ArticleTranslation
    fields = ("language", "title", "status", "version", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "category", "audience", "is_active", "review_by", "updated_at"]
    list_filter = ["kind", "audience", "is_active", "category"]
    search_fields = ["slug", "translations__title"]
    readonly_fields = [
        "created_by",
        "created_at",
        "updated_at",
        "helpful_count",
        "unhelpful_count",
        "reviewed_at",
        "reviewed_by",
        "source_ticket",
    ]
    inlines = [TranslationInline]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Audience or activity may have changed what guests can find.
        from omotenashi.knowledge.services import index_translations

        index_translations(list(obj.translations.values_list("pk", flat=True)))


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["translation", "number", "status", "created_by", "created_at", "note"]
    readonly_fields = [f.name for f in ArticleVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "source", "language", "created_at"]
    list_filter = ["helpful", "source"]
    readonly_fields = [f.name for f in ArticleFeedback._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
