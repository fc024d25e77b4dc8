"""The everyday tickets of six months: many kinds of request, six languages, every stage of the
lifecycle. Each ticket is assembled from the language packs (greeting, the request in the
guest's words, the agent's answer, the way it ends) with its own slot values, so no two
read alike, and is given one of a handful of realistic courses (solved at once, a question
first, waiting for a part, reopened, answered late...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.demo.desk import SLA_POLICIES
from omotenashi.demo.people import AGENTS, GuestSpec
from omotenashi.demo.scripts import TicketScript, Timeline
from omotenashi.demo.texts import LanguagePack, TopicText
from omotenashi.lib.businesstime import Calendar, is_open_at
from omotenashi.tickets.models import Queue

LANGUAGE_NAMES = {
    "en": "English",
    "nl": "Dutch",
    "fr": "French",
    "sv": "Swedish",
    "de": "German",
    "ja": "Japanese",
}
LEVEL_WEIGHT = {"native": 3.0, "fluent": 2.0, "working": 1.0}
AUTO_CLOSE_AFTER = timedelta(days=5)
CITIES = ("Tokyo", "Osaka", "Kyoto", "Sapporo", "Hiroshima", "Kanazawa", "Nagano", "Fukuoka")
AIRPORT_CITIES = ("Tokyo", "Osaka", "Sapporo", "Fukuoka")  # where a traveller lands
FOLDERS = (
    "Finance/Reporting",
    "Marketing/Campaigns",
    "Projects/Osaka-Expo",
    "HR/Onboarding",
    "Sales/Nordics",
    "Logistics/Venlo",
)
PRINTERS = ("PR-2-NORTH", "PR-3-EAST", "PR-4-EAST", "PR-5-WEST")
AMOUNTS = (48.5, 84.5, 126.0, 212.4, 389.0, 640.0, 1180.0)
BOOKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NORMAL_PRIORITIES = {"low": 0.12, "normal": 0.68, "high": 0.15, "urgent": 0.05}


@dataclass(frozen=True)
class Topic:
    key: str
    queue: str
    role: str  # who asks: "employee" or "customer"
    weight: float
    tags: tuple[str, ...]
    waits_for: str = ""  # "part" or "office": what the agent waits for when the ticket goes on hold
    priorities: Mapping[str, float] = field(default_factory=lambda: NORMAL_PRIORITIES)
    # An internal note as a colleague would leave it (the desk writes notes in English).
    note: str = ""
    # Something is broken (as opposed to a request): apologies, "does it work now?" and
    # "it's back again" only fit these.
    problem: bool = True


TOPICS: tuple[Topic, ...] = (
    Topic(
        "headset",
        "hardware",
        "employee",
        0.45,
        ("headset",),
        "part",
        note="Audio driver on this laptop was two versions behind; pushed the current one and "
        "reset the headset firmware remotely.",
    ),
    Topic(
        "laptop_slow",
        "hardware",
        "employee",
        1.3,
        ("laptop", "performance"),
        "part",
        note="Disk 97% full from a stuck update cache (38 GB). Cleared it. If the fan stays loud "
        "it's the hardware: warranty runs until {warranty}.",
    ),
    Topic(
        "dock_monitor",
        "hardware",
        "employee",
        1.0,
        ("monitor", "dock"),
        "part",
        note="Grey dock with firmware 1.0.3, the known flicker batch. Swapping it for a new black "
        "one from stock.",
    ),
    Topic(
        "printer",
        "hardware",
        "employee",
        0.9,
        ("printer",),
        note="Tray 2 sensor dusty on {printer}. Cleaned; if it comes back we call the vendor, the "
        "contract covers an on-site visit within one day.",
    ),
    Topic(
        "password",
        "accounts-access",
        "employee",
        1.4,
        ("sign-in",),
        priorities={"normal": 0.45, "high": 0.42, "urgent": 0.13},
        note="Identity checked against the employee number. The lockouts came from the old "
        "password still saved in the phone's mail app.",
    ),
    Topic(
        "folder_access",
        "accounts-access",
        "employee",
        1.1,
        ("access-request",),
        "office",
        note="Approval by the team lead found in the mail thread; added to the editors group of "
        "{folder}.",
        problem=False,
    ),
    Topic(
        "new_laptop",
        "hardware",
        "employee",
        0.5,
        ("new-laptop",),
        note="Migration planned during the guest's lunch, so they are never without a laptop.",
        problem=False,
    ),
    Topic(
        "vpn",
        "network-vpn",
        "employee",
        0.9,
        ("vpn",),
        note="New VPN certificate missing: same as the other laptops from this month's batch. "
        "Worth checking the rest of that batch before their owners notice.",
    ),
    Topic(
        "wifi",
        "network-vpn",
        "employee",
        0.7,
        ("wifi",),
        "part",
        note="Access point on floor {floor} at its client limit around 14:00. Facilities asked to "
        "mount a second one.",
    ),
    Topic(
        "late_delivery",
        "orders",
        "customer",
        1.4,
        ("delivery",),
        "office",
        note="Carrier status 'entrance not found'. Re-delivery booked, upgraded to express at our "
        "cost.",
    ),
    Topic(
        "damaged",
        "orders",
        "customer",
        1.0,
        ("damaged",),
        "office",
        note="Claim filed with the carrier using the guest's description. Replacement shipped from "
        "Venlo.",
    ),
    Topic(
        "booking_change",
        "travel",
        "customer",
        1.2,
        ("booking-change",),
        priorities={"normal": 0.6, "high": 0.32, "urgent": 0.08},
        note="Changed in the booking system, no fare difference. Old tickets voided.",
        problem=False,
    ),
    Topic(
        "sim_card",
        "travel",
        "customer",
        0.5,
        ("sim-card",),
        note="eSIM reserved with the partner; the QR code goes out automatically two days before "
        "departure.",
        problem=False,
    ),
    Topic(
        "rail_pass",
        "travel",
        "customer",
        0.5,
        ("rail-pass",),
        note="Seat reserved. The voucher still has to be exchanged in person at the JR office.",
        problem=False,
    ),
    Topic(
        "refund",
        "billing",
        "customer",
        1.0,
        ("refund",),
        "office",
        note="Refund was blocked because the card had expired; finance released it to the new "
        "card.",
    ),
    Topic(
        "invoice",
        "billing",
        "customer",
        0.9,
        ("invoice",),
        priorities={"low": 0.45, "normal": 0.5, "high": 0.05},
        note="Invoice re-issued to the company name; VAT number taken from the account.",
        problem=False,
    ),
)
TOPIC_BY_KEY = {topic.key: topic for topic in TOPICS}

# (course, weight). Which course a ticket takes; a course cut short by "now" leaves the ticket
# new, open or pending, so recent tickets are naturally still in progress.
# Courses that only fit something repaired: "does it work now?", "it broke again".
FIXABLE_COURSES = ("confirm", "reopen")
COURSES: tuple[tuple[str, float], ...] = (
    ("macro", 7),
    ("silent", 6),
    ("direct", 24),
    ("confirm", 20),
    ("question", 25),
    ("note", 10),
    ("hold", 8),
    ("reopen", 5),
    ("late", 8),
)


@dataclass
class Cast:
    """The people and places of the demo, as database rows, by key."""

    agents: dict[str, Agent]
    guests: dict[str, Guest]
    guest_specs: dict[str, GuestSpec]
    queues: dict[str, Queue]
    packs: dict[str, LanguagePack]
    calendar: Calendar  # the desk's business hours
    warranty: dict[str, date]  # guest key -> laptop warranty end
    laptop: dict[str, tuple[str, str]]  # guest key -> (model, serial)

    def agents_for(self, *, queue: str, language: str) -> list[tuple[Agent, float]]:
        """Agents of the queue's team who can answer in `language`, with a weight for choosing."""
        team_slug = self.queues[queue].team.slug
        found = []
        for spec in AGENTS:
            if spec.role == "admin" or team_slug not in spec.teams:
                continue
            weight = LEVEL_WEIGHT.get(spec.languages.get(language, ""), 0.0)
            if weight:
                # The lead has other work too: she picks up fewer tickets herself.
                found.append(
                    (self.agents[spec.username], weight * (0.5 if spec.role == "lead" else 1.0))
                )
        return found

    def agent_name(self, agent: Agent, language: str) -> str:
        spec = next(spec for spec in AGENTS if spec.username == agent.user.username)
        return spec.local_names.get(language, agent.display_name)


