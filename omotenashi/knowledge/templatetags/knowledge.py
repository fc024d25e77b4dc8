"""Template helpers of the knowledge pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from omotenashi.knowledge.models import Category

register = template.Library()

# Language names as the reader's interface says them ("in English", "auf Englisch").
_IN_LANGUAGE = {
    "en": lambda: _("in English"),
    "nl": lambda: _("in Dutch"),
    "fr": lambda: _("in French"),
    "sv": lambda: _("in Swedish"),
    "de": lambda: _("in German"),
    "ja": lambda: _("in Japanese"),
}


@register.filter
def topic_name(category: Category | None, language: str) -> str:
    return category.name_in(language) if category is not None else ""


@register.filter
def in_language(code: str) -> str:
    """ "in English" for "en", in the interface language."""
    name = _IN_LANGUAGE.get(code)
    return name() if name else code


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, key)
