"""Loads the demo desk: a believable multilingual service desk with six months of history.

Everything goes through the real services (agents, teams, guests, tickets, replies, notes,
status changes, assignments, tags), replayed in story time (see demo.scripts), so events,
SLA due times and breaches are what the product itself computed. Rows that have no service
(queues, calendars, SLA policies, macros, skills, working hours, availability windows,
entitlements) are created directly, as an admin would in the admin site.

Idempotent and safe to run on every start: it loads only into an empty desk, does nothing
(but report the logins) once the demo is there, and refuses to touch a desk with data of
its own. It is one transaction, so an interrupted load leaves nothing behind.

No mail goes out for the story: the email channel's hooks are paused while it is replayed
(acknowledgements and replies are never queued), and `settle_history_mail` is the safety net.
"""

from __future__ import annotations

import logging
import time as monotonic
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from omotenashi.accounts.models import Agent, Skill, Team, User, WorkingHours
from omotenashi.accounts.services import agent_create, team_create
from omotenashi.customers.models import AvailabilityWindow, Entitlement, Guest, Organisation
from omotenashi.customers.services import guest_add_email, guest_create, guest_update
from omotenashi.demo import desk, people
from omotenashi.demo import knowledge as demo_knowledge
from omotenashi.demo import routing as demo_routing
from omotenashi.demo import vectors as demo_vectors
from omotenashi.demo.generic import Cast, plan_everyday, plan_fresh
from omotenashi.demo.scripts import ReplayClock, Timeline, hooks_muted, replay, replay_clock
from omotenashi.demo.stories import all_stories
from omotenashi.demo.texts import packs
from omotenashi.knowledge import services as knowledge_services
from omotenashi.knowledge import tasks as knowledge_tasks
from omotenashi.knowledge.index import passage_encoder
from omotenashi.knowledge.models import Article, Category, DocumentKind, RetrievalDocument
from omotenashi.knowledge.services import (
    embed_documents,
    knowledge_reindex,
    vectors_deferred,
    vectors_enabled,
)
from omotenashi.tickets import sla
from omotenashi.tickets.models import (
    BusinessCalendar,
    BusinessHours,
    Holiday,
    Macro,
    MacroTranslation,
    Queue,
    SlaPolicy,
    Ticket,
)

logger = logging.getLogger(__name__)

# Fixed, so the demo tells the same story every time it is loaded.
SEED = 20171123
# Printed on every start: the demo is for trying the desk out, never for real data.
DEMO_PASSWORD = "omotenashi"  # noqa: S105
TICKETS = 300
HISTORY_WEEKS = 26
INTERFACE_LANGUAGES = ("en", "nl", "fr", "sv", "de", "ja")
LEVEL_ORDER = ("native", "fluent", "working", "basic")


@dataclass(frozen=True)
class Login:
    username: str
    display_name: str
    role: str
    languages: str
    teams: str


@dataclass
class LoadResult:
    """What `load_demo` did. `loaded` is False when the demo was already there or the desk
    holds data of its own (`reason` says which)."""

    loaded: bool
    reason: str
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    tickets: int = 0
    guests: int = 0
    seconds: float = 0.0
    articles: int = 0
    vectors: int = 0
    vector_seconds: float = 0.0
    vectors_pending: int = 0


def demo_state() -> str:
    """ "loaded" (the demo is there), "empty" (a fresh desk) or "occupied" (someone's own data)."""
    if Team.objects.filter(slug=desk.MARKER_TEAM_SLUG).exists():
        return "loaded"
    usernames = [spec.username for spec in people.AGENTS]
    if (
        Queue.objects.exists()
        or Ticket.objects.exists()
        or Agent.objects.exists()
        or Guest.objects.exists()
        or User.objects.filter(username__in=usernames).exists()
    ):
        return "occupied"
    return "empty"


def demo_logins() -> list[Login]:
    """The demo's sign-ins, admin first, as they are in the database now."""
    logins = []
    for spec in sorted(
        people.AGENTS, key=lambda s: (s.role != "admin", s.role != "lead", s.username)
    ):
        agent = (
            Agent.objects.filter(user__username=spec.username)
            .prefetch_related("languages", "teams")
            .first()
        )
        if agent is None:
            continue
        ranked = sorted(
            agent.languages.all(), key=lambda r: (LEVEL_ORDER.index(r.level), r.language)
        )
        languages = " ".join(row.language for row in ranked)
        teams = ", ".join(team.name for team in agent.teams.all())
        logins.append(Login(spec.username, agent.display_name, agent.role, languages, teams))
    return logins


