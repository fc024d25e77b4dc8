"""/api/v1/search: full-text search over the tickets the caller may see.

Mounted by omotenashi/api.py at /search; auth (bearer token -> Agent) and the error
envelope are inherited from there.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from omotenashi.accounts.api import Ref, agent_of, errors
from omotenashi.search.selectors import MAX_LIMIT, Hit, search_tickets
from omotenashi.search.text import MAX_QUERY_CHARS

router = Router(tags=["search"])


class SearchTicketOut(Schema):
    id: int
    number: int
    subject: str
    status: str
    queue: Ref
    requester: Ref


class SearchItemOut(Schema):
    ticket: SearchTicketOut
    rank: float = Field(
        description="Relevance, higher is better; comparable within one answer only."
    )
    snippet: str = Field(
        description="An excerpt as HTML: text escaped, matched words in <mark>. "
        "Safe to insert into a page."
    )


class SearchOut(Schema):
    items: list[SearchItemOut]


class SearchParams(Schema):
    q: str = Field(
        "", max_length=MAX_QUERY_CHARS, description="What to look for; '#123' finds ticket 123."
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, description="Skip this many results (the next page).")
    open: bool = Field(False, description="Only tickets that are not solved or closed.")


def _item(hit: Hit) -> SearchItemOut:
    ticket = hit.ticket
    return SearchItemOut(
        ticket=SearchTicketOut(
            id=ticket.pk,
            number=ticket.number,
            subject=ticket.subject,
            status=ticket.status,
            queue=Ref(id=ticket.queue.pk, name=ticket.queue.name),
            requester=Ref(id=ticket.requester.pk, name=ticket.requester.name),
        ),
        rank=round(hit.rank, 6),
        snippet=hit.snippet,
    )


@router.get("", response={200: SearchOut, **errors(422)}, summary="Search tickets")
def search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Subject, messages (internal notes too) and guest names and addresses, ranked.

    Only tickets in the caller's queues are searched. The last word matches as a prefix
    while typing (no trailing space); "quoted words" must appear together.
    """
    hits = search_tickets(
        agent=agent_of(request),
        query=params.q,
        limit=params.limit,
        offset=params.offset,
        open_only=params.open,
    )
    return SearchOut(items=[_item(hit) for hit in hits])
