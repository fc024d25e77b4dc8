"""The agent workspace: inbox lists and the ticket page. Thin: parse, selector/service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from omotenashi.accounts.models import Agent
from omotenashi.customers.selectors import guest_availability
from omotenashi.lib.errors import ApplicationError, NotFound
from omotenashi.tickets import selectors, services
from omotenashi.tickets.forms import ComposeForm, MergeForm, TicketFieldsForm
from omotenashi.tickets.models import Attachment, Category, Macro, Priority, Queue, Status, Ticket
from omotenashi.tickets.routing import selectors as routing_selectors
from omotenashi.tickets.services import IncomingFile

View = Callable[..., HttpResponseBase]


def agent_required(view: View) -> View:
    """Anonymous -> sign-in page; signed in without an agent profile -> 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agent = getattr(request.user, "agent", None)
        if agent is None:
            return render(request, "tickets/forbidden.html", status=403)
        request.agent = agent  # type: ignore[attr-defined]
        selectors.remember_queue_ids(agent=agent)
        _activate_agent_language(request)
        return view(request, *args, **kwargs)

    return wrapper


def _activate_agent_language(request: HttpRequest) -> None:
    """The workspace speaks the agent's chosen language; without a choice, the browser's.

    Only the workspace: on the portal an agent sees what guests see (its own language picker).
    """
    language = getattr(request.user, "language", "")
    if language and language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def workspace_nav(agent: Agent) -> dict[str, Any]:
    queues = list(selectors.queues_for_agent(agent=agent))
    counts = selectors.inbox_counts_for_agent(agent=agent)
    for q in queues:
        q.open_count = counts.waiting_per_queue.get(q.pk, 0)  # type: ignore[attr-defined]
    nav_counts = {
        "mine": counts.mine,
        "unassigned": counts.unassigned,
        "at_risk": counts.at_risk,
        "triage": routing_selectors.triage_count(agent=agent),
    }
    return {"nav_queues": queues, "nav_counts": nav_counts}


VIEWS = {
    "mine": gettext_lazy("Mine"),
    "unassigned": gettext_lazy("Unassigned"),
    "at-risk": gettext_lazy("At risk of SLA breach"),
    "all": gettext_lazy("All I may see"),
}


def _filters_for(
    view: str, agent: Agent, queue: Queue | None, status: str
) -> selectors.TicketFilters:
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


# --- the list a ticket was opened from (next / previous ticket) ------------------------------


@dataclass(frozen=True)
class TicketList:
    """An inbox view as the ticket page remembers it: `?list=<view or queue:slug>&status=&sort=`.

    `order` is the list's sort ("attention", the inbox's default, or "activity").
    """

    view: str
    queue: Queue | None
    status: str
    order: str = "attention"

    @property
    def key(self) -> str:
        return f"queue:{self.queue.slug}" if self.queue else self.view

    @property
    def title(self) -> str:
        return self.queue.name if self.queue else str(VIEWS[self.view])

    def query(self, *, position: str | None = None) -> str:
        params = {"list": self.key}
        if self.status:
            params["status"] = self.status
        if self.order != "attention":
            params["sort"] = self.order
        if position:
            params["at"] = position
        return urlencode(params)

    def url(self) -> str:
        if self.queue:
            path = reverse("tickets:queue", args=[self.queue.slug])
        elif self.view == "mine":
            path = reverse("tickets:inbox")
        else:
            path = reverse("tickets:inbox_view", args=[self.view])
        params = {"status": self.status} if self.status else {}
        if self.order != "attention":
            params["sort"] = self.order
        return f"{path}?{urlencode(params)}" if params else path


def _ticket_list(request: HttpRequest, agent: Agent) -> TicketList | None:
    """The list named in the query string, if it is one the agent may open; else None."""
    key = request.GET.get("list", "")
    status = request.GET.get("status", "")
    if status not in Status.values and status != "any":
        status = ""
    order = _order(request)
    if key.startswith("queue:"):
        slug = key.removeprefix("queue:")
        queue = selectors.queues_for_agent(agent=agent).filter(slug=slug).first()
        return TicketList("queue", queue, status, order) if queue else None
    return TicketList(key, None, status, order) if key in VIEWS else None


