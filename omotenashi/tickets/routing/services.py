"""Writes of routing: hand a ticket to an agent automatically, accept a suggestion."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import Conflict, NotFound
from omotenashi.tickets import services
from omotenashi.tickets.models import (
    Category,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Queue,
    RoutingState,
    Ticket,
)
from omotenashi.tickets.routing.assignment import choose_assignee
from omotenashi.tickets.routing.decisions import ACCEPTABLE, as_int, decision_make, human_set_fields

ASSIGNMENT_MODEL = "routing rules"
ASSIGNMENT_VERSION = "1"


@transaction.atomic
def ticket_auto_assign(
    *,
    ticket_id: int,
    confidence: float | None = None,
    message_id: int | None = None,
    human: set[str] | None = None,
    save: bool = True,
) -> Decision | None:
    """Hand the ticket to the agent `choose_assignee` picks, when its queue assigns
    automatically, nobody has it, and no person decided who has it. Records the decision
    (also when nobody fits now, so the agent page says why it waits); with `save=False` the
    decision is returned unsaved for the caller to store with its others. `human`: the
    fields a person set, when the caller knows them already."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue", "queue__team", "category", "category__skill")
        .get(pk=ticket_id)
    )
    if (
        not ticket.queue.auto_assign
        or ticket.assignee_id is not None
        or "assignee" in (human if human is not None else human_set_fields(ticket=ticket))
    ):
        return None
    choice = choose_assignee(
        ticket=ticket,
        queue=ticket.queue,
        category=ticket.category,
        language=ticket.language,
        now=timezone.now(),
    )
    if choice.agent is not None:
        services.ticket_assign(
            ticket=ticket, assignee=choice.agent, system=ASSIGNMENT_MODEL, reason=choice.reason
        )
    decision = decision_make(
        ticket=ticket,
        kind=DecisionKind.ASSIGNEE,
        outcome=DecisionOutcome.APPLIED if choice.agent else DecisionOutcome.NOTED,
        model_name=ASSIGNMENT_MODEL,
        model_version=ASSIGNMENT_VERSION,
        value=choice.agent.pk if choice.agent else "",
        value_label=choice.agent.display_name if choice.agent else "",
        confidence=confidence,
        reason=choice.reason,
        details=choice.details,
        message_id=message_id,
    )
    if save:
        decision.save()
    return decision


@transaction.atomic
def decision_accept(*, decision: Decision, agent: Agent) -> Ticket:
    """A person accepts a suggestion: the value is applied as *their* decision (so it sticks
    and becomes training signal), and the decision is marked accepted.

    Precondition: the caller reached the decision's ticket through a permission-checked
    selector. Raises Conflict when it is not an open suggestion (accepted already, say).
    """
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .get(pk=decision.pk)
    )
    if decision.outcome not in ACCEPTABLE:
        raise Conflict("This is not an open suggestion any more.")
    ticket = decision.ticket
    reason = f"Accepted the suggestion ({decision.model_name})."
    if decision.kind == DecisionKind.QUEUE:
        queue = Queue.objects.filter(pk=as_int(decision.value)).first()
        if queue is None:
            raise NotFound("That queue no longer exists.")
        ticket = services.ticket_change_queue(
            ticket=ticket, queue=queue, by=agent, reason=reason, confidence=decision.confidence
        )
        Ticket.objects.filter(pk=ticket.pk).update(routing_state=RoutingState.HUMAN)
    elif decision.kind == DecisionKind.CATEGORY:
        category = Category.objects.filter(pk=as_int(decision.value), is_active=True).first()
        if category is None:
            raise NotFound("That category is no longer in use.")
        ticket = services.ticket_change_category(
            ticket=ticket, category=category, by=agent, reason=reason
        )
    elif decision.kind == DecisionKind.PRIORITY:
        ticket = services.ticket_change_priority(
            ticket=ticket, priority=decision.value, by=agent, reason=reason
        )
    elif decision.kind == DecisionKind.LANGUAGE:
        ticket = services.ticket_change_language(
            ticket=ticket, language=decision.value, by=agent, reason=reason
        )
    elif decision.kind == DecisionKind.ASSIGNEE:
        assignee = Agent.objects.filter(pk=as_int(decision.value)).first()
        if assignee is None:
            raise NotFound("That agent no longer exists.")
        ticket = services.ticket_assign(ticket=ticket, assignee=assignee, by=agent, reason=reason)
    else:
        raise Conflict("This decision has nothing to accept.")
    decision.outcome = DecisionOutcome.ACCEPTED
    decision.accepted_by = agent
    decision.accepted_at = timezone.now()
    decision.save(update_fields=["outcome", "accepted_by", "accepted_at"])
    if decision.kind == DecisionKind.QUEUE:
        # The ticket is where a person wants it now: hand it to someone of that team, as the
        # engine would have done had it been sure.
        ticket_auto_assign(ticket_id=ticket.pk, confidence=decision.confidence)
    return Ticket.objects.select_related("queue", "assignee").get(pk=ticket.pk)
