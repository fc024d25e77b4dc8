"""Permission-checked reads for routing: the triage view, a ticket's decisions, and
right-queue-first-time for leads.

An agent sees the decisions of tickets they may see (tickets.selectors) and nothing of
the tickets they may not: a similar past ticket from another team's queue is left out of
the reasons shown to them (its number would already say more than it should).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import NotFound
from omotenashi.tickets.models import (
    OPEN_STATUSES,
    TRIAGE_STATES,
    Decision,
    DecisionKind,
    DecisionOutcome,
    EventKind,
    Queue,
    RoutingState,
    Ticket,
    TicketEvent,
    TriageModelRun,
)
from omotenashi.tickets.routing.decisions import ACCEPTABLE
from omotenashi.tickets.selectors import queues_for_agent, tickets_visible_to_agent

# Shown in this order on the ticket page and in the triage view.
KIND_ORDER = (
    DecisionKind.QUEUE,
    DecisionKind.CATEGORY,
    DecisionKind.PRIORITY,
    DecisionKind.ASSIGNEE,
    DecisionKind.LANGUAGE,
    DecisionKind.URGENCY,
    DecisionKind.FRUSTRATION,
)


@dataclass(frozen=True)
class Similar:
    ticket_id: int | None  # None: a queue/category description or an admin example
    subject: str
    label: str
    score: float


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    similar: list[Similar] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    alternatives: list[dict[str, object]] = field(default_factory=list)

    @property
    def acceptable(self) -> bool:
        return self.decision.outcome in ACCEPTABLE and bool(self.decision.value)


def decision_views(*, agent: Agent, decisions: list[Decision]) -> list[DecisionView]:
    """Decisions with what `agent` may see of their reasons. Precondition: the agent may see
    the decisions' tickets."""
    wanted = {
        s.get("ticket")
        for d in decisions
        for s in d.details.get("similar", [])
        if isinstance(s, dict) and s.get("ticket")
    }
    visible = dict(
        tickets_visible_to_agent(agent=agent)
        .filter(pk__in=[pk for pk in wanted if isinstance(pk, int)])
        .values_list("pk", "subject")
    )
    views = []
    for d in decisions:
        similar = []
        for s in d.details.get("similar", []):
            # Only the neighbours that support the decided value: the others are why it was
            # not sure, and "Also possible" says that already.
            if not isinstance(s, dict) or s.get("value") not in (None, d.value):
                continue
            pk = s.get("ticket")
            if isinstance(pk, int):
                if pk in visible:
                    similar.append(
                        Similar(pk, visible[pk], str(s.get("label", "")), float(s.get("score", 0)))
                    )
            elif s.get("snippet"):
                similar.append(
                    Similar(
                        None, str(s["snippet"]), str(s.get("label", "")), float(s.get("score", 0))
                    )
                )
        ranked = d.details.get("ranked") or d.details.get("alternatives") or []
        views.append(
            DecisionView(
                decision=d,
                similar=similar,
                phrases=[str(p) for p in d.details.get("phrases", [])],
                alternatives=[
                    r for r in ranked[1:4] if isinstance(r, dict) and float(r.get("p", 0)) >= 0.01
                ],
            )
        )
    return views


def _latest_per_kind(decisions: list[Decision]) -> dict[str, Decision]:
    latest: dict[str, Decision] = {}
    for d in decisions:  # newest first
        latest.setdefault(d.kind, d)
    return latest


@dataclass(frozen=True)
class TicketUnderstanding:
    current: list[DecisionView]  # the latest decision of each kind, in KIND_ORDER
    history: list[Decision]  # every decision, newest first
    languages: list[str]


def ticket_understanding(*, agent: Agent, ticket: Ticket, limit: int = 60) -> TicketUnderstanding:
    """What the engine decided about `ticket`. Precondition: the agent may see the ticket
    (it came through tickets.selectors.ticket_get_for_agent)."""
    from django.conf import settings

    decisions = list(
        Decision.objects.filter(ticket=ticket)
        .select_related("accepted_by")
        .order_by("-created_at", "-id")[:limit]
    )
    latest = _latest_per_kind(decisions)
    # Feelings with no sign at all add nothing to the meters at the top of the panel.
    current = [
        latest[k]
        for k in KIND_ORDER
        if k in latest
        and not (
            k in (DecisionKind.FRUSTRATION, DecisionKind.URGENCY)
            and not latest[k].details.get("cues")
        )
    ]
    return TicketUnderstanding(
        decision_views(agent=agent, decisions=current), decisions, list(settings.DESK_LANGUAGES)
    )


@dataclass(frozen=True)
class TriageRow:
    ticket: Ticket
    suggestions: list[DecisionView]  # queue, category, priority, assignee: acceptable or applied
    feelings: dict[str, Decision]
    failed: bool


def triage_queryset(*, agent: Agent) -> QuerySet[Ticket]:
    """Open tickets the engine was unsure about (or could not read yet), in the agent's queues."""
    return tickets_visible_to_agent(agent=agent).filter(
        routing_state__in=TRIAGE_STATES, status__in=OPEN_STATUSES, merged_into__isnull=True
    )