def _order(request: HttpRequest) -> str:
    """Upset or urgent guests first (tickets.routing scores them), unless the agent asks for
    plain latest activity."""
    return "activity" if request.GET.get("sort") == "activity" else "attention"


def _kept_query(request: HttpRequest) -> str:
    """The list context (`list`, `status`, `at`) a request came with, as a query string."""
    return urlencode(
        {k: request.GET[k] for k in ("list", "status", "sort", "at") if request.GET.get(k)}
    )


def _detail_url(ticket_id: int, request: HttpRequest) -> str:
    """The ticket page, keeping the list context the request came with."""
    path = reverse("tickets:detail", args=[ticket_id])
    kept = _kept_query(request)
    return f"{path}?{kept}" if kept else path


def _list_nav(request: HttpRequest, agent: Agent, ticket: Ticket) -> dict[str, Any] | None:
    ticket_list = _ticket_list(request, agent)
    if ticket_list is None:
        return None
    position = request.GET.get("at") or None
    filters = _filters_for(ticket_list.view, agent, ticket_list.queue, ticket_list.status)
    try:
        neighbours = selectors.ticket_neighbours_for_agent(
            agent=agent, filters=filters, ticket=ticket, position=position, order=ticket_list.order
        )
    except ApplicationError:  # a cursor cut short or edited by hand: the ticket's own place
        position = None
        neighbours = selectors.ticket_neighbours_for_agent(
            agent=agent, filters=filters, ticket=ticket, order=ticket_list.order
        )

    def link(other: Ticket | None) -> str | None:
        if other is None:
            return None
        query = ticket_list.query(position=selectors.encode_cursor(other, order=ticket_list.order))
        return f"{reverse('tickets:detail', args=[other.pk])}?{query}"

    return {
        "title": ticket_list.title,
        "url": ticket_list.url(),
        "query": ticket_list.query(position=position),
        "previous": neighbours.previous,
        "previous_url": link(neighbours.previous),
        "next": neighbours.next,
        "next_url": link(neighbours.next),
    }


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
    order = _order(request)
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
    # Each row links to its ticket with this list and its place in it, so the ticket page
    # can offer the next and previous ticket (the j / k shortcuts).
    kept_status = status if status in Status.values or status == "any" else ""
    ticket_list = TicketList(view, queue, kept_status, order)
    for t in page.items:
        position = selectors.encode_cursor(t, order=order)
        t.list_query = ticket_list.query(position=position)  # type: ignore[attr-defined]
    context = {
        "view": view,
        "view_title": queue.name if queue else VIEWS[view],
        "queue": queue,
        "page": page,
        "status_filter": status,
        "statuses": Status.choices,
        "order": order,
    }
    if request.headers.get("HX-Request"):
        return render(request, "tickets/inbox.html#rows", context)
    return render(request, "tickets/inbox.html", {**context, **workspace_nav(agent)})


def _ticket_context(
    request: HttpRequest, agent: Agent, ticket: Ticket, **extra: Any
) -> dict[str, Any]:
    guest = ticket.requester
    visible_history = (
        selectors.tickets_visible_to_agent(agent=agent)
        .filter(requester=guest)
        .exclude(pk=ticket.pk)
        .select_related("queue")
        .order_by("-created_at")[:8]
    )
    macros = Macro.objects.filter(is_active=True).filter(
        Q(queue__isnull=True) | Q(queue=ticket.queue)
    )
    queues = Queue.objects.select_related("team").order_by("name")
    assignable = (
        Agent.objects.filter(Q(teams=ticket.queue.team_id) | Q(role="admin"))
        .distinct()
        .order_by("display_name")
    )
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
        "list_nav": _list_nav(request, agent, ticket),
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
        return render(
            request,
            "tickets/ticket.html#conversation",
            {
                "ticket": ticket,
                "conversation": selectors.ticket_messages(ticket=ticket, include_notes=True),
            },
        )
    return render(request, "tickets/ticket.html", _ticket_context(request, request.agent, ticket))  # type: ignore[attr-defined]