def sla_minutes(*, queue: str, priority: str) -> tuple[int, int]:
    """(first response, resolution) business minutes of the policy that will apply."""
    specific = [p for p in SLA_POLICIES if p.priority == priority and p.queue == queue]
    policy = (
        specific[0]
        if specific
        else next(p for p in SLA_POLICIES if p.priority == priority and p.queue is None)
    )
    return policy.first_response_minutes, policy.resolution_minutes


def weighted(rng: Random, options: Sequence[tuple[object, float]]) -> object:
    items = [item for item, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(items, weights=weights, k=1)[0]


class Writer:
    """Writes the messages of one ticket in the guest's language."""

    def __init__(
        self, *, cast: Cast, guest_key: str, agent: Agent, rng: Random, slots: dict[str, str]
    ) -> None:
        self.cast = cast
        self.spec = cast.guest_specs[guest_key]
        self.guest = cast.guests[guest_key]
        self.pack = cast.packs[self.spec.language]
        self.agent = agent
        self.rng = rng
        self.slots = slots

    def fill(self, template: str) -> str:
        return template.format(**self.slots)

    @property
    def signature_name(self) -> str:
        # Japanese guests sign with their full name; others with the name they go by.
        return self.spec.name if self.spec.language == "ja" else self.spec.preferred_name

    def _greetings(self) -> tuple[str, ...]:
        if self.spec.role == "employee" and self.pack.colleague_greetings:
            return self.pack.colleague_greetings
        return self.pack.guest_greetings

    def guest_opening(self, body: str, *, phone: bool = False) -> str:
        if phone:  # typed by the agent during the call
            return self.fill(body)
        greeting = self.rng.choice(self._greetings())
        signoff = self.rng.choice(self.pack.guest_signoffs).format(name=self.signature_name)
        return f"{greeting}\n\n{self.fill(body)}\n\n{signoff}"

    def guest_followup(self, body: str) -> str:
        text = self.fill(body)
        if self.spec.language == "ja":  # a Japanese mail always opens and closes politely
            signoff = self.rng.choice(self.pack.guest_signoffs).format(name=self.signature_name)
            return f"{self.rng.choice(self._greetings())}\n\n{text}\n\n{signoff}"
        return text if self.rng.random() < 0.5 else f"{text}\n\n{self.signature_name}"

    def agent_reply(self, *sentences: str, check: bool = False) -> str:
        greeting = self.rng.choice(self.pack.agent_greetings).format(name=self.guest.address_name)
        parts = [greeting, self.pack.sentences(*(self.fill(s) for s in sentences))]
        if check:
            parts.append(self.rng.choice(self.pack.agent_checks))
        closing = self.rng.choice(self.pack.agent_closings)
        parts.append(closing.format(agent=self.cast.agent_name(self.agent, self.spec.language)))
        return "\n\n".join(parts)

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)


