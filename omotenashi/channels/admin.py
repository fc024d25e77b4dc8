"""Admin for the email channel: mailboxes to poll, and a window on every mail in and out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from omotenashi.channels.models import (
    InboundEmail,
    InboundStatus,
    MailAccount,
    OutboundEmail,
    OutboundStatus,
)
from omotenashi.channels.services.imap import mail_account_poll
from omotenashi.channels.services.inbound import inbound_process
from omotenashi.channels.services.outbound import outbound_resend

RAW_PREVIEW_BYTES = 20_000


class MailAccountForm(forms.ModelForm):
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the current password.",
    )

    class Meta:
        model = MailAccount
        fields = [
            "name",
            "address",
            "host",
            "port",
            "security",
            "username",
            "password",
            "folder",
            "processed_folder",
            "queue",
            "is_enabled",
        ]

    def clean_password(self) -> str:
        # The stored secret is never sent back to the browser; empty means "unchanged".
        password = self.cleaned_data.get("password") or ""
        if not password and self.instance.pk:
            return str(self.instance.password)
        return str(password)


@admin.register(MailAccount)
class MailAccountAdmin(admin.ModelAdmin):
    form = MailAccountForm
    list_display = [
        "name",
        "address",
        "host",
        "folder",
        "queue",
        "is_enabled",
        "last_polled_at",
        "short_error",
    ]
    list_filter = ["is_enabled"]
    readonly_fields = ["uid_validity", "last_seen_uid", "last_polled_at", "last_error"]
    actions = ["poll_now"]

    @admin.display(description="Last error")
    def short_error(self, obj: MailAccount) -> str:
        return obj.last_error[:80]

    @admin.action(description="Poll the selected mailboxes now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet[MailAccount]) -> None:
        for account in queryset:
            result = mail_account_poll(account=account)
            self.message_user(
                request, str(result), messages.ERROR if result.error else messages.SUCCESS
            )


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "received_at",
        "source",
        "from_address",
        "subject",
        "status",
        "ticket_link",
        "attempts",
    ]
    list_filter = ["status", "source", "account"]
    search_fields = ["email_message_id", "from_address", "subject"]
    date_hierarchy = "received_at"
    list_select_related = ["ticket"]
    actions = ["process_again"]
    readonly_fields = [f.name for f in InboundEmail._meta.fields] + ["raw_preview"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Ticket")
    def ticket_link(self, obj: InboundEmail) -> str:
        return f"#{obj.ticket_id}" if obj.ticket_id else ""

    @admin.display(description="Raw message (start)")
    def raw_preview(self, obj: InboundEmail) -> str:
        if not obj.raw:
            return "(not stored)"
        with obj.raw.open("rb") as handle:
            data = handle.read(RAW_PREVIEW_BYTES)
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>", data.decode("utf-8", errors="replace")
        )

    @admin.action(description="Process the selected failed or unprocessed messages again")
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        done = 0
        for row in queryset.filter(status__in=[InboundStatus.FAILED, InboundStatus.RECEIVED]):
            done += inbound_process(inbound_id=row.pk).status != InboundStatus.FAILED
        self.message_user(request, f"{done} message(s) processed.")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "kind",
        "ticket_id",
        "recipient",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["email_message_id", "recipient", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Queue the selected failed emails again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        rows = list(queryset.filter(status=OutboundStatus.FAILED))
        for row in rows:
            outbound_resend(outbound=row)
        self.message_user(request, f"{len(rows)} email(s) queued again.")