def load_demo(*, now: datetime | None = None, encode_tickets: bool = False) -> LoadResult:
    """Load the demo into an empty desk; see the module docstring for when it does nothing.

    `encode_tickets`: also encode the solved tickets' documents now (~1 minute) instead of
    leaving them to the server (`vectors_pending`).
    """
    state = demo_state()
    if state == "loaded":
        return LoadResult(False, "already loaded", demo_logins())
    if state == "occupied":
        return LoadResult(
            False, "the desk already holds data of its own; the demo only loads into an empty desk"
        )
    started = monotonic.monotonic()
    now = now or timezone.now()
    with transaction.atomic(), vectors_deferred():
        loader = _Loader(now=now)
        loader.load()
        articles = load_knowledge(today=loader.today)
        # The solved tickets of the story, as "similar solved tickets" for agent assist.
        knowledge_reindex()
    # Vectors after the commit: the encoder is slow and must not hold the database's write
    # lock; the desk is already usable meanwhile (words-only search). The articles' vectors
    # ship with the package (demo/vectors.py); the solved tickets' are encoded by the
    # server once it runs, or here with `encode_tickets` (~1 minute).
    embedding = monotonic.monotonic()
    vectors = 0
    pending: list[str] = []
    if vectors_enabled():
        vectors = embed_documents(
            keys=list(
                RetrievalDocument.objects.filter(kind=DocumentKind.ARTICLE).values_list(
                    "key", flat=True
                )
            ),
            known=demo_vectors.known_vectors(passage_encoder().name),
        )
        if encode_tickets:
            vectors += embed_documents(batch=64)
        pending = list(
            RetrievalDocument.objects.filter(vector_hash="").values_list("key", flat=True)
        )
    if pending and settings.CELERY_BROKER_URL:
        # Scale-out setup: a worker encodes them. The embedded server does it at start.
        transaction.on_commit(lambda: knowledge_tasks.embed_documents.delay(pending))
    finished = monotonic.monotonic()
    return LoadResult(
        True,
        "loaded",
        demo_logins(),
        tickets=loader.ticket_count,
        guests=len(loader.cast.guests),
        seconds=finished - started,
        articles=articles,
        vectors=vectors,
        vector_seconds=finished - embedding,
        vectors_pending=len(pending),
    )


def load_knowledge(*, today: date) -> int:
    """The demo's help-centre topics and articles (demo/knowledge.py), written and
    translated by the demo's agents and published by the lead. Returns the article count."""
    by_username = {a.user.username: a for a in Agent.objects.select_related("user")}
    lead = by_username["sanne"]
    topics = {
        slug: Category.objects.create(
            slug=slug, icon=icon, position=position, names=names, descriptions=descriptions
        )
        for slug, icon, position, names, descriptions in demo_knowledge.TOPICS
    }
    articles: dict[str, Article] = {}
    for spec in demo_knowledge.ARTICLES:
        author = by_username[spec.author]
        (first, (title, summary, body)), *others = spec.texts.items()
        article = knowledge_services.article_create(
            by=author,
            language=first,
            title=title,
            summary=summary,
            body_markdown=body,
            kind=spec.kind,
            audience=spec.audience,
            category=topics[spec.topic] if spec.topic else None,
            review_by=today + timedelta(days=spec.review_in_days),
            slug=spec.slug,
        )
        for language, (title, summary, body) in others:
            knowledge_services.translation_save(
                article=article,
                language=language,
                title=title,
                summary=summary,
                body_markdown=body,
                by=author,
                note="Translated",
            )
        for translation in article.translations.all():
            if translation.language not in spec.drafts:
                knowledge_services.translation_set_status(
                    translation=translation, status="published", by=lead
                )
        articles[spec.slug] = article
    for slug, question, language in demo_knowledge.DEFLECTIONS:
        knowledge_services.feedback_record(
            article=articles[slug],
            helpful=True,
            source="new_request",
            question=question,
            question_language=language,
            language="en",
        )
    return len(articles)


