"""Portal forms: shape only. The request form asks only what a guest can answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class NewRequestForm(forms.Form):
    message = forms.CharField(
        label=_("How can we help?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
        help_text=_("Tell us in your own words, in your own language."),
    )
    subject = forms.CharField(label=_("Subject (optional)"), required=False, max_length=200)
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_("We send updates here. No account needed."),
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"), required=False)
    # The help-centre topic the guest came from (never a queue), and "add this to my open
    # request #N" when the form offered it; both optional and checked by the view.
    topic = forms.SlugField(required=False, max_length=80)
    add_to = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: object, signed_in: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.signed_in = signed_in
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]
        else:
            self.fields["name"].required = True
            self.fields["email"].required = True


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=50_000
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"), required=False)


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"))