def _files(request: HttpRequest) -> list[IncomingFile]:
    return [
        IncomingFile(f.name or "", f.content_type or "", f.read())
        for f in request.FILES.getlist("attachments")
    ]


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
                services.ticket_note(
                    ticket=ticket, agent=agent, body_text=data["body"], attachments=_files(request)
                )
                if data["status"]:
                    services.ticket_change_status(ticket=ticket, status=data["status"], by=agent)
                messages.success(request, _("Note added."))
            else:
                services.ticket_reply(
                    ticket=ticket,
                    agent=agent,
                    body_text=data["body"],
                    attachments=_files(request),
                    status=data["status"] or None,
                )
                messages.success(request, _("Reply sent."))
            return redirect(_detail_url(ticket.pk, request))
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    # Typed text is never lost: the page comes back with the draft and the error.
    return render(
        request,
        "tickets/ticket.html",
        _ticket_context(request, agent, ticket, compose=form),
        status=400,
    )


@require_POST
@agent_required
def ticket_update(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    form = TicketFieldsForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Please check the fields: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect(_detail_url(ticket.pk, request))
    data = form.cleaned_data
    reason = data["reason"]
    try:
        if data["status"] != ticket.status:
            ticket = services.ticket_change_status(
                ticket=ticket, status=data["status"], by=agent, reason=reason
            )
        if data["priority"] != ticket.priority:
            ticket = services.ticket_change_priority(
                ticket=ticket, priority=data["priority"], by=agent, reason=reason
            )
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
            ticket = services.ticket_change_queue(
                ticket=ticket, queue=target, by=agent, reason=reason
            )
        wanted = data["assignee"]
        if wanted != ticket.assignee_id:
            assignee = Agent.objects.filter(pk=wanted).first() if wanted else None
            ticket = services.ticket_assign(
                ticket=ticket, assignee=assignee, by=agent, reason=reason
            )
        tags = [t for t in data["tags"].split(",") if t.strip()]
        services.ticket_set_tags(ticket=ticket, tags=tags, by=agent, reason=reason)
        messages.success(request, _("Ticket updated."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    # The agent may have moved the ticket out of their own queues; go back to the inbox then.
    if not selectors.tickets_visible_to_agent(agent=agent).filter(pk=ticket.pk).exists():
        return redirect("tickets:inbox")
    return redirect(_detail_url(ticket.pk, request))


@require_POST
@agent_required
def ticket_macro(request: HttpRequest, ticket_id: int, macro_id: int) -> HttpResponse:
    """Fill the composer with a macro's text in the guest's language (the agent edits,
    then sends)."""
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    macro = Macro.objects.filter(
        Q(queue__isnull=True) | Q(queue=ticket.queue), pk=macro_id, is_active=True
    ).first()
    if macro is None:
        raise Http404(_("No such macro."))
    try:
        language, text = services.macro_render(macro=macro, ticket=ticket, agent=agent)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400)
    form = ComposeForm(initial={"kind": "reply", "body": text, "status": macro.set_status})
    return render(
        request,
        "tickets/ticket.html#composer",
        {
            "ticket": ticket,
            "compose": form,
            "macros": [],
            "statuses": Status.choices,
            "macro_language": language,
            "list_nav": {"query": _kept_query(request)},
        },
    )


@require_POST
@agent_required
def ticket_merge(request: HttpRequest, ticket_id: int) -> HttpResponse:
    agent: Agent = request.agent  # type: ignore[attr-defined]
    ticket = _get_ticket(request, ticket_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            target = selectors.ticket_get_for_agent(
                agent=agent, ticket_id=form.cleaned_data["target"]
            )
            services.ticket_merge(source=ticket, target=target, by=agent)
            messages.success(request, _("Merged into #%(number)s.") % {"number": target.number})
            return redirect("tickets:detail", ticket_id=target.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the number of the ticket to merge into."))
    return redirect(_detail_url(ticket.pk, request))


@require_GET
@agent_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    attachment = Attachment.objects.select_related("message").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    _get_ticket(request, attachment.message.ticket_id)  # permission check
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and hasattr(request.user, "agent"):
        return redirect("tickets:inbox")
    return redirect(reverse("channels:portal_home"))
