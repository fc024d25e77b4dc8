"""Routing pages of the agent workspace: the triage view, one-click accept, language
correction, and the leads' right-queue-first-time page. Thin: parse, selector/service, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import ApplicationError, NotFound
from omotenashi.tickets import selectors as ticket_selectors
from omotenashi.tickets import services as ticket_services
from omotenashi.tickets.routing import selectors, services
from omotenashi.tickets.views import agent_required, workspace_nav

REPORT_PERIODS = (7, 30, 90)


def _agent(request: HttpRequest) -> Agent:
    return request.agent  # type: ignore[attr-defined,no-any-return]


@require_GET
@agent_required
def triage(request: HttpRequest) -> HttpResponse:
    """Tickets the engine was unsure about, with its suggestions ready to accept."""
    agent = _agent(request)
    context = {
        "view": "triage",
        "view_title": _("Needs triage"),
        "rows": selectors.triage_list(agent=agent),
    }
    if request.headers.get("HX-Request"):
        return render(request, "tickets/triage.html#rows", context)
    return render(request, "tickets/triage.html", {**context, **workspace_nav(agent)})


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
@agent_required
def decision_accept(request: HttpRequest, ticket_id: int, decision_id: int) -> HttpResponse:
    """One click: the suggestion becomes the agent's own decision."""
    agent = _agent(request)
    try:
        decision = selectors.decision_get_for_agent(
            agent=agent, ticket_id=ticket_id, decision_id=decision_id
        )
    except NotFound:
        raise Http404(_("No such suggestion.")) from None
    note, error = "", ""
    try:
        ticket = services.decision_accept(decision=decision, agent=agent)
        note = _("Accepted for #%(number)s: %(value)s.") % {
            "number": ticket.number,
            "value": decision.value_label or decision.value,
        }
    except ApplicationError as exc:
        error = exc.message
    if request.headers.get("HX-Request"):
        context = {"rows": selectors.triage_list(agent=agent), "note": note, "error": error}
        return render(request, "tickets/triage.html#rows", context, status=409 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, note)
    fallback = reverse("tickets:detail", args=[ticket_id])
    target = _next(request, fallback)
    # Accepting a queue may take the ticket out of the agent's queues: then back to triage.
    if (
        target == fallback
        and not ticket_selectors.tickets_visible_to_agent(agent=agent).filter(pk=ticket_id).exists()
    ):
        target = reverse("tickets:triage")
    return redirect(target)


@require_POST
@agent_required
def ticket_language(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """An agent corrects the language: it sticks (the engine never changes it again)."""
    agent = _agent(request)
    try:
        ticket = ticket_selectors.ticket_get_for_agent(agent=agent, ticket_id=ticket_id)
    except NotFound:
        raise Http404(_("No such ticket.")) from None
    try:
        ticket_services.ticket_change_language(
            ticket=ticket,
            language=request.POST.get("language", ""),
            by=agent,
            reason=_("Corrected by an agent."),
        )
        messages.success(request, _("Language saved."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("tickets:detail", ticket_id=ticket.pk)


@require_GET
@agent_required
def routing_report(request: HttpRequest) -> HttpResponse:
    """Leads: right-queue-first-time per queue and the triage models' track record."""
    agent = _agent(request)
    if not agent.is_lead:
        return render(request, "tickets/forbidden.html", status=403)
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    if days not in REPORT_PERIODS:
        days = 30
    since = timezone.now() - timedelta(days=days)
    queues = selectors.right_queue_first_time(agent=agent, since=since)
    total = sum(q.tickets for q in queues)
    rerouted = sum(q.rerouted for q in queues)
    auto = sum(q.auto_routed for q in queues)
    auto_moved = sum(q.auto_rerouted for q in queues)
    bar_width, row = 360, 22
    bars = [
        {
            "y": i * row,
            "name": q.queue.name,
            "tickets": q.tickets,
            "pct": None if q.right_first_time is None else round(q.right_first_time * 100),
            "width": 0 if q.right_first_time is None else round(q.right_first_time * bar_width),
        }
        for i, q in enumerate(queues)
    ]
    context = {
        "view": "routing",
        "bars": bars,
        "bar_width": bar_width,
        "bar_label_x": 190 + bar_width + 10,
        "chart_height": max(row, len(bars) * row),
        "days": days,
        "periods": REPORT_PERIODS,
        "queues": queues,
        "total": total,
        "overall": (total - rerouted) / total if total else None,
        "engine": (auto - auto_moved) / auto if auto else None,
        "auto": auto,
        "states": selectors.routing_state_counts(agent=agent, since=since),
        "runs": selectors.triage_models(),
        **workspace_nav(agent),
    }
    return render(request, "tickets/routing_report.html", context)
