"""Writes to the search index. The index is derived data: every function here rebuilds
documents from the tickets, messages and guests as they are in the database, so running
one twice, or late, is harmless.

Keeping in step (docs/decisions/0007-search-index-in-the-same-transaction.md): the
ticket hooks rebuild a ticket's document inside the ticket's own transaction, so a
committed message is always searchable and a rolled-back one never is. Indexing never
blocks the ticket: a failure rolls back to a savepoint, is logged, and is retried after
commit by a task. Guest renames and new addresses reach the index through
`search_reindex_guest` and the periodic `search_catch_up`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Literal

from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django.utils import timezone

from omotenashi.customers.models import Guest, GuestEmail
from omotenashi.search.backends import IndexRow, get_backend
from omotenashi.search.models import SearchCheckpoint, SearchDocument
from omotenashi.search.text import TEXT_VERSION, index_text, iter_chunks
from omotenashi.tickets.models import OPEN_STATUSES, Message, Ticket

logger = logging.getLogger(__name__)

# Indexed text per ticket is bounded: a pasted log of megabytes would only slow every
# write of that ticket and drown its ranking. The first part of each message is kept.
BODY_CHARS_PER_MESSAGE = 20_000
BODY_CHARS_PER_TICKET = 100_000
DEFAULT_BATCH = 1000
CATCH_UP_CHECKPOINT = "catch-up"
# A transaction that saved a guest before the previous sweep may commit after it; looking
# back this far past the checkpoint catches it (re-indexing a few guests twice is cheap).
CATCH_UP_OVERLAP = timedelta(minutes=10)

ReindexScope = Literal["all", "missing", "stale"]


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _people_rows(cursor: CursorWrapper, ids: list[int]) -> list[tuple[int, str, str, str | None]]:
    """(ticket id, name, preferred name, address) of the requester and every CC of these tickets."""
    ticket, guest, email = _table(Ticket), _table(Guest), _table(GuestEmail)
    ccs = connection.ops.quote_name(Ticket.ccs.through._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    # Table names come from the models and are quoted; every value is a parameter.
    cursor.execute(
        "SELECT x.ticket_id, g.name, g.preferred_name, e.address FROM ("  # noqa: S608
        f" SELECT id AS ticket_id, requester_id AS guest_id FROM {ticket} WHERE id IN ({marks})"
        f" UNION SELECT ticket_id, guest_id FROM {ccs} WHERE ticket_id IN ({marks})"
        f") AS x JOIN {guest} AS g ON g.id = x.guest_id"
        f" LEFT JOIN {email} AS e ON e.guest_id = g.id",
        [*ids, *ids],
    )
    rows: list[tuple[int, str, str, str | None]] = cursor.fetchall()
    return rows


def _index_rows(
    tickets: Sequence[tuple[int, str, int, str]],
    messages: Iterable[tuple[int, str | None]],
    people_rows: Iterable[tuple[int, str, str, str | None]],
) -> list[IndexRow]:
    """Documents from (id, subject, queue id, status) per ticket, (ticket id, body) per
    message in order, each body cut to BODY_CHARS_PER_MESSAGE, and _people_rows."""
    bodies: dict[int, list[str]] = defaultdict(list)
    budget: dict[int, int] = defaultdict(lambda: BODY_CHARS_PER_TICKET)
    for ticket_id, text in messages:
        if budget[ticket_id] > 0 and text:
            bodies[ticket_id].append(text[: budget[ticket_id]])
            budget[ticket_id] -= len(text)
    people: dict[int, dict[str, None]] = defaultdict(dict)  # ordered sets
    for ticket_id, name, preferred, address in people_rows:
        for part in (name, preferred, address):
            if part:
                people[ticket_id][part] = None
    return [
        IndexRow(
            ticket_id=ticket_id,
            queue_id=queue_id,
            is_open=status in OPEN_STATUSES,
            subject=index_text(subject),
            people=index_text("\n".join(people[ticket_id])),
            body=index_text("\n".join(bodies[ticket_id])),
        )
        for ticket_id, subject, queue_id, status in tickets
    ]


def _documents(ticket_ids: Sequence[int]) -> list[IndexRow]:
    """Documents for these tickets as the database has them: three queries, whatever the count.

    Plain SQL rather than the ORM: this runs inside every ticket write, and building ORM
    queries cost more than running them (measured in docs/performance.md).
    """
    if not ticket_ids:
        return []
    ids = list(ticket_ids)
    marks = ", ".join(["%s"] * len(ids))
    ticket, message = _table(Ticket), _table(Message)
    # Table names come from the models and are quoted; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, subject, queue_id, status FROM {ticket} WHERE id IN ({marks})",  # noqa: S608
            ids,
        )
        tickets = cursor.fetchall()
        if not tickets:
            return []
        cursor.execute(
            f"SELECT ticket_id, SUBSTR(body_text, 1, %s) FROM {message}"  # noqa: S608
            f" WHERE ticket_id IN ({marks}) ORDER BY ticket_id, created_at, id",
            [BODY_CHARS_PER_MESSAGE, *ids],
        )
        messages = cursor.fetchall()
        people_rows = _people_rows(cursor, ids)
    return _index_rows(tickets, messages, people_rows)


def _new_ticket_document(ticket: Ticket, message: Message) -> list[IndexRow]:
    """The document of a ticket just created, from the ticket and first message in hand.

    One query (its people: addresses are not in hand) instead of three; the same rows as
    `_documents` gives for the ticket (test_index holds the two to each other). Only for
    the creating transaction, where the ticket has no other message yet.
    """
    with connection.cursor() as cursor:
        people_rows = _people_rows(cursor, [ticket.pk])
    return _index_rows(
        [(ticket.pk, ticket.subject, ticket.queue_id, ticket.status)],
        [(ticket.pk, message.body_text[:BODY_CHARS_PER_MESSAGE])],
        people_rows,
    )


def _write_documents(ticket_ids: Iterable[int]) -> int:
    rows = _documents(list(dict.fromkeys(ticket_ids)))
    get_backend().upsert(rows, indexed_at=timezone.now(), text_version=TEXT_VERSION)
    return len(rows)


@transaction.atomic
def search_index_tickets(*, ticket_ids: Iterable[int]) -> int:
    """Rebuild the documents of these tickets; ids of tickets that no longer exist are skipped.

    Returns how many documents were written.
    """
    return _write_documents(ticket_ids)


def _update_filters(ticket: Ticket) -> None:
    """Copy the ticket's queue and open state to its document (no text rebuild)."""
    SearchDocument.objects.filter(pk=ticket.pk).update(
        queue_id=ticket.queue_id, is_open=ticket.status in OPEN_STATUSES
    )