def make_slots(
    *, cast: Cast, guest_key: str, topic: str, created: datetime, rng: Random
) -> dict[str, str]:
    spec = cast.guest_specs[guest_key]
    pack = cast.packs[spec.language]
    day = created.date()
    model, serial = cast.laptop.get(
        guest_key,
        (
            rng.choice(("Kestrel 14", "Kestrel 16", "Pelican Air 13")),
            f"KS14-{rng.randint(10000, 99999)}",
        ),
    )
    product = {
        "headset": rng.choice(("Aurora H5", "Aurora H3")),
        "headset_wave": "Aurora H5",
    }.get(topic, model)
    warranty = cast.warranty.get(guest_key, day + timedelta(days=400))
    if topic == "late_delivery":
        when = day - timedelta(days=rng.randint(2, 6))
    else:
        when = day + timedelta(days=rng.randint(6, 40))
    org = cast.guests[guest_key].organisation
    cities = {
        "sim_card": AIRPORT_CITIES,
        "booking_change": CITIES[1:],  # the trip starts in Tokyo
    }.get(topic, CITIES)
    return {
        "product": product,
        "serial": serial,
        "pin": f"{rng.randint(1000, 9999)}",
        "order": f"HN-{rng.randint(20000, 89999)}",
        "booking": "".join(rng.choice(BOOKING_ALPHABET) for _ in range(6)),
        "date": pack.date(when),
        "city": pack.city(rng.choice(cities)),
        "folder": rng.choice(FOLDERS),
        "printer": rng.choice(PRINTERS),
        "floor": str(rng.randint(2, 6)),
        "amount": pack.money(rng.choice(AMOUNTS)),
        "warranty": pack.long_date(warranty),
        "weekday": pack.weekday(day + timedelta(days=2)),
        "org": org.name if org else spec.name,
    }


