"""The agent's search page (the header's search box)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from omotenashi.lib.errors import ApplicationError
from omotenashi.search.selectors import search_tickets
from omotenashi.search.text import parse_query
from omotenashi.tickets.views import agent_required, workspace_nav


@require_GET
@agent_required
def search_page(request: HttpRequest) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()
    open_only = request.GET.get("open") == "1"
    hits = []
    error = ""
    if query:
        try:
            hits = search_tickets(agent=agent, query=query, limit=50, open_only=open_only)
        except ApplicationError as exc:
            error = exc.message
        # "#123" (just a number) goes straight to that ticket when the agent may see it.
        number = parse_query(query).number
        if (
            number is not None
            and query.lstrip("#").isdigit()
            and hits
            and hits[0].ticket.pk == number
        ):
            return redirect("tickets:detail", ticket_id=number)
    context = {
        "query": query,
        "hits": hits,
        "error": error,
        "open_only": open_only,
        **workspace_nav(agent),
    }
    return render(request, "search/search.html", context)