def search_reindex(
    *,
    scope: ReindexScope = "all",
    batch: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild documents in batches of `batch` tickets, each batch its own transaction.

    scope: "all" every ticket; "missing" tickets without a document; "stale" documents
    written by an older text version. Walks every ticket by id either way (a keyset scan)
    and checks each batch's documents by primary key: an anti-join over the whole table
    per batch would make a large reindex quadratic. `progress` is called with the number
    of tickets visited per batch. Returns how many documents were written. Safe to
    interrupt and to run while the desk is in use: hooks keep working meanwhile.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    if scope not in ("all", "missing", "stale"):
        raise ValueError(f"unknown reindex scope {scope!r}")
    last_id = 0
    total = 0
    while True:
        ids = list(
            Ticket.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            break
        last_id = ids[-1]
        todo = ids
        if scope == "missing":
            indexed = set(SearchDocument.objects.filter(pk__in=ids).values_list("pk", flat=True))
            todo = [i for i in ids if i not in indexed]
        elif scope == "stale":
            todo = list(
                SearchDocument.objects.filter(
                    pk__in=ids, text_version__lt=TEXT_VERSION
                ).values_list("pk", flat=True)
            )
        if todo:
            total += search_index_tickets(ticket_ids=todo)
        if progress is not None:
            progress(len(ids))
    if scope == "all":
        get_backend().optimize()
    return total


def search_reindex_visits() -> int:
    """How many tickets a reindex visits (the total of its progress bar)."""
    return Ticket.objects.count()


def _guest_ticket_ids(guest_ids: Iterable[int]) -> list[int]:
    guest_ids = list(guest_ids)
    if not guest_ids:
        return []
    return list(
        Ticket.objects.filter(Q(requester_id__in=guest_ids) | Q(ccs__in=guest_ids))
        .values_list("id", flat=True)
        .distinct()
    )


def search_reindex_guest(*, guest_id: int, batch: int = DEFAULT_BATCH) -> int:
    """Rebuild the documents of every ticket the guest requested or is copied on.

    For a rename or a new address; each batch commits on its own.
    """
    total = 0
    for ids in iter_chunks(_guest_ticket_ids([guest_id]), batch):
        total += search_index_tickets(ticket_ids=ids)
    return total


def search_catch_up(*, now: datetime | None = None, batch: int = DEFAULT_BATCH) -> int:
    """The periodic safety net: index what the hooks could not see or failed to write.

    - tickets of guests renamed or given an address since the last run (customers has no
      hook into search; see search_reindex_guest for the immediate path);
    - recently changed tickets that have no document (a failed hook whose retry was lost).

    The first run only records where it starts: an existing desk is indexed once with
    `omotenashi reindex_search`. Returns how many documents were written.
    """
    now = now or timezone.now()
    checkpoint = SearchCheckpoint.objects.filter(name=CATCH_UP_CHECKPOINT).first()
    total = 0
    if checkpoint is not None:
        since = checkpoint.value - CATCH_UP_OVERLAP
        guest_ids = set(Guest.objects.filter(updated_at__gte=since).values_list("id", flat=True))
        guest_ids |= set(
            GuestEmail.objects.filter(created_at__gte=since).values_list("guest_id", flat=True)
        )
        missing = Ticket.objects.filter(
            updated_at__gte=since, search_document__isnull=True
        ).values_list("id", flat=True)
        ticket_ids = sorted(set(_guest_ticket_ids(guest_ids)) | set(missing))
        for ids in iter_chunks(ticket_ids, batch):
            total += search_index_tickets(ticket_ids=ids)
    SearchCheckpoint.objects.update_or_create(name=CATCH_UP_CHECKPOINT, defaults={"value": now})
    if total:
        logger.info("search catch-up indexed %d tickets", total)
    return total


# --- ticket hooks (registered in SearchConfig.ready) ---------------------------------------

_REBUILD_FIELDS = frozenset({"subject", "requester", "merged_into"})
_FILTER_FIELDS = frozenset({"queue", "status"})


def _safely(ticket_ids: list[int], work: Callable[[], object]) -> None:
    """Run index work in a savepoint; on failure keep the ticket's transaction and retry later.

    The ticket is what matters: a bug or a broken index must never lose a guest's message.
    """
    try:
        with transaction.atomic():
            work()
    except Exception:
        logger.exception("search indexing failed for tickets %s; retrying after commit", ticket_ids)
        from omotenashi.search import tasks

        transaction.on_commit(lambda: tasks.reindex_tickets.delay(ticket_ids))


# The first message of the ticket whose document on_ticket_created has just written (or
# queued for a retry): on_message_added, called next for the same message, skips it.
_written_at_creation: ContextVar[int | None] = ContextVar(
    "omotenashi_search_written_at_creation", default=None
)


def on_ticket_created(ticket: Ticket, first_message: Message) -> None:
    """A new ticket: its document from the objects in hand (two reads less per creation)."""
    ids = [ticket.pk]

    def work() -> None:
        rows = _new_ticket_document(ticket, first_message)
        get_backend().upsert(rows, indexed_at=timezone.now(), text_version=TEXT_VERSION)

    _safely(ids, work)
    _written_at_creation.set(first_message.pk)


def on_message_added(message: Message) -> None:
    """Every new message: rebuild the ticket's document (the first message of a new ticket
    only when on_ticket_created did not run for it)."""
    if message.pk is not None and _written_at_creation.get() == message.pk:
        _written_at_creation.set(None)
        return
    ids = [message.ticket_id]
    _safely(ids, lambda: _write_documents(ids))


def on_ticket_changed(ticket: Ticket, fields: list[str]) -> None:
    """Rebuild on text changes (a merge moves messages); copy queue and status otherwise."""
    changed = set(fields)
    if changed & _REBUILD_FIELDS:
        ids = [ticket.pk]
        if "merged_into" in changed and ticket.merged_into_id:
            ids.append(ticket.merged_into_id)
        _safely(ids, lambda: _write_documents(ids))
    elif changed & _FILTER_FIELDS:
        _safely([ticket.pk], lambda: _update_filters(ticket))
