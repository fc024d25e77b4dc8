"""Which agent of a queue's team takes a ticket. Reads only; services.py applies the choice.

The rules, in order (docs/decisions/0101-routing.md):

1. Only agents of the queue's team who take new work (`is_available`), whose account is
   active, and who are at work now by their own working hours (no hours set: always).
   Admins are not handed tickets automatically.
2. They must speak the guest's language at least at working level (native and fluent
   first); "basic" is not enough to answer a guest. An unknown language excludes nobody.
3. A returning guest goes back to the agent of their previous ticket when that agent
   passes 1 and 2, whatever their load: the guest meets someone who knows them.
4. Otherwise prefer agents with the category's skill, then the better language level,
   then the fewest open tickets (new or open), then the longest-standing account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, Exists, OuterRef, Subquery

from omotenashi.accounts.models import (
    Agent,
    AgentLanguage,
    LanguageLevel,
    Role,
    Skill,
    WorkingHours,
)
from omotenashi.tickets.models import Category, Queue, Status, Ticket

# Lower is better; a level missing here is not enough to answer a guest.
LEVEL_RANK: dict[str, int] = {
    LanguageLevel.NATIVE: 0,
    LanguageLevel.FLUENT: 0,
    LanguageLevel.WORKING: 1,
}
# "Open load": tickets an agent is actively working on (not those waiting for the guest).
ACTIVE_STATUSES = (Status.NEW, Status.OPEN)


@dataclass(frozen=True)
class Candidate:
    agent: Agent
    level: str  # the agent's level in the guest's language; "" when the language is unknown
    has_skill: bool
    load: int
    at_work: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.agent.pk,
            "name": self.agent.display_name,
            "level": self.level,
            "skill": self.has_skill,
            "load": self.load,
            "at_work": self.at_work,
        }


@dataclass(frozen=True)
class Choice:
    """The agent to hand the ticket to (None: nobody fits now) and why, for the decision."""

    agent: Agent | None
    reason: str
    details: dict[str, object] = field(default_factory=dict)


def at_work(*, hours: list[tuple[int, time, time]], time_zone: str, now: datetime) -> bool:
    """Whether `now` falls in the weekly working hours, read in the agent's own zone."""
    if not hours:
        return True
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    return any(day == local.weekday() and start <= local.time() < end for day, start, end in hours)


def _candidates(
    *, queue: Queue, language: str, skill_id: int | None, now: datetime, ticket: Ticket
) -> tuple[list[Candidate], tuple[int, int] | None]:
    """Agents of the queue's team who take new work and speak `language` well enough, with
    their level, skill and open load; and the guest's previous ticket with its assignee,
    read in the same statement (an uncorrelated subquery, the same on every row, which
    PostgreSQL and SQLite evaluate once). One query, and one for working hours."""
    earlier = (
        Ticket.objects.filter(
            requester_id=ticket.requester_id,
            assignee__isnull=False,
            merged_into__isnull=True,
            created_at__lt=ticket.created_at,
        )
        .exclude(pk=ticket.pk)
        .order_by("-created_at", "-id")
    )
    agents = (
        Agent.objects.filter(teams=queue.team_id, is_available=True, user__is_active=True)
        .exclude(role=Role.ADMIN)
        .annotate(
            load=Subquery(
                Ticket.objects.filter(assignee=OuterRef("pk"), status__in=ACTIVE_STATUSES)
                .values("assignee")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            has_skill=Exists(Skill.objects.filter(pk=skill_id or 0, agents=OuterRef("pk"))),
            previous_ticket=Subquery(earlier.values("pk")[:1]),
            previous_assignee=Subquery(earlier.values("assignee_id")[:1]),
        )
        .order_by("pk")
    )
    if language:
        # One row per agent and language (unique together): a filter instead of a join, so
        # the rows need no DISTINCT.
        levels = AgentLanguage.objects.filter(agent=OuterRef("pk"), language=language)
        agents = agents.filter(Exists(levels.filter(level__in=list(LEVEL_RANK)))).annotate(
            level=Subquery(levels.values("level")[:1])
        )
    rows = list(agents)
    hours: dict[int, list[tuple[int, time, time]]] = {}
    if rows:
        for agent_id, day, start, end in (
            WorkingHours.objects.filter(agent_id__in=[a.pk for a in rows])
            .order_by("pk")
            .values_list("agent_id", "weekday", "start", "end")
        ):
            hours.setdefault(agent_id, []).append((day, start, end))
    found = [
        Candidate(
            agent=agent,
            level=getattr(agent, "level", "") or "",
            has_skill=skill_id is not None and bool(agent.has_skill),
            load=agent.load or 0,
            at_work=at_work(hours=hours.get(agent.pk, []), time_zone=agent.time_zone, now=now),
        )
        for agent in rows
    ]
    previous = (
        (rows[0].previous_ticket, rows[0].previous_assignee)
        if rows and rows[0].previous_ticket is not None
        else None
    )
    return found, previous


def _speaks(candidate: Candidate, language: str) -> str:
    return (
        f"speaks {language} ({candidate.level})"
        if language
        else "the guest's language is not known yet"
    )


def choose_assignee(
    *, ticket: Ticket, queue: Queue, category: Category | None, language: str, now: datetime
) -> Choice:
    """The agent of `queue`'s team who should take `ticket` now (see the module docstring)."""
    skill = category.skill if category is not None and category.skill_id else None
    everyone, previous = _candidates(
        queue=queue,
        language=language,
        skill_id=skill.pk if skill else None,
        now=now,
        ticket=ticket,
    )
    details: dict[str, object] = {
        "candidates": [c.as_dict() for c in everyone],
        "language": language,
        "skill": skill.name if skill else None,
    }
    present = [c for c in everyone if c.at_work]
    team = queue.team.name
    if not present:
        who = f"who speaks {language} " if language else ""
        if everyone:
            return Choice(
                None,
                f"Nobody of {team} {who}is at work now; the ticket waits in {queue.name}.",
                details,
            )
        return Choice(
            None,
            f"Nobody of {team} {who}takes new work; the ticket waits in {queue.name}.",
            details,
        )

    if previous is not None:
        details["previous_ticket"] = previous[0]
        again = next((c for c in present if c.agent.pk == previous[1]), None)
        if again is not None:
            details["rule"] = "returning guest"
            return Choice(
                again.agent,
                f"{again.agent.display_name} helped this guest last time and is at work; "
                f"{_speaks(again, language)}.",
                details,
            )

    def rank(c: Candidate) -> tuple[int, int, int, int]:
        return (
            0 if c.has_skill or skill is None else 1,
            LEVEL_RANK.get(c.level, 0),
            c.load,
            c.agent.pk,
        )

    best = min(present, key=rank)
    details["rule"] = "language, skill, load"
    if skill is None:
        skill_part = ""
    elif best.has_skill:
        skill_part = f", knows {skill.name.lower()}"
    else:
        skill_part = f", nobody at work who speaks it knows {skill.name.lower()}"
    peers = sum(1 for c in present if rank(c)[:2] == rank(best)[:2])
    load_part = f"{best.load} open ticket{'s' if best.load != 1 else ''}" + (
        f" (the fewest of {peers} equally suited)" if peers > 1 else ""
    )
    return Choice(
        best.agent,
        f"{best.agent.display_name}: {_speaks(best, language)}{skill_part}, at work, {load_part}.",
        details,
    )