@dataclass
class Plan:
    """What one generic ticket will be: who, what, when, how it goes."""

    guest_key: str
    topic: str
    created: datetime
    course: str
    channel: str
    priority: str
    via_front_desk: bool
    agent: Agent
    tag_it: bool
    preassign: bool
    # For what is on the desk right now: when the agent asked, when the guest answered.
    first_at: datetime | None = None
    answer_at: datetime | None = None


def topics_for(cast: Cast, guest_key: str, created: datetime) -> list[tuple[str, float]]:
    spec = cast.guest_specs[guest_key]
    pack = cast.packs[spec.language]
    options = []
    for topic in TOPICS:
        if topic.role != spec.role or topic.key not in pack.topics:
            continue
        # The answer promises warranty: only offer this request while the laptop still had it.
        if (
            topic.key == "laptop_slow"
            and cast.warranty.get(guest_key, created.date()) < created.date()
        ):
            continue
        options.append((topic.key, topic.weight))
    return options


def choose_agent(
    cast: Cast, rng: Random, *, queue: str, language: str, prefer: Agent | None = None
) -> Agent:
    candidates = cast.agents_for(queue=queue, language=language)
    if prefer is not None and any(agent.pk == prefer.pk for agent, _ in candidates):
        return prefer  # a returning guest goes back to the agent who helped last time
    return weighted(rng, candidates)  # type: ignore[return-value]


