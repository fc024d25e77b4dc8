"""Searching tickets: the one read that takes free text. Permission-checked like every
ticket selector: an agent finds only tickets in their teams' queues (admins: all queues).

Internal notes are searched too: this is an agent-only read. A guest-facing search must
not reuse it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models.functions import Substr

from omotenashi.accounts.models import Agent
from omotenashi.lib.errors import ValidationFailed
from omotenashi.search.backends import CANDIDATE_POOL, get_backend
from omotenashi.search.text import MAX_QUERY_CHARS, ParsedQuery, parse_query, snippet
from omotenashi.tickets.models import OPEN_STATUSES, Message, Ticket
from omotenashi.tickets.selectors import agent_queue_ids

MAX_LIMIT = 50
# Rank reported for the ticket named by its number ("#123"): above any text rank, so
# it comes first; ranks are only comparable within one result list.
NUMBER_MATCH_RANK = 1000.0
# Characters of each message read to build a snippet.
SNIPPET_SOURCE_CHARS = 20_000


@dataclass(frozen=True)
class Hit:
    """A found ticket (queue and requester selected), its rank (higher is better) and an
    HTML snippet: escaped text with the matched words in <mark>."""

    ticket: Ticket
    rank: float
    snippet: str


def _number_hit(*, number: int, queue_ids: list[int] | None, open_only: bool) -> int | None:
    qs = Ticket.objects.filter(pk=number)
    if queue_ids is not None:
        qs = qs.filter(queue_id__in=queue_ids)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.values_list("id", flat=True).first()


def _hits(
    ranked: list[tuple[int, float]], *, query: ParsedQuery, queue_ids: list[int] | None
) -> list[Hit]:
    ids = [ticket_id for ticket_id, _ in ranked]
    tickets = Ticket.objects.select_related("queue", "requester").filter(pk__in=ids)
    if queue_ids is not None:
        # The index already filtered by queue; checking again on the ticket itself costs
        # nothing at this size and keeps a stale document from ever leaking a ticket.
        tickets = tickets.filter(queue_id__in=queue_ids)
    by_id = {ticket.pk: ticket for ticket in tickets}
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Message.objects.filter(ticket_id__in=list(by_id))
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", Substr("body_text", 1, SNIPPET_SOURCE_CHARS))
    )
    for ticket_id, text in rows:
        texts[ticket_id].append(text)
    return [
        Hit(ticket=by_id[ticket_id], rank=rank, snippet=snippet(texts[ticket_id], query))
        for ticket_id, rank in ranked
        if ticket_id in by_id
    ]


def search_tickets(
    *, agent: Agent, query: str, limit: int = 20, offset: int = 0, open_only: bool = False
) -> list[Hit]:
    """Tickets matching `query` that `agent` may see, best first (ties: newest first).

    Searches the subject, every message (notes included) and the names and addresses of
    the requester and CCs. "#123" or "123" puts ticket 123 first when the agent may see
    it. Text ranking covers the newest backends.CANDIDATE_POOL matches (see there), so
    `offset` beyond that returns nothing. Raises ValidationFailed for an over-long query.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise ValidationFailed(
            f"The search text is longer than {MAX_QUERY_CHARS} characters.", field="q"
        )
    parsed = parse_query(query)
    if parsed.is_empty:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    queue_ids = agent_queue_ids(agent=agent)
    if queue_ids is not None and not queue_ids:
        return []

    ranked: list[tuple[int, float]] = []
    if parsed.number is not None:
        number_id = _number_hit(number=parsed.number, queue_ids=queue_ids, open_only=open_only)
        if number_id is not None:
            ranked.append((number_id, NUMBER_MATCH_RANK))
    if offset > 0 and ranked:
        # The number hit occupies the first place of the first page.
        offset, ranked = offset - 1, []
    if parsed.clauses and offset < CANDIDATE_POOL:
        found = get_backend().candidates(
            query=parsed,
            queue_ids=queue_ids,
            open_only=open_only,
            limit=limit + len(ranked),
            offset=offset,
        )
        seen = {ticket_id for ticket_id, _ in ranked}
        ranked += [(ticket_id, rank) for ticket_id, rank in found if ticket_id not in seen]
    return _hits(ranked[:limit], query=parsed, queue_ids=queue_ids)
