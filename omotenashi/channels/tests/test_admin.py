"""The admin is where failed mail becomes visible and gets retried: admins only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omotenashi.channels.models import InboundEmail, InboundStatus, MailAccount, Security
from omotenashi.channels.services.inbound import inbound_store
from omotenashi.channels.tests.helpers import ingest
from omotenashi.testing.fixtures import login

pytestmark = pytest.mark.django_db


def test_admin_sees_failed_mail_with_its_reason_and_raw_text(
    client, admin_agent, it_queue, django_capture_on_commit_callbacks, eml
):
    row = ingest(django_capture_on_commit_callbacks, eml("truncated_garbage"))
    login(client, admin_agent)
    listing = client.get(
        reverse("admin:channels_inboundemail_changelist"), {"status__exact": "failed"}
    )
    assert listing.status_code == 200
    assert f"/admin/channels/inboundemail/{row.pk}/" in listing.content.decode()
    assert '<td class="field-status">Failed</td>' in listing.content.decode()
    detail = client.get(reverse("admin:channels_inboundemail_change", args=[row.pk]))
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "no usable sender address" in page and "never-closed" in page  # reason and raw message


def test_admin_can_process_a_message_again(
    client, admin_agent, it_queue, django_capture_on_commit_callbacks, eml
):
    with django_capture_on_commit_callbacks(execute=False):  # its task never ran
        row = inbound_store(raw=eml("html_only"), source="pipe")
    login(client, admin_agent)
    response = client.post(
        reverse("admin:channels_inboundemail_changelist"),
        {"action": "process_again", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == InboundStatus.PROCESSED and row.ticket is not None


def test_agents_who_are_not_admins_cannot_see_mail_or_mailboxes(
    client, alice, it_queue, django_capture_on_commit_callbacks, eml
):
    row = ingest(django_capture_on_commit_callbacks, eml("html_only"))
    login(client, alice)
    for url in (
        reverse("admin:channels_inboundemail_changelist"),
        reverse("admin:channels_inboundemail_change", args=[row.pk]),
        reverse("admin:channels_mailaccount_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        reverse("admin:channels_inboundemail_changelist"),
        {"action": "process_again", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert InboundEmail.objects.get().attempts == 1


def test_mailbox_password_is_never_shown_and_kept_when_left_empty(client, admin_agent, it_queue):
    account = MailAccount.objects.create(
        name="support",
        host="imap.example.com",
        port=993,
        security=Security.SSL,
        username="desk",
        password="s3cret-imap",
        queue=it_queue,
    )
    login(client, admin_agent)
    url = reverse("admin:channels_mailaccount_change", args=[account.pk])
    page = client.get(url).content.decode()
    assert "s3cret-imap" not in page
    response = client.post(
        url,
        {
            "name": "support",
            "address": "",
            "host": "imap.example.com",
            "port": 993,
            "security": "ssl",
            "username": "desk",
            "password": "",
            "folder": "INBOX",
            "processed_folder": "",
            "queue": it_queue.pk,
            "is_enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account.refresh_from_db()
    assert account.password == "s3cret-imap"