class _Loader:
    def __init__(self, *, now: datetime) -> None:
        self.now = now
        self.rng = Random(SEED)
        self.zone = ZoneInfo(desk.CALENDAR_TIME_ZONE)
        self.today = now.astimezone(self.zone).date()
        self.ticket_count = 0

    def load(self) -> None:
        # The history starts on a Monday, so the weekly rhythm is the same on every load.
        monday = self.today - timedelta(days=self.today.weekday() + 7 * HISTORY_WEEKS)
        start = datetime.combine(monday, datetime.min.time(), tzinfo=self.zone)
        clock = ReplayClock(start - timedelta(days=21))
        with replay_clock(clock), hooks_muted(*_mail_hooks(), *_understanding_hooks()):
            self._set_up_desk()
            self.cast = self._people()
            self.categories = demo_routing.create_categories(queues=self.queues)
            timeline = Timeline(now=self.now, calendar=self.calendar_spec, rng=self.rng)
            scripts = all_stories(self.cast, timeline, self.rng)
            scripts += plan_fresh(cast=self.cast, timeline=timeline, rng=self.rng)
            scripts += demo_routing.arrivals(cast=self.cast, timeline=timeline)
            scripts += plan_everyday(
                cast=self.cast,
                timeline=timeline,
                rng=self.rng,
                start=start + timedelta(hours=8),
                count=TICKETS - len(scripts),
            )
            replay(scripts, clock=clock, until=self.now - timedelta(minutes=1))
        self.ticket_count = Ticket.objects.count()
        self.scripts = scripts
        self._finish()

    # --- the desk ----------------------------------------------------------------------------

    def _set_up_desk(self) -> None:
        self.teams = {
            spec.slug: team_create(name=spec.name, description=spec.description)
            for spec in desk.TEAMS
        }
        for spec, team in zip(desk.TEAMS, self.teams.values(), strict=True):
            assert team.slug == spec.slug, "team slugs come from their names"
        calendar = BusinessCalendar.objects.create(
            name=desk.CALENDAR_NAME,
            time_zone=desk.CALENDAR_TIME_ZONE,
            holiday_country=desk.CALENDAR_COUNTRY,
        )
        BusinessHours.objects.bulk_create(
            BusinessHours(calendar=calendar, weekday=d, start=s, end=e)
            for d, s, e in desk.CALENDAR_HOURS
        )
        Holiday.objects.bulk_create(
            Holiday(calendar=calendar, date=date(year, month, day), name=name)
            for year in range(self.today.year - 1, self.today.year + 2)
            for month, day, name in desk.COMPANY_CLOSED_DAYS
        )
        business_hours = sla.calendar_spec(calendar)
        assert business_hours is not None
        self.calendar_spec = business_hours
        self.queues = {
            q.slug: Queue.objects.create(
                name=q.name,
                slug=q.slug,
                team=self.teams[q.team],
                description=q.description,
                calendar=calendar,
                is_default=q.is_default,
                accepts_routing=q.accepts_routing,
                auto_assign=q.auto_assign,
            )
            for q in desk.QUEUES
        }
        for policy in desk.SLA_POLICIES:
            SlaPolicy.objects.create(
                name=policy.name,
                priority=policy.priority,
                calendar=calendar,
                queue=self.queues[policy.queue] if policy.queue else None,
                first_response_minutes=policy.first_response_minutes,
                resolution_minutes=policy.resolution_minutes,
            )
        for macro_spec in desk.MACROS:
            macro = Macro.objects.create(
                name=macro_spec.name,
                set_status=macro_spec.set_status,
                add_tags=macro_spec.add_tags,
                queue=self.queues[macro_spec.queue] if macro_spec.queue else None,
            )
            MacroTranslation.objects.bulk_create(
                MacroTranslation(macro=macro, language=lang, body=body)
                for lang, body in macro_spec.translations.items()
            )

    def _people(self) -> Cast:
        skills: dict[str, Skill] = {}
        agents: dict[str, Agent] = {}
        for spec in people.AGENTS:
            agent = agent_create(
                username=spec.username,
                display_name=spec.display_name,
                email=spec.email,
                role=spec.role,
                teams=[self.teams[slug] for slug in spec.teams],
                languages=spec.languages,
                time_zone=spec.time_zone,
            )
            for name in spec.skills:
                if name not in skills:
                    skills[name] = Skill.objects.create(
                        name=name.replace("-", " ").capitalize(), slug=slugify(name)
                    )
            agent.skills.set([skills[name] for name in spec.skills])
            WorkingHours.objects.bulk_create(
                WorkingHours(agent=agent, weekday=d, start=s, end=e) for d, s, e in spec.hours
            )
            agent.signature = spec.signature
            agent.save(update_fields=["signature"])
            native = next(
                (code for code, level in spec.languages.items() if level == "native"), "en"
            )
            # Each agent's workspace speaks their own language (try kenji: Japanese); the admin,
            # whom someone trying the demo signs in as first, follows the browser instead.
            language = native if native in INTERFACE_LANGUAGES else "en"
            User.objects.filter(pk=agent.user_id).update(
                language="" if spec.role == "admin" else language, time_zone=spec.time_zone
            )
            agents[spec.username] = agent
        # One hash for all: hashing is deliberately slow, and every demo agent shares the password.
        User.objects.filter(agent__in=agents.values()).update(password=make_password(DEMO_PASSWORD))

        organisations = {
            spec.key: Organisation.objects.create(
                name=spec.name, domain=spec.domain, notes=spec.notes
            )
            for spec in people.ORGANISATIONS
        }
        guests: dict[str, Guest] = {}
        warranty: dict[str, date] = {}
        laptop: dict[str, tuple[str, str]] = {}
        for guest_spec in people.GUESTS:
            guest = guest_create(
                name=guest_spec.name,
                email=guest_spec.emails[0],
                preferred_name=guest_spec.preferred_name,
                language=guest_spec.language,
                time_zone=guest_spec.time_zone,
                organisation=organisations[guest_spec.org] if guest_spec.org else None,
            )
            for address in guest_spec.emails[1:]:
                guest_add_email(guest=guest, email=address)
            if guest_spec.interests or guest_spec.notes:
                guest_update(guest=guest, interests=guest_spec.interests, notes=guest_spec.notes)
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(
                    guest=guest, weekday=day, start=w.start, end=w.end, kind=w.kind, label=w.label
                )
                for w in guest_spec.availability
                for day in w.days
            )
            for ent in guest_spec.entitlements:
                end = (
                    self.today + timedelta(days=ent.warranty_days)
                    if ent.warranty_days is not None
                    else None
                )
                Entitlement.objects.create(
                    guest=guest,
                    product=ent.product,
                    plan=ent.plan,
                    serial=ent.serial,
                    warranty_end=end,
                    notes=ent.notes,
                )
                if ent.product.endswith(" laptop"):
                    laptop[guest_spec.key] = (ent.product.removesuffix(" laptop"), ent.serial)
                    if end is not None:
                        warranty[guest_spec.key] = end
            guests[guest_spec.key] = guest
        return Cast(
            agents=agents,
            guests=guests,
            guest_specs={s.key: s for s in people.GUESTS},
            queues=self.queues,
            packs=packs(),
            calendar=self.calendar_spec,
            warranty=warranty,
            laptop=laptop,
        )

    # --- after the replay --------------------------------------------------------------------

    def _finish(self) -> None:
        from omotenashi.tickets.tasks import refresh_sla_flags_now

        # The SLA flags as the periodic refresh would leave them now (an open ticket past its
        # due time is breached even though no step touched it since).
        refresh_sla_flags_now(now=self.now)
        # The first triage models, trained on this history, and the open tickets read (the
        # arrivals at the front desk routed) as the live desk would.
        demo_routing.after_replay(scripts=self.scripts, categories=self.categories, now=self.now)
        settle_history_mail()