def build(plan: Plan, *, cast: Cast, timeline: Timeline, rng: Random) -> TicketScript:
    """The script of one generic ticket, following its course."""
    spec = cast.guest_specs[plan.guest_key]
    guest = cast.guests[plan.guest_key]
    topic = TOPIC_BY_KEY[plan.topic]
    pack = cast.packs[spec.language]
    text: TopicText = pack.topics[plan.topic]
    agent = plan.agent
    slots = make_slots(
        cast=cast, guest_key=plan.guest_key, topic=plan.topic, created=plan.created, rng=rng
    )
    # Notes are in English whatever the guest's language; only the dates read differently.
    en_slots = {
        **slots,
        "warranty": cast.packs["en"].long_date(
            cast.warranty.get(plan.guest_key, plan.created.date())
        ),
    }
    write = Writer(cast=cast, guest_key=plan.guest_key, agent=agent, rng=rng, slots=slots)
    office_only = spec.role == "employee"
    lead = cast.agents["sanne"]

    opening = rng.randrange(len(text.openings))
    script = TicketScript(
        requester=guest,
        at=plan.created,
        subject=write.fill(text.subjects[opening % len(text.subjects)]),
        body=write.guest_opening(text.openings[opening], phone=plan.channel == "phone"),
        channel=plan.channel,
        queue=cast.queues["front-desk" if plan.via_front_desk else topic.queue],
        priority=plan.priority,
        language=spec.language,
        created_by=agent if plan.channel == "phone" else None,
        label=f"{plan.topic}/{plan.guest_key}",
    )
    if plan.channel == "phone":
        # Whoever took the call keeps the case.
        script.assign(plan.created, agent, by=agent, reason="Took the call.")
    first_response, _ = sla_minutes(queue=topic.queue, priority=plan.priority)
    share = rng.uniform(1.3, 2.8) if plan.course == "late" else rng.uniform(0.05, 0.8)
    first = plan.first_at or timeline.desk_after(plan.created, first_response * share)

    if plan.via_front_desk:
        router = lead if spec.language != "ja" else cast.agents["kenji"]
        moved = timeline.desk_after(plan.created, min(25.0, first_response * share * 0.4))
        script.move(
            moved,
            cast.queues[topic.queue],
            by=router,
            reason=f"About {plan.topic.replace('_', ' ')}: belongs in "
            f"{cast.queues[topic.queue].name}.",
        )
    if plan.preassign and agent.pk != lead.pk and plan.channel != "phone":
        script.assign(
            timeline.desk_after(plan.created, min(20.0, first_response * share * 0.5)),
            agent,
            by=lead,
            reason=f"{agent.display_name} speaks {LANGUAGE_NAMES[spec.language]} and knows "
            f"{cast.queues[topic.queue].name.lower()}.",
        )
    if plan.course == "late":
        chase = timeline.guest_after(
            plan.created + (first - plan.created) * 0.55,
            zone=spec.time_zone,
            minutes=(0, 30),
            office_only=office_only,
        )
        if chase < first:
            script.guest(chase, guest, write.guest_followup(write.pick(pack.guest_chases)))
    if plan.tag_it:
        script.tags(first, topic.tags, by=agent)

    # agent_acks: the even ones apologise (for something broken), the odd ones just thank.
    acks = pack.agent_acks if topic.problem else pack.agent_acks[1::2]
    ack = write.pick(acks)
    # Only a repaired device or account "works now"; a parcel or a refund does not.
    fixable = topic.problem and topic.role == "employee"
    check = fixable
    course = plan.course
    if course == "unanswered":  # just arrived: nobody has looked at it yet
        return script
    if course == "answered":  # the guest has just answered the agent's question
        assert plan.answer_at is not None
        script.reply(first, agent, write.agent_reply(ack, text.question), status="pending")
        script.guest(plan.answer_at, guest, write.guest_followup(text.answer))
        return script
    if course in ("direct", "late"):
        opener = write.pick(pack.agent_late) if course == "late" else ack
        script.reply(first, agent, write.agent_reply(opener, text.solution), status="solved")
    elif course == "note":
        script.note(first, agent, topic.note.format(**en_slots))
        script.reply(
            timeline.desk_after(first, rng.uniform(3, 40)),
            agent,
            write.agent_reply(ack, text.solution),
            status="solved",
        )
    elif course == "macro":
        # The "We're on it" macro, in the guest's language, then the answer later that day.
        at = script.macro(first, agent, "We're on it")
        script.note(
            timeline.desk_after(at, rng.uniform(20, 200)), agent, topic.note.format(**en_slots)
        )
        script.reply(
            timeline.desk_after(at, rng.uniform(30, 420)),
            agent,
            write.agent_reply(text.solution, check=check),
            status="solved",
        )
    elif course == "confirm":
        at = script.reply(
            first, agent, write.agent_reply(ack, text.solution, check=True), status="pending"
        )
        at = script.guest(
            timeline.guest_after(
                at, zone=spec.time_zone, minutes=(20, 1200), office_only=office_only
            ),
            guest,
            write.guest_followup(write.pick(pack.guest_confirms)),
        )
        script.reply(
            timeline.desk_after(at, rng.uniform(5, 120)),
            agent,
            write.agent_reply(write.pick(pack.agent_close_thanks)),
            status="solved",
        )
    elif course == "question":
        at = script.reply(first, agent, write.agent_reply(ack, text.question), status="pending")
        at = script.guest(
            timeline.guest_after(
                at, zone=spec.time_zone, minutes=(10, 600), office_only=office_only
            ),
            guest,
            write.guest_followup(text.answer),
        )
        script.reply(
            timeline.desk_after(at, rng.uniform(10, 180)),
            agent,
            write.agent_reply(text.solution, check=check and rng.random() < 0.4),
            status="solved",
        )
    elif course == "silent":
        # The guest never answers the question; after a week the desk stops waiting.
        at = script.reply(first, agent, write.agent_reply(ack, text.question), status="pending")
        script.status(
            at + timedelta(days=7, minutes=rng.uniform(0, 240)),
            "solved",
            system="pending reminder",
            reason="No answer from the guest for seven days.",
        )
    elif course == "hold":
        back = timeline.desk_after(first, rng.uniform(540, 4000))
        promised = timeline.desk_after(first, 1080).astimezone(timeline.zone).date()
        write.slots["weekday"] = pack.weekday(promised)
        part = topic.waits_for == "part"
        waiting = pack.agent_on_hold[0 if part else 1]
        at = script.reply(first, agent, write.agent_reply(ack, waiting), status="on_hold")
        script.note(
            timeline.desk_after(at, rng.uniform(1, 15)),
            agent,
            "Ordered the replacement part; the supplier says two to five working days."
            if part
            else "Passed to the back office; told the guest we'd answer by "
            f"{cast.packs['en'].weekday(promised)}.",
        )
        script.note(back, agent, topic.note.format(**en_slots))
        script.reply(
            timeline.desk_after(back, rng.uniform(2, 20)),
            agent,
            write.agent_reply(pack.agent_back[0 if part else 1], text.solution),
            status="solved",
        )
    else:  # reopen
        at = script.reply(first, agent, write.agent_reply(ack, text.solution), status="solved")
        again = timeline.guest_after(
            at, zone=spec.time_zone, minutes=(600, 4000), office_only=office_only
        )
        at = script.guest(again, guest, write.guest_followup(write.pick(pack.guest_again)))
        script.note(
            timeline.desk_after(at, rng.uniform(5, 30)),
            agent,
            "Reopened by the guest. " + topic.note.format(**en_slots),
        )
        script.reply(
            timeline.desk_after(at, rng.uniform(30, 240)),
            agent,
            write.agent_reply(write.pick(pack.agent_again)),
            status="solved",
        )
    script.agent = agent
    close_when_quiet(script, rng)
    return script


