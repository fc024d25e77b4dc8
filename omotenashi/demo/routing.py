# Prose in German uses its own punctuation on purpose: en dashes, low-high quotes.
# ruff: noqa: RUF001

"""The demo desk's triage: categories, the history's categories, the first models, and a few
requests that have just arrived at the front desk for the engine to route.

After the story is replayed (the understanding hook muted: history is not re-triaged),
`after_replay` gives every story ticket its category as the agents set it, trains the
queue, category and priority models on that history (as `omotenashi retrain_triage` would),
and then reads every open ticket's guest messages as the live desk does: the arrivals at
the front desk are routed (or left in the triage view when the engine is unsure), and
every open ticket gets its frustration and urgency scored for the inbox.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils.text import slugify

from omotenashi.accounts.models import Skill
from omotenashi.demo import desk
from omotenashi.demo.generic import Cast
from omotenashi.demo.scripts import ReplayClock, TicketScript, Timeline, replay_clock
from omotenashi.tickets.models import (
    OPEN_STATUSES,
    Category,
    Message,
    MessageKind,
    Queue,
    RoutingState,
    Ticket,
)

logger = logging.getLogger(__name__)

# Hand-written stories (demo.stories) by label prefix, and the category their agent set.
STORY_CATEGORIES = {
    "wave/": "headset",
    "story/lunch": "headset",
    "story/sim": "sim_card",
    "story/rail": "rail_pass",
    "story/swap": "booking_change",
    "story/japanese": "damaged",
}


def create_categories(*, queues: dict[str, Queue]) -> dict[str, Category]:
    """The desk's categories, each with the skill an agent needs for it."""
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    return {
        spec.slug: Category.objects.create(
            name=spec.name,
            slug=slugify(spec.slug),
            description=spec.description,
            queue=queues[spec.queue],
            skill=skills.get(spec.skill),
        )
        for spec in desk.CATEGORIES
    }


def arrivals(*, cast: Cast, timeline: Timeline) -> list[TicketScript]:
    """Requests that reached the front desk minutes ago, nobody has read them yet. They use
    no randomness, so the rest of the story is the same with or without them."""
    front = cast.queues["front-desk"]
    now = timeline.now.replace(second=0, microsecond=0)
    katrin, nakamura, maja, james = (
        cast.guests[k] for k in ("katrin", "nakamura", "maja", "james")
    )
    return [
        TicketScript(
            requester=katrin,
            at=now - timedelta(minutes=38),
            subject="VPN verbindet nicht mehr – Zertifikat ungültig",
            body="Hallo,\n\nseit heute Morgen baut mein Laptop im Homeoffice keine VPN-Verbindung "
            "mehr auf, es erscheint nur die Meldung „Zertifikat ungültig“. Einen Neustart habe ich "
            "schon versucht. Ich muss heute bis 15 Uhr eine Präsentation vom Teamlaufwerk holen – "
            "können Sie bitte schnell helfen?\n\nViele Grüße\nKatrin Hoffmann",
            channel="portal",
            queue=front,
            priority="normal",
            language="de",
            label="arrival/vpn",
        ),
        TicketScript(
            requester=nakamura,
            at=now - timedelta(minutes=24),
            subject="届いた急須が割れていました",
            body="お世話になっております。\n\n昨日届いた急須が、箱を開けたら注ぎ口のところで割れて"
            "いました。贈り物にする予定だったので、とても残念です。交換をお願いできますでしょうか。"
            "写真が必要でしたらお送りします。\n\nよろしくお願いいたします。\n中村 翔太",
            channel="email",
            queue=front,
            priority="normal",
            language="ja",
            label="arrival/damaged",
        ),
        TicketScript(
            requester=maja,
            at=now - timedelta(minutes=15),
            subject="Fråga",
            body="Hej,\n\nkan någon ringa mig?\n\nMaja",
            channel="email",
            queue=front,
            priority="normal",
            language="sv",
            label="arrival/vague",
        ),
        TicketScript(
            requester=james,
            at=now - timedelta(minutes=7),
            subject="Refund STILL not received",
            body="Hello,\n\nThis is the third time I am writing about the refund for my cancelled "
            "order. Three weeks ago you promised the money back within five days and I still have "
            "nothing. Nobody has answered my last two emails. This is unacceptable. If I don't "
            "hear from you today I will ask my bank for a chargeback.\n\nJames Whitfield",
            channel="email",
            queue=front,
            priority="normal",
            language="en",
            label="arrival/refund",
        ),
    ]


def _category_of(label: str) -> str | None:
    for prefix, slug in STORY_CATEGORIES.items():
        if label.startswith(prefix):
            return slug
    if label.startswith("arrival/"):
        return None  # the engine decides
    topic = label.split("/", 1)[0]
    return topic if any(spec.slug == topic for spec in desk.CATEGORIES) else None


def after_replay(
    *, scripts: Sequence[TicketScript], categories: dict[str, Category], now: datetime
) -> None:
    """See the module docstring. Precondition: the story was replayed with the understanding
    hook muted."""
    from omotenashi.tickets.routing.learning import triage_retrain
    from omotenashi.tickets.routing.understanding import message_understand

    started = time.monotonic()
    by_category: dict[str, list[int]] = defaultdict(list)
    for script in scripts:
        slug = _category_of(script.label)
        if slug is not None and script.ticket is not None:
            by_category[slug].append(script.ticket.pk)
    for slug, ids in by_category.items():
        Ticket.objects.filter(pk__in=ids).update(category=categories[slug])
    # The history was routed by the people in the story, before triage existed; only what is
    # still waiting at the front desk is left for the engine.
    Ticket.objects.exclude(queue__slug="front-desk", status__in=OPEN_STATUSES).update(
        routing_state=RoutingState.LEGACY
    )
    with replay_clock(ReplayClock(now)):
        for field in ("queue", "category", "priority"):
            report = triage_retrain(field=field, force=True, trigger="demo", now=now)
            logger.info("demo triage %s: %s", field, report.message)
        trained = time.monotonic()
        messages = Message.objects.filter(kind=MessageKind.GUEST, ticket__status__in=OPEN_STATUSES)
        for message_id in messages.order_by("id").values_list("pk", flat=True):
            message_understand(message_id=message_id, now=now)
    logger.info(
        "demo triage: models trained in %.1f s, open tickets read in %.1f s",
        trained - started,
        time.monotonic() - trained,
    )