def settle_history_mail() -> int:
    """A safety net: no mail of the story may ever be sent.

    The email channel's hooks are paused during the replay, so normally there is nothing
    to do. Should another hook have queued mail for the history anyway, each row already
    has a send task waiting for the commit; deleting the row would make that task fail, so
    the row is recorded as sent at the moment the story wrote it instead, and the sender
    and its periodic retry pass over it. Precondition: the desk was empty before the load,
    so every row in the outbox belongs to the demo.
    """
    try:
        from omotenashi.channels.models import OutboundEmail, OutboundStatus
    except ImportError:  # a deployment without the email channel
        return 0
    from django.db.models import F

    settled = OutboundEmail.objects.filter(status=OutboundStatus.PENDING).update(
        status=OutboundStatus.SENT, sent_at=F("created_at"), locked_until=None
    )
    if settled:
        logger.warning(
            "demo: %d mails were queued for the demo's history; marked as sent, not sent",
            settled,
        )
    return settled


def _understanding_hooks() -> list[Callable[..., None]]:
    """The hook that reads every guest message: the history is not re-triaged message by
    message (demo.routing reads the open tickets once the models are trained)."""
    from omotenashi.tickets.routing.hooks import on_guest_message

    return [on_guest_message]


def _mail_hooks() -> list[Callable[..., None]]:
    """The email channel's ticket hooks (acknowledgements, replies by mail), if it is installed."""
    try:
        from omotenashi.channels.services import outbound
    except ImportError:
        return []
    return [outbound.on_ticket_created, outbound.on_message_added]