def close_when_quiet(script: TicketScript, rng: Random) -> None:
    """Close a solved ticket after five quiet days, as the desk's housekeeping does."""
    if script.solved_at is not None:
        script.status(
            script.solved_at + AUTO_CLOSE_AFTER + timedelta(minutes=rng.uniform(0, 600)),
            "closed",
            system="auto-close",
            reason="Solved five days ago and the guest has not written since.",
        )


# --- planning six months ---------------------------------------------------------------------

CHANNELS = {
    "employee": (("email", 0.5), ("portal", 0.38), ("phone", 0.12)),
    "customer": (("email", 0.62), ("portal", 0.3), ("phone", 0.08)),
}
# Pairs that follow each other in history, for anticipation to learn from: (first, then).
FOLLOW_UPS = (("new_laptop", "vpn", "employee", 6), ("sim_card", "rail_pass", "customer", 5))


def random_moment(
    *, spec: GuestSpec, timeline: Timeline, rng: Random, start: datetime, end: datetime
) -> datetime:
    """A moment between start and end when this guest would plausibly write."""
    zone = ZoneInfo(spec.time_zone)
    span = (end - start).total_seconds()
    while True:
        moment = start + timedelta(seconds=rng.uniform(0, span))
        local = moment.astimezone(zone)
        if spec.role == "employee":
            if local.weekday() >= 5:
                continue
            clock = rng.uniform(8.2, 17.8)
        else:
            if local.weekday() >= 5 and rng.random() < 0.35:
                continue
            clock = rng.uniform(7.5, 22.5)
        hours, minutes = int(clock), int((clock % 1) * 60)
        moment = datetime.combine(local.date(), datetime.min.time(), tzinfo=zone) + timedelta(
            hours=hours, minutes=minutes
        )
        if start <= moment <= end:
            return moment


def _plan(
    cast: Cast,
    rng: Random,
    *,
    guest_key: str,
    topic: str,
    created: datetime,
    course: str | None = None,
    prefer: Agent | None = None,
) -> Plan:
    spec = cast.guest_specs[guest_key]
    meta = TOPIC_BY_KEY[topic]
    channel = str(weighted(rng, CHANNELS[spec.role]))
    fixable = meta.problem and meta.role == "employee"
    courses = [
        (c, w)
        for c, w in COURSES
        if (fixable or c not in FIXABLE_COURSES) and (meta.waits_for or c != "hold")
    ]
    if channel == "phone" and not is_open_at(created, cast.calendar):
        channel = "email"  # nobody answers the desk's phone outside office hours
    return Plan(
        guest_key=guest_key,
        topic=topic,
        created=created,
        course=course or str(weighted(rng, courses)),
        channel=channel,
        priority=str(weighted(rng, list(meta.priorities.items()))),
        via_front_desk=channel == "email" and rng.random() < 0.15,
        agent=choose_agent(cast, rng, queue=meta.queue, language=spec.language, prefer=prefer),
        tag_it=rng.random() < 0.75,
        preassign=rng.random() < 0.15,
    )


