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

from django.db import connection

from omotenashi.accounts.models import (
    Agent,
    AgentLanguage,
    LanguageLevel,
    Role,
    WorkingHours,
)
from omotenashi.lib import rows
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


def _candidate_sql(*, language: str) -> str:
    """The candidates statement (see `_candidates`), names from the models. Written by hand:
    built by the ORM, its four subqueries cost more CPU than anything else a ticket's
    routing does on the Django side (decision 0109)."""
    agent = Agent._meta
    columns = ", ".join(f"a.{f.column}" for f in agent.concrete_fields)
    teams = Agent.teams.through._meta.db_table
    skills = Agent.skills.through._meta.db_table
    user = agent.get_field("user").related_model._meta.db_table
    tickets = Ticket._meta.db_table
    levels = AgentLanguage._meta.db_table
    spoken = ", ".join(["%s"] * len(LEVEL_RANK))
    level, speaks = "''", ""
    if language:
        level = f"(SELECT l.level FROM {levels} l WHERE l.agent_id = a.id AND l.language = %s)"  # noqa: S608
        speaks = (
            f" AND EXISTS (SELECT 1 FROM {levels} l WHERE l.agent_id = a.id"  # noqa: S608
            f" AND l.language = %s AND l.level IN ({spoken}))"
        )
    return (
        f"SELECT {columns},"  # noqa: S608 (names from the models, values as parameters)
        f" (SELECT COUNT(*) FROM {tickets} t WHERE t.assignee_id = a.id"
        f" AND t.status IN (%s, %s)) AS open_load,"
        f" EXISTS (SELECT 1 FROM {skills} s WHERE s.agent_id = a.id AND s.skill_id = %s)"
        f" AS has_skill,"
        f" {level} AS language_level,"
        " p.id AS previous_ticket, p.assignee_id AS previous_assignee"
        f" FROM {agent.db_table} a"
        f" JOIN {teams} tm ON tm.agent_id = a.id AND tm.team_id = %s"
        f" JOIN {user} u ON u.id = a.user_id"
        # The guest's previous ticket that someone had, newest first: one row or none.
        f" LEFT JOIN (SELECT id, assignee_id FROM {tickets} WHERE requester_id = %s"
        " AND assignee_id IS NOT NULL AND merged_into_id IS NULL AND created_at < %s"
        " AND id <> %s ORDER BY created_at DESC, id DESC LIMIT 1) p ON TRUE"
        f" WHERE a.is_available AND u.is_active AND a.role <> %s{speaks}"
        " ORDER BY a.id"
    )


_HOURS_READER = rows.RowReader((WorkingHours, "h"))


def _working_hours(agent_ids: list[int]) -> list[tuple[int, int, time, time]]:
    """(agent, weekday, start, end) of these agents, as `WorkingHours.objects.filter(
    agent_id__in=agent_ids).order_by("pk").values_list("agent_id", "weekday", "start",
    "end")`: plain SQL, on every assignment (lib/rows.py has why), with the ORM's
    converters for the times (SQLite stores them as text)."""
    reader = _HOURS_READER
    marks = ", ".join(["%s"] * len(agent_ids))
    found = reader.fetch(
        f"SELECT {reader.columns} FROM {rows.table(WorkingHours)} h"  # noqa: S608 (names from the model, values as parameters)
        f" WHERE {rows.column(WorkingHours, 'agent', 'h')} IN ({marks}) ORDER BY h.id",
        agent_ids,
    )
    hours = []
    for (entry,), _ in found:
        assert isinstance(entry, WorkingHours)
        hours.append((entry.agent_id, entry.weekday, entry.start, entry.end))
    return hours


def _candidates(
    *, queue: Queue, language: str, skill_id: int | None, now: datetime, ticket: Ticket
) -> tuple[list[Candidate], tuple[int, int] | None]:
    """Agents of the queue's team who take new work and speak `language` well enough, with
    their level, skill and open load; and the guest's previous ticket with its assignee
    (the same on every row). One statement, and one for working hours."""
    params: list[object] = [*ACTIVE_STATUSES, skill_id or 0]
    if language:
        params.append(language)
    params += [
        queue.team_id,
        ticket.requester_id,
        connection.ops.adapt_datetimefield_value(ticket.created_at),
        ticket.pk,
        Role.ADMIN,
    ]
    if language:
        params += [language, *LEVEL_RANK]
    agents = list(Agent.objects.raw(_candidate_sql(language=language), params))
    hours: dict[int, list[tuple[int, time, time]]] = {}
    if agents:
        for agent_id, day, start, end in _working_hours([a.pk for a in agents]):
            hours.setdefault(agent_id, []).append((day, start, end))
    found = [
        Candidate(
            agent=agent,
            level=(getattr(agent, "language_level", "") or "") if language else "",
            has_skill=skill_id is not None and bool(getattr(agent, "has_skill", False)),
            load=getattr(agent, "open_load", 0) or 0,
            at_work=at_work(hours=hours.get(agent.pk, []), time_zone=agent.time_zone, now=now),
        )
        for agent in agents
    ]
    first = agents[0] if agents else None
    previous = (
        (int(first.previous_ticket), int(first.previous_assignee))  # type: ignore[attr-defined]
        if first is not None and getattr(first, "previous_ticket", None) is not None
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
