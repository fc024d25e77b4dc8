"""Knowledge forms: shape only (services validate the rest and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from omotenashi.knowledge.markdown import MAX_SOURCE_CHARS
from omotenashi.knowledge.models import LANGUAGE_CHOICES, Audience, Category, Kind


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary (optional)"),
        max_length=300,
        required=False,
        help_text=_("One sentence shown in search results."),
    )
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=MAX_SOURCE_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NewArticleForm(TranslationForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="en")
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.HOWTO)
    category = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.all(), required=False
    )
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Audience.choices)


class ArticleSettingsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.all(), required=False
    )
    audience = forms.ChoiceField(label=_("Who may read it"), choices=Audience.choices)
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        # An <input type="date"> takes ISO dates whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("After this date the article is flagged as possibly out of date."),
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Known issues: still ongoing.")
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes"
    )
    language = forms.CharField(max_length=8, required=False)


class DeflectionForm(forms.Form):
    article = forms.IntegerField(min_value=1)
    question = forms.CharField(max_length=2000, required=False)
    language = forms.CharField(max_length=8, required=False)