def plan_fresh(*, cast: Cast, timeline: Timeline, rng: Random) -> list[TicketScript]:
    """What is on the desk at this very moment, whenever the demo is loaded: requests nobody
    has answered yet, and guests who have just answered a question."""
    keys = sorted(cast.guest_specs)
    scripts: list[TicketScript] = []
    taken: set[str] = set()  # guests and topics already on the desk: no two alike
    for course in ("unanswered", "unanswered", "unanswered", "answered", "answered"):
        if course == "unanswered":
            created = timeline.now - timedelta(minutes=rng.uniform(20, 240))
            first_at = answer_at = None
        else:
            answer_at = timeline.now - timedelta(minutes=rng.uniform(15, 90))
            first_at = timeline.desk_before(answer_at, rng.uniform(20, 200))
            created = first_at - timedelta(minutes=rng.uniform(40, 300))
        created = created.replace(second=0, microsecond=0)
        # Someone who would plausibly be writing then; a customer if no colleague is at work.
        free = [k for k in keys if k not in taken]
        awake = [k for k in free if _plausible(cast.guest_specs[k], created)] or [
            k for k in free if cast.guest_specs[k].role == "customer"
        ]
        key = rng.choice(awake)
        options = [(t, w) for t, w in topics_for(cast, key, created) if t not in taken]
        topic = str(weighted(rng, options))
        taken |= {key, topic}
        plan = _plan(cast, rng, guest_key=key, topic=topic, created=created, course=course)
        plan.first_at, plan.answer_at = first_at, answer_at
        plan.via_front_desk = plan.preassign = False
        if plan.channel == "phone":  # a call is answered on the spot, never left unanswered
            plan.channel = "portal"
        scripts.append(build(plan, cast=cast, timeline=timeline, rng=rng))
    return scripts


def _plausible(spec: GuestSpec, moment: datetime) -> bool:
    local = moment.astimezone(ZoneInfo(spec.time_zone))
    if spec.role == "employee":
        return local.weekday() < 5 and 8 <= local.hour < 18
    return 7 <= local.hour < 23


def plan_everyday(
    *, cast: Cast, timeline: Timeline, rng: Random, start: datetime, count: int
) -> list[TicketScript]:
    """`count` everyday tickets between `start` and now, including the follow-up pairs."""
    end = timeline.now - timedelta(minutes=20)
    keys = sorted(cast.guest_specs)
    scripts: list[TicketScript] = []
    for first, then, role, pairs in FOLLOW_UPS:
        eligible = [
            k
            for k in keys
            if cast.guest_specs[k].role == role
            and {first, then} <= set(cast.packs[cast.guest_specs[k].language].topics)
        ]
        for key in rng.sample(eligible, pairs):
            spec = cast.guest_specs[key]
            # Far enough back that the second request has come in by now.
            created = random_moment(
                spec=spec, timeline=timeline, rng=rng, start=start, end=end - timedelta(days=12)
            )
            opening = build(
                _plan(cast, rng, guest_key=key, topic=first, created=created, course="question"),
                cast=cast,
                timeline=timeline,
                rng=rng,
            )
            later = timeline.guest_after(
                created + timedelta(days=rng.uniform(1, 4)),
                zone=spec.time_zone,
                minutes=(0, 240),
                office_only=role == "employee",
            )
            follow = build(
                _plan(
                    cast,
                    rng,
                    guest_key=key,
                    topic=then,
                    created=later,
                    course=str(weighted(rng, (("direct", 2), ("confirm", 1)))),
                    prefer=opening.agent,
                ),
                cast=cast,
                timeline=timeline,
                rng=rng,
            )
            scripts += [opening, follow]
    weights = [cast.guest_specs[k].weight for k in keys]
    while len(scripts) < count:
        key = rng.choices(keys, weights=weights, k=1)[0]
        # Busier lately (the desk has grown), which also leaves a realistic open backlog.
        recent = rng.random()
        window = (
            end - timedelta(days=7)
            if recent < 0.12
            else end - timedelta(days=35)
            if recent < 0.4
            else start
        )
        created = random_moment(
            spec=cast.guest_specs[key], timeline=timeline, rng=rng, start=window, end=end
        )
        options = topics_for(cast, key, created)
        topic = str(weighted(rng, options))
        scripts.append(
            build(
                _plan(cast, rng, guest_key=key, topic=topic, created=created),
                cast=cast,
                timeline=timeline,
                rng=rng,
            )
        )
    return scripts
