"""Celery tasks for the search index: thin, idempotent (every one rebuilds from the
database), each also reachable by hand through `omotenashi reindex_search`."""

from __future__ import annotations

from celery import shared_task

from omotenashi.search import services


@shared_task(
    name="omotenashi.search.tasks.reindex_tickets",
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)  # type: ignore[untyped-decorator]
def reindex_tickets(ticket_ids: list[int]) -> int:
    """Retry of a hook that failed inside a ticket's transaction."""
    return services.search_index_tickets(ticket_ids=ticket_ids)


@shared_task(
    name="omotenashi.search.tasks.reindex_guest",
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)  # type: ignore[untyped-decorator]
def reindex_guest(guest_id: int) -> int:
    """After a guest's name or addresses changed."""
    return services.search_reindex_guest(guest_id=guest_id)


@shared_task(name="omotenashi.search.tasks.reindex_all")  # type: ignore[untyped-decorator]
def reindex_all(scope: services.ReindexScope = "all", batch: int = services.DEFAULT_BATCH) -> int:
    return services.search_reindex(scope=scope, batch=batch)


@shared_task(name="omotenashi.search.tasks.catch_up")  # type: ignore[untyped-decorator]
def catch_up() -> int:
    """Periodic (omotenashi/celery.py): guest renames and documents a failed hook left out."""
    return services.search_catch_up()
