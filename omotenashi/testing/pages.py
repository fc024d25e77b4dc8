"""The main pages of the desk, with enough data on them to show every part, for the HTML
validity checks (tests/test_html_validity.py) and the accessibility checks in the browser
(tests/browser/test_accessibility.py).

`build_scene(alice=..., carol=..., it_queue=...)` fills a small desk: a ticket with the guest's
message, a reply, an internal note and an attachment; a guest with availability, interests and
entitlements; a macro; a second ticket in carol's history. `main_pages(scene)` then names
each page with its path and who looks at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.urls import reverse

from omotenashi.accounts.models import Agent, Role
from omotenashi.channels.tracking import tracking_url
from omotenashi.customers.models import Guest
from omotenashi.knowledge.models import Article, Category
from omotenashi.knowledge.services import article_create
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets.models import Macro, MacroTranslation, Priority, Queue, Ticket
from omotenashi.tickets.services import (
    IncomingFile,
    ticket_change_status,
    ticket_note,
    ticket_reply,
)

Viewer = Literal["agent", "guest", "anyone"]


@dataclass(frozen=True)
class Scene:
    agent: Agent
    guest: Guest
    queue: Queue
    ticket: Ticket
    other: Ticket
    article: Article


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str
    viewer: Viewer
    status: int = 200


def build_scene(*, alice: Agent, carol: Guest, it_queue: Queue) -> Scene:
    # A lead sees every page an agent sees plus the leads' pages, so all are covered.
    alice.role = Role.LEAD
    alice.save(update_fields=["role"])
    carol.availability.create(weekday=0, start="08:00", end="12:00", kind="available")
    carol.entitlements.create(
        product="Jabra Evolve2 65", plan="Business", warranty_end="2027-03-01"
    )
    carol.interests = "Trail running; prefers a call after 14:00."
    carol.save(update_fields=["interests"])
    macro = Macro.objects.create(name="Headset reset")
    MacroTranslation.objects.create(
        macro=macro, language="en", body="Hello {guest.preferred_name}, try this."
    )
    other = make_ticket(
        requester=carol, queue=it_queue, subject="VPN drops every hour", tags=["vpn"]
    )
    ticket_change_status(ticket=other, status="solved", by=alice)
    ticket = make_ticket(
        requester=carol,
        queue=it_queue,
        subject="Headset crackles during calls",
        body="Hej! My headset crackles during every call since Monday.\n\nWhat can I do?",
        priority=Priority.HIGH,
        tags=["headset", "hardware"],
    )
    ticket_reply(
        ticket=ticket,
        agent=alice,
        body_text="Hello Carol, could you try another USB port?",
        attachments=[IncomingFile("steps.txt", "text/plain", b"1. Unplug\n2. Plug in\n")],
    )
    ticket_note(
        ticket=ticket,
        agent=alice,
        body_text="Second crackling headset this week: watch for a wave.",
    )
    ticket.refresh_from_db()
    topic = Category.objects.create(slug="audio", names={"en": "Headsets & audio"}, position=1)
    article = article_create(
        by=alice,
        language="en",
        title="A headset crackles during calls",
        summary="Usually the USB port or the headset's firmware.",
        body_markdown=(
            "1. Try **another USB port**.\n2. Update the firmware.\n\n"
            "> Still crackling? Write to us."
        ),
        category=topic,
        publish=True,
        slug="headset-crackles",
    )
    return Scene(
        agent=alice, guest=carol, queue=it_queue, ticket=ticket, other=other, article=article
    )


def main_pages(scene: Scene) -> list[MainPage]:
    """Every main page: the workspace, the portal, the tracking pages, sign-in and 404."""
    track = tracking_url(ticket_id=scene.ticket.pk, guest_id=scene.guest.pk, absolute=False)
    token = track.rstrip("/").rsplit("/", 1)[1]
    tampered = track.replace(token, token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"))
    return [
        MainPage("login", reverse("accounts:login"), "anyone"),
        MainPage("inbox-mine", reverse("tickets:inbox"), "agent"),
        MainPage("inbox-unassigned", reverse("tickets:inbox_view", args=["unassigned"]), "agent"),
        MainPage("inbox-at-risk", reverse("tickets:inbox_view", args=["at-risk"]), "agent"),
        MainPage("inbox-all", reverse("tickets:inbox_view", args=["all"]) + "?status=any", "agent"),
        MainPage("inbox-queue", reverse("tickets:queue", args=[scene.queue.slug]), "agent"),
        MainPage("ticket", reverse("tickets:detail", args=[scene.ticket.pk]), "agent"),
        MainPage("triage", reverse("tickets:triage"), "agent"),
        MainPage("leads-routing", reverse("tickets:routing_report"), "agent"),
        MainPage("search", reverse("search:page") + "?q=headset", "agent"),
        MainPage("knowledge-list", reverse("knowledge:manage"), "agent"),
        MainPage(
            "knowledge-article",
            reverse("knowledge:manage_article", args=[scene.article.pk]),
            "agent",
        ),
        MainPage(
            "knowledge-edit",
            reverse("knowledge:edit_translation", args=[scene.article.pk, "en"]),
            "agent",
        ),
        MainPage("knowledge-new", reverse("knowledge:manage_new"), "agent"),
        MainPage("knowledge-questions", reverse("knowledge:questions"), "agent"),
        MainPage("help-centre", reverse("knowledge:help"), "anyone"),
        MainPage("help-topic", reverse("knowledge:topic", args=["audio"]), "anyone"),
        MainPage("help-article", reverse("knowledge:article", args=[scene.article.slug]), "anyone"),
        MainPage("help-search", reverse("knowledge:search") + "?q=headset", "anyone"),
        MainPage("portal-home", reverse("channels:portal_home"), "anyone"),
        MainPage("portal-new-request", reverse("channels:portal_new"), "anyone"),
        MainPage("portal-my-requests", reverse("channels:portal_home"), "guest"),
        MainPage("portal-new-request-signed-in", reverse("channels:portal_new"), "guest"),
        MainPage(
            "portal-conversation",
            reverse("channels:portal_request", args=[scene.ticket.pk]),
            "guest",
        ),
        MainPage("tracking", track, "anyone"),
        MainPage("tracking-just-created", track + "?new=1", "anyone"),
        MainPage("tracking-invalid", tampered, "anyone", status=404),
        MainPage("not-found", "/no-such-page/", "anyone", status=404),
    ]
