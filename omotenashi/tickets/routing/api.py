"""/api/v1/tickets/{id}/decisions: what the engine decided about a ticket, and accepting a
suggestion. Mounted beside the tickets router (omotenashi/api.py).

The ticket goes through `ticket_get_for_agent`, so another team's agent gets the same 404
as for a ticket that does not exist; similar tickets of other teams are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from omotenashi.accounts.api import agent_of, errors, path_id
from omotenashi.tickets.models import Decision
from omotenashi.tickets.routing import selectors, services
from omotenashi.tickets.routing.selectors import DecisionView
from omotenashi.tickets.selectors import ticket_get_for_agent

router = Router(tags=["tickets"])


class SimilarOut(Schema):
    ticket_id: int | None = Field(
        description="A past ticket you may open; null for a description or example."
    )
    text: str = Field(description="The ticket's subject, or the description/example text.")
    label: str
    score: float


class DecisionOut(Schema):
    id: int
    kind: str = Field(
        description="language, queue, category, priority, assignee, frustration or urgency"
    )
    value: str = Field(
        description="Queue, category or agent id; language code; priority; or a level."
    )
    value_label: str
    confidence: float | None
    outcome: str = Field(
        description="applied, suggested, kept (a person had decided), accepted or noted"
    )
    model: str
    model_version: str
    reason: str
    phrases: list[str]
    similar: list[SimilarOut]
    created_at: datetime
    accepted_by_id: int | None
    accepted_at: datetime | None


def decision_out(view: DecisionView) -> DecisionOut:
    d = view.decision
    return DecisionOut(
        id=d.pk,
        kind=d.kind,
        value=d.value,
        value_label=d.value_label,
        confidence=d.confidence,
        outcome=d.outcome,
        model=d.model_name,
        model_version=d.model_version,
        reason=d.reason,
        phrases=view.phrases,
        similar=[
            SimilarOut(ticket_id=s.ticket_id, text=s.subject, label=s.label, score=s.score)
            for s in view.similar
        ],
        created_at=d.created_at,
        accepted_by_id=d.accepted_by_id,
        accepted_at=d.accepted_at,
    )


@router.get(
    "/{ticket_id}/decisions",
    response={200: list[DecisionOut], **errors(404)},
    summary="Automatic decisions about the ticket, newest first",
)
def list_decisions(request: HttpRequest, ticket_id: int) -> list[DecisionOut]:
    agent = agent_of(request)
    ticket = ticket_get_for_agent(agent=agent, ticket_id=path_id(ticket_id, what="ticket"))
    decisions = list(Decision.objects.filter(ticket=ticket).order_by("-created_at", "-id")[:200])
    return [decision_out(v) for v in selectors.decision_views(agent=agent, decisions=decisions)]


@router.post(
    "/{ticket_id}/decisions/{decision_id}/accept",
    response={200: DecisionOut, **errors(404, 409, 422)},
    summary="Accept a suggestion: it becomes your decision",
)
def accept_decision(request: HttpRequest, ticket_id: int, decision_id: int) -> Any:
    agent = agent_of(request)
    decision = selectors.decision_get_for_agent(
        agent=agent,
        ticket_id=path_id(ticket_id, what="ticket"),
        decision_id=path_id(decision_id, what="decision"),
    )
    services.decision_accept(decision=decision, agent=agent)
    decision.refresh_from_db()
    return decision_out(selectors.decision_views(agent=agent, decisions=[decision])[0])
