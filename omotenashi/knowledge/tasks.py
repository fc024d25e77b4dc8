"""Celery tasks of the knowledge base: thin and idempotent (a vector that already matches
its text is skipped), each also reachable through `omotenashi reindex_knowledge`."""

from __future__ import annotations

from celery import shared_task

from omotenashi.knowledge import services


@shared_task(
    name="omotenashi.knowledge.tasks.embed_documents",
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)  # type: ignore[untyped-decorator]
def embed_documents(keys: list[str]) -> int:
    """Vectors for documents whose text changed (queued after the change committed)."""
    return services.embed_documents(keys=keys)


# A sweep encodes at most this many documents (~20 s on one core): in the embedded setup
# the periodic jobs share one thread, and mail polling must not wait behind a long run.
# Normally there is nothing to do; after an encoder upgrade, run `reindex_knowledge`.
SWEEP_LIMIT = 100


@shared_task(name="omotenashi.knowledge.tasks.embed_missing")  # type: ignore[untyped-decorator]
def embed_missing() -> int:
    """Periodic safety net (omotenashi/celery.py): vectors a lost task never wrote."""
    return services.embed_documents(limit=SWEEP_LIMIT)
