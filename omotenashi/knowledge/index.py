"""The retrieval index of this process, kept in step with the `RetrievalDocument` rows.

Every web process (and worker) holds one `HybridIndex` (engine/retrieval.py) in memory:
BM25 postings and a float32 vector matrix. It is loaded on first use and then follows the
database: before a search, at most once per SYNC_SECONDS, it reads the rows changed since
its last look (with an overlap, so a transaction that committed late with an earlier
timestamp is still seen) and applies them in place. Rows that vanished (an admin deleted
a ticket) are noticed by a count, checked every COUNT_SECONDS, and answered with a reload.
docs/decisions/0200-hybrid-retrieval-in-the-engine.md has the reasoning and the sizes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Max
from django.utils import timezone

from omotenashi.engine.background import BACKGROUND_PASSAGES
from omotenashi.engine.embeddings import CachedEncoder, get_encoder
from omotenashi.engine.retrieval import FloatArray, HybridIndex, IndexDoc
from omotenashi.knowledge.models import RetrievalDocument

logger = logging.getLogger(__name__)

SYNC_SECONDS = 1.0
COUNT_SECONDS = 30.0
# How far back each look reaches past the newest change already seen: a transaction that
# wrote its rows up to this long before committing is still seen. Rows in the window are
# first read without their text and vector, and only changed ones are read in full.
OVERLAP = timedelta(seconds=15)
LOAD_BATCH = 2000
_FIELDS = (
    "key",
    "text",
    "title",
    "group",
    "parent",
    "language",
    "live",
    "content_hash",
    "vector",
    "vector_model",
    "vector_hash",
    "updated_at",
)
_VERSION_FIELDS = (
    "pk",
    "key",
    "live",
    "content_hash",
    "vector_hash",
    "vector_model",
    "group",
    "parent",
    "language",
    "updated_at",
)


def passage_encoder() -> CachedEncoder:
    """The encoder of documents (multilingual-e5-small, "passage: ")."""
    return get_encoder("e5-passage")


def query_encoder() -> CachedEncoder:
    """The encoder of questions (multilingual-e5-small, "query: ")."""
    return get_encoder("e5-query")


_BACKGROUND: dict[str, FloatArray] = {}
_BACKGROUND_LOCK = threading.Lock()


def background_vectors() -> FloatArray:
    """Vectors of the engine's background passages (engine/background.py), once per process."""
    encoder = passage_encoder()
    with _BACKGROUND_LOCK:
        vectors = _BACKGROUND.get(encoder.name)
        if vectors is None:
            vectors = encoder.encode(list(BACKGROUND_PASSAGES))
            _BACKGROUND[encoder.name] = vectors
        return vectors


def _version(
    content: object, vhash: object, group: object, parent: object, language: object
) -> str:
    """Anything that changes what the index holds for a row changes its version."""
    return f"{content}:{vhash}:{group}:{parent}:{language}"


def _doc(row: tuple[object, ...], model: str, dim: int) -> IndexDoc:
    key, text, title, group, parent, language, _live, content_hash, blob, vmodel, vhash, _ = row
    vector = None
    if blob and vmodel == model and vhash == content_hash:
        array = np.frombuffer(bytes(blob), dtype=np.float32)  # type: ignore[call-overload]
        if array.shape == (dim,):
            vector = array
    return IndexDoc(
        key=str(key),
        text=f"{title}\n{text}",
        group=str(group),
        parent=str(parent),
        lang=str(language),
        version=_version(
            content_hash, vhash if vector is not None else "", group, parent, language
        ),
        vector=vector,
    )


class KnowledgeIndex:
    """The process's index and its bookkeeping; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: HybridIndex | None = None
        self._seen_until: datetime | None = None
        self._last_sync = 0.0
        self._last_count = 0.0
        self.model = ""

    def reset(self) -> None:
        """Forget everything; the next use loads afresh (tests, after a rebuild)."""
        with self._lock:
            self._index = None
            self._seen_until = None

    def _model(self, vectors: bool) -> tuple[str, int]:
        if not vectors:
            return "", 0
        encoder = passage_encoder()
        return encoder.name, encoder.dim

    def _apply(self, index: HybridIndex, rows: Iterable[tuple[object, ...]], dim: int) -> None:
        live: list[IndexDoc] = []
        gone: list[str] = []
        for row in rows:
            if row[6]:
                live.append(_doc(row, index.model, dim))
            else:
                gone.append(str(row[0]))
            if len(live) >= LOAD_BATCH:
                index.upsert(live)
                live = []
        index.upsert(live)
        index.remove(gone)

    def _load(self, vectors: bool) -> HybridIndex:
        model, dim = self._model(vectors)
        started = time.monotonic()
        index = HybridIndex(dim=dim, model=model)
        # The high-water mark is read first: rows changed during the load are read again
        # by the next catch-up (applying a row twice is harmless).
        mark = RetrievalDocument.objects.aggregate(m=Max("updated_at"))["m"]
        last = 0
        while True:
            rows = list(
                RetrievalDocument.objects.filter(pk__gt=last, live=True)
                .order_by("pk")
                .values_list("pk", *_FIELDS)[:LOAD_BATCH]
            )
            if not rows:
                break
            last = int(rows[-1][0])
            self._apply(index, [r[1:] for r in rows], dim)
        self._seen_until = mark
        self._last_count = time.monotonic()
        logger.info(
            "knowledge index loaded: %d documents in %.1f s", len(index), time.monotonic() - started
        )
        return index

    def get(self, *, vectors: bool) -> HybridIndex:
        """The index, caught up with the database (at most SYNC_SECONDS behind)."""
        with self._lock:
            model, _ = self._model(vectors)
            if self._index is None or self._index.model != model:
                self._index = self._load(vectors)
                self._last_sync = time.monotonic()
                return self._index
            now = time.monotonic()
            if now - self._last_sync < SYNC_SECONDS:
                return self._index
            self._last_sync = now
            index = self._index
            since = (self._seen_until or timezone.now()) - OVERLAP
            changed: list[int] = []
            latest = self._seen_until
            for (
                pk,
                key,
                live,
                content,
                vhash,
                vmodel,
                group,
                parent,
                language,
                stamp,
            ) in RetrievalDocument.objects.filter(updated_at__gte=since).values_list(
                *_VERSION_FIELDS
            ):
                latest = max(stamp, latest) if latest is not None else stamp
                have = index.version(key)
                if not live:
                    if have is not None:
                        changed.append(pk)
                    continue
                fresh = vmodel == index.model and vhash == content and bool(index.model)
                wanted = _version(content, vhash if fresh else "", group, parent, language)
                if have != wanted:
                    changed.append(pk)
            for start in range(0, len(changed), LOAD_BATCH):
                rows = list(
                    RetrievalDocument.objects.filter(pk__in=changed[start : start + LOAD_BATCH])
                    .order_by("updated_at", "pk")
                    .values_list(*_FIELDS)
                )
                self._apply(index, rows, index.dim)
            self._seen_until = latest
            if now - self._last_count >= COUNT_SECONDS:
                self._last_count = now
                if RetrievalDocument.objects.filter(live=True).count() != len(index):
                    self._index = self._load(vectors)
            return self._index


_INDEX = KnowledgeIndex()


def get_index(*, vectors: bool) -> HybridIndex:
    return _INDEX.get(vectors=vectors)


def reset_index() -> None:
    _INDEX.reset()