def triage_list(*, agent: Agent, limit: int = 100) -> list[TriageRow]:
    """The triage view: most upset or urgent first, then the longest waiting."""
    tickets = list(
        triage_queryset(agent=agent)
        .select_related("queue", "requester", "category", "assignee")
        .order_by("-attention", "created_at", "id")[:limit]
    )
    by_ticket: dict[int, list[Decision]] = {}
    for d in Decision.objects.filter(ticket__in=tickets).order_by("-created_at", "-id"):
        by_ticket.setdefault(d.ticket_id, []).append(d)
    failed = set(
        Ticket.objects.filter(pk__in=[t.pk for t in tickets])
        .filter(messages__understanding__status__in=["failed", "abandoned"])
        .values_list("pk", flat=True)
    )
    rows = []
    for ticket in tickets:
        latest = _latest_per_kind(by_ticket.get(ticket.pk, []))
        kinds = (
            DecisionKind.QUEUE,
            DecisionKind.CATEGORY,
            DecisionKind.PRIORITY,
            DecisionKind.LANGUAGE,
        )
        suggestions = [latest[k] for k in kinds if k in latest]
        feelings: dict[str, Decision] = {
            k: latest[k] for k in (DecisionKind.URGENCY, DecisionKind.FRUSTRATION) if k in latest
        }
        rows.append(
            TriageRow(
                ticket,
                decision_views(agent=agent, decisions=suggestions),
                feelings,
                ticket.pk in failed,
            )
        )
    return rows


def triage_count(*, agent: Agent) -> int:
    return triage_queryset(agent=agent).count()


def decision_get_for_agent(
    *, agent: Agent, ticket_id: int | str, decision_id: int | str
) -> Decision:
    """A decision of a ticket the agent may see; NotFound otherwise (no existence leak)."""
    try:
        ticket_pk, decision_pk = int(ticket_id), int(decision_id)
    except (TypeError, ValueError):
        raise NotFound("No such decision.") from None
    decision = (
        Decision.objects.filter(
            pk=decision_pk,
            ticket_id=ticket_pk,
            ticket__in=tickets_visible_to_agent(agent=agent),
        )
        .select_related("ticket")
        .first()
    )
    if decision is None:
        raise NotFound("No such decision.")
    return decision


# --- right queue, first time (leads) --------------------------------------------------------


@dataclass(frozen=True)
class QueueRouting:
    queue: Queue
    tickets: int
    rerouted: int
    auto_routed: int
    auto_rerouted: int

    @property
    def right_first_time(self) -> float | None:
        return (self.tickets - self.rerouted) / self.tickets if self.tickets else None

    @property
    def engine_right(self) -> float | None:
        if not self.auto_routed:
            return None
        return (self.auto_routed - self.auto_rerouted) / self.auto_routed


def right_queue_first_time(*, agent: Agent, since: datetime) -> list[QueueRouting]:
    """Per queue the agent may see: tickets created since `since` that ended up there, and
    how many of them a person had to move (re-routed by a human: not right first time).
    Of those the engine routed itself, how many a person moved afterwards."""
    moved_by_person = TicketEvent.objects.filter(
        ticket=OuterRef("pk"), kind=EventKind.QUEUE, actor_agent__isnull=False
    )
    routed_by_engine = Decision.objects.filter(
        ticket=OuterRef("pk"), kind=DecisionKind.QUEUE, outcome=DecisionOutcome.APPLIED
    )
    rows = (
        Ticket.objects.filter(
            created_at__gte=since,
            merged_into__isnull=True,
            queue__in=queues_for_agent(agent=agent),
        )
        .annotate(moved=Exists(moved_by_person), auto=Exists(routed_by_engine))
        .values("queue")
        .annotate(
            tickets=Count("id"),
            rerouted=Count("id", filter=Q(moved=True)),
            auto_routed=Count("id", filter=Q(auto=True)),
            auto_rerouted=Count("id", filter=Q(auto=True, moved=True)),
        )
    )
    counts = ("tickets", "rerouted", "auto_routed", "auto_rerouted")
    stats: dict[int, dict[str, int]] = {
        int(row["queue"]): {k: int(row[k]) for k in counts}  # type: ignore[literal-required]
        for row in rows
    }
    result = []
    for queue in queues_for_agent(agent=agent).order_by("name"):
        row = stats.get(queue.pk, {})
        result.append(
            QueueRouting(
                queue=queue,
                tickets=row.get("tickets", 0),
                rerouted=row.get("rerouted", 0),
                auto_routed=row.get("auto_routed", 0),
                auto_rerouted=row.get("auto_rerouted", 0),
            )
        )
    return result


def routing_state_counts(*, agent: Agent, since: datetime) -> dict[str, int]:
    rows = (
        tickets_visible_to_agent(agent=agent)
        .filter(created_at__gte=since)
        .values("routing_state")
        .annotate(n=Count("id"))
    )
    counts = {state: 0 for state in RoutingState.values}
    for row in rows:
        counts[row["routing_state"]] = row["n"]
    return counts


def triage_models() -> list[TriageModelRun]:
    """The last training runs of every field (the active one marked), for leads."""
    return list(TriageModelRun.objects.order_by("-created_at", "-id")[:12])
