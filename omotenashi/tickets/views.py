"""The agent workspace: inbox lists and the ticket page. Thin: parse, selector/service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from omotenashi.accounts.models import Agent
from omotenashi.customers.selectors import guest_availability
from omotenashi.lib.errors import ApplicationError, NotFound
from omotenashi.tickets import selectors, services
from omotenashi.tickets.forms import ComposeForm, MergeForm, TicketFieldsForm
from omotenashi.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    Category,
    Macro,
    Priority,
    Queue,
    Status,
    Ticket,
)
from omotenashi.tickets.routing import selectors as routing_selectors
from omotenashi.tickets.services import IncomingFile

View = Callable[..., HttpResponse]


def agent_required(view: View) -> View:
    """Anonymous -> sign-in page; signed in without an agent profile -> 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agent = getattr(request.user, "agent", None)
        if agent is None:
            return render(request, "tickets/forbidden.html", status=403)
        request.agent = agent  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def workspace_nav(agent: Agent) -> dict[str, Any]:
    queues = list(selectors.queues_for_agent(agent=agent).annotate(
        open_count=Count("tickets", filter=Q(tickets__status__in=[Status.NEW, Status.OPEN]))))
    visible = selectors.tickets_visible_to_agent(agent=agent).filter(status__in=OPEN_STATUSES)
    counts = visible.aggregate(
        mine=Count("id", filter=Q(assignee=agent)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
        at_risk=Count("id", filter=Q(sla_at_risk=True) | Q(sla_breached=True)),
    )
    counts["triage"] = routing_selectors.triage_count(agent=agent)
    return {"nav_queues": queues, "nav_counts": counts}


VIEWS = {
    "mine": gettext_lazy("Mine"),
    "unassigned": gettext_lazy("Unassigned"),
    "at-risk": gettext_lazy("At risk of SLA breach"),
    "all": gettext_lazy("All I may see"),
}


def _filters_for(view: str, agent: Agent, queue: Queue | None, status: str) -> selectors.TicketFilters:
    statuses = [status] if status in Status.values else None
    open_only = status != "any" and statuses is None
    if view == "mine":
        return selectors.TicketFilters(assignee_id=agent.pk, status=statuses, open_only=open_only)
    if view == "unassigned":
        return selectors.TicketFilters(unassigned=True, status=statuses, open_only=open_only)
    if view == "at-risk":
        return selectors.TicketFilters(at_risk=True)
    if view == "queue" and queue is not None:
        return selectors.TicketFilters(queue_id=queue.pk, status=statuses, open_only=open_only)
    return selectors.TicketFilters(status=statuses, open_only=open_only)


@require_GET
@agent_required
def inbox(request: HttpRequest, view: str = "mine", queue_slug: str | None = None) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    queue = None
    if queue_slug is not None:
        queue = selectors.queues_for_agent(agent=agent).filter(slug=queue_slug).first()
        if queue is None:
            raise Http404(_("No such queue."))
        view = "queue"
    elif view not in VIEWS:
        raise Http404
    status = request.GET.get("status", "")
    # Upset or urgent guests first (tickets.routing scores them), unless the agent asks for
    # plain latest activity.
    order = "activity" if request.GET.get("sort") == "activity" else "attention"
    try:
        page = selectors.ticket_list_for_agent(
            agent=agent,
            filters=_filters_for(view, agent, queue, status),
            cursor=request.GET.get("cursor") or None,
            limit=50,
            order=order,
        )
    except ApplicationError:
        return redirect(request.path)
    context = {
        "view": view, "view_title": queue.name if queue else VIEWS[view], "queue": queue, "page": page,
        "status_filter": status, "statuses": Status.choices, "order": order,
    }
    if request.headers.get("HX-Request"):
        return render(request, "tickets/inbox.html#rows", context)
    return render(request, "tickets/inbox.html", {**context, **workspace_nav(agent)})


def _ticket_context(request: HttpRequest, agent: Agent, ticket: Ticket, **extra: Any) -> dict[str, Any]:
    guest = ticket.requester
    visible_history = (selectors.tickets_visible_to_agent(agent=agent).filter(requester=guest)
                       .exclude(pk=ticket.pk).select_related("queue").order_by("-created_at")[:8])
    macros = Macro.objects.filter(is_active=True).filter(Q(queue__isnull=True) | Q(queue=ticket.queue))
    queues = Queue.objects.select_related("team").order_by("name")
    assignable = Agent.objects.filter(Q(teams=ticket.queue.team_id) | Q(role="admin")).distinct().order_by("display_name")
    return {
        "ticket": ticket,
        "conversation": selectors.ticket_messages(ticket=ticket, include_notes=True),
        "events": ticket.events.select_related("actor_agent", "actor_guest").order_by(
            "-created_at"
        )[:30],
        "guest": guest,
        "guest_emails": list(guest.emails.all()),
        "availability": guest_availability(guest=guest),
        "entitlements": list(guest.entitlements.all()),
        "history": list(visible_history),
        "macros": list(macros),
        "queues": list(queues),
        "assignable": list(assignable),
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "tags": ", ".join(t.name for t in ticket.tags.all()),
        "categories": list(
            Category.objects.filter(Q(is_active=True) | Q(pk=ticket.category_id)).order_by("name")
        ),
        "understanding": routing_selectors.ticket_understanding(agent=agent, ticket=ticket),
        "compose": extra.pop("compose", None) or ComposeForm(),
        "merge_form": MergeForm(),
        **workspace_nav(agent),
        **extra,
    }


def _get_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    try:
        return selectors.ticket_get_for_agent(agent=request.agent, ticket_id=ticket_id)  # type: ignore[attr-defined]
    except NotFound:
        raise Http404(_("No such ticket.")) from None


@require_GET
@agent_required
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = _get_ticket(request, ticket_id)
    if request.headers.get("HX-Request") and request.GET.get("part") == "conversation":
        return render(request, "tickets/ticket.html#conversation",
                      {"ticket": ticket, "conversation": selectors.ticket_messages(ticket=ticket, include_notes=True)})
    return render(request, "tickets/ticket.html", _ticket_context(request, request.agent, ticket))  # type: ignore[attr-defined]


def _files(request: HttpRequest) -> list[IncomingFile]:
    return [IncomingFile(f.name, f.content_type or "", f.read()) for f in request.FILES.getlist("attachments")]


@require_POST
@agent_required
def ticket_compose(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    form = ComposeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == "note":
                services.ticket_note(ticket=ticket, agent=agent, body_text=data["body"], attachments=_files(request))
                if data["status"]:
                    services.ticket_change_status(ticket=ticket, status=data["status"], by=agent)
                messages.success(request, _("Note added."))
            else:
                services.ticket_reply(ticket=ticket, agent=agent, body_text=data["body"], attachments=_files(request),
                                      status=data["status"] or None)
                messages.success(request, _("Reply sent."))
            return redirect("tickets:detail", ticket_id=ticket.pk)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    # Typed text is never lost: the page comes back with the draft and the error.
    return render(request, "tickets/ticket.html", _ticket_context(request, agent, ticket, compose=form), status=400)


@require_POST
@agent_required
def ticket_update(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    form = TicketFieldsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the fields: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("tickets:detail", ticket_id=ticket.pk)
    data = form.cleaned_data
    reason = data["reason"]
    try:
        if data["status"] != ticket.status:
            ticket = services.ticket_change_status(ticket=ticket, status=data["status"], by=agent, reason=reason)
        if data["priority"] != ticket.priority:
            ticket = services.ticket_change_priority(ticket=ticket, priority=data["priority"], by=agent, reason=reason)
        wanted_category = data["category"]
        if "category" in request.POST and wanted_category != ticket.category_id:
            category = (
                Category.objects.filter(pk=wanted_category).first() if wanted_category else None
            )
            if wanted_category and category is None:
                raise NotFound(_("No such category."))
            ticket = services.ticket_change_category(
                ticket=ticket, category=category, by=agent, reason=reason
            )
        if data["queue"] != ticket.queue_id:
            target = Queue.objects.filter(pk=data["queue"]).first()
            if target is None:
                raise NotFound(_("No such queue."))
            ticket = services.ticket_change_queue(ticket=ticket, queue=target, by=agent, reason=reason)
        wanted = data["assignee"]
        if wanted != ticket.assignee_id:
            assignee = Agent.objects.filter(pk=wanted).first() if wanted else None
            ticket = services.ticket_assign(ticket=ticket, assignee=assignee, by=agent, reason=reason)
        tags = [t for t in data["tags"].split(",") if t.strip()]
        services.ticket_set_tags(ticket=ticket, tags=tags, by=agent, reason=reason)
        messages.success(request, _("Ticket updated."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    # The agent may have moved the ticket out of their own queues; go back to the inbox then.
    if not selectors.tickets_visible_to_agent(agent=agent).filter(pk=ticket.pk).exists():
        return redirect("tickets:inbox")
    return redirect("tickets:detail", ticket_id=ticket.pk)


@require_POST
@agent_required
def ticket_macro(request: HttpRequest, ticket_id: int, macro_id: int) -> HttpResponse:
    """Fill the composer with a macro's text in the guest's language (the agent edits, then sends)."""
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    macro = Macro.objects.filter(Q(queue__isnull=True) | Q(queue=ticket.queue), pk=macro_id, is_active=True).first()
    if macro is None:
        raise Http404(_("No such macro."))
    try:
        language, text = services.macro_render(macro=macro, ticket=ticket, agent=agent)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400)
    form = ComposeForm(initial={"kind": "reply", "body": text, "status": macro.set_status})
    return render(request, "tickets/ticket.html#composer",
                  {"ticket": ticket, "compose": form, "macros": [], "statuses": Status.choices,
                   "macro_language": language})


@require_POST
@agent_required
def ticket_merge(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            target = selectors.ticket_get_for_agent(agent=agent, ticket_id=form.cleaned_data["target"])
            services.ticket_merge(source=ticket, target=target, by=agent)
            messages.success(request, _("Merged into #%(number)s.") % {"number": target.number})
            return redirect("tickets:detail", ticket_id=target.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the number of the ticket to merge into."))
    return redirect("tickets:detail", ticket_id=ticket.pk)


@require_GET
@agent_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = Attachment.objects.select_related("message").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    _get_ticket(request, attachment.message.ticket_id)  # permission check
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename,
                            content_type=attachment.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and hasattr(request.user, "agent"):
        return redirect("tickets:inbox")
    return redirect(reverse("channels:portal_home"))
