"""Forms validate shape only; views pass cleaned data to services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from omotenashi.tickets.models import Priority, Status


class ComposeForm(forms.Form):
    KIND_CHOICES = [("reply", _("Public reply")), ("note", _("Internal note"))]
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial="reply")
    body = forms.CharField(widget=forms.Textarea, max_length=200_000, strip=True)
    status = forms.ChoiceField(choices=[("", _("Keep status")), *Status.choices], required=False)
    attachments = forms.FileField(
        required=False, widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True})
    )


class TicketFieldsForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    priority = forms.ChoiceField(choices=Priority.choices)
    queue = forms.IntegerField()
    assignee = forms.IntegerField(required=False)
    # Empty clears the category; a post without the field leaves it as it is (the view checks).
    category = forms.IntegerField(required=False)
    tags = forms.CharField(required=False, max_length=1000)
    reason = forms.CharField(required=False, max_length=500)


class MergeForm(forms.Form):
    target = forms.IntegerField(min_value=1, label=_("Merge into ticket number"))
