"""The retrieval index of this process, kept in step with the `RetrievalDocument` rows.

Every web process (and worker) holds one `HybridIndex` (engine/retrieval.py) in memory:
BM25 postings and a float32 vector matrix. A web process loads it in a thread when it
starts (omotenashi/wsgi.py), from a snapshot file in the data directory when there is one
(checked against the database row by row), and answers searches meanwhile with what is
loaded so far; other processes load it on first use. Then it follows the database: before
a search, at most once per SYNC_SECONDS, it reads the rows changed since its last look
(with an overlap, so a transaction that committed late with an earlier timestamp is still
seen) and applies them in place. Rows that vanished (an admin deleted a ticket) are noticed
by a count, checked every COUNT_SECONDS, and answered by comparing every row's version.
docs/decisions/0200-hybrid-retrieval-in-the-engine.md has the reasoning and the sizes,
0206 the start-up.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from omotenashi.engine.background import BACKGROUND_PASSAGES
from omotenashi.engine.embeddings import CachedEncoder, get_encoder
from omotenashi.engine.retrieval import FloatArray, HybridIndex, IndexDoc
from omotenashi.knowledge.models import DocumentKind, RetrievalDocument

logger = logging.getLogger(__name__)

SYNC_SECONDS = 1.0
COUNT_SECONDS = 30.0
# How far back each look reaches past the newest change already seen: a transaction that
# wrote its rows up to this long before committing is still seen. Rows in the window are
# first read without their text and vector, and only changed ones are read in full.
OVERLAP = timedelta(seconds=15)
LOAD_BATCH = 2000
# A snapshot file pays off from about this many documents (below, loading from the
# database takes well under a second).
SNAPSHOT_MIN_DOCUMENTS = 2000
# Rewrite the snapshot when opening it had to read this many rows again.
SNAPSHOT_REWRITE_ROWS = 2000
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


def _wanted(index: HybridIndex, row: tuple[Any, ...]) -> str:
    """The version `index` should hold for a row of _VERSION_FIELDS."""
    _pk, _key, _live, content, vhash, vmodel, group, parent, language, _stamp = row
    fresh = vmodel == index.model and vhash == content and bool(index.model)
    return _version(content, vhash if fresh else "", group, parent, language)


@dataclass
class _Loaded:
    """An index and how far it has seen the database: `seen_until` the newest row stamp
    read, `synced_at` the clock when the look that read it began."""

    index: HybridIndex
    seen_until: datetime | None
    synced_at: datetime


def snapshot_path(model: str) -> Path:
    """Where this database's index for `model` is kept between processes (one file per
    database and model: a snapshot is never applied to another database's rows)."""
    database = settings.DATABASES["default"]
    where = "|".join(str(database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT"))
    tag = hashlib.sha256(f"{where}|{model}".encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "knowledge-index" / f"{tag}.npz"


class KnowledgeIndex:
    """The process's index and its bookkeeping; thread-safe.

    Two ways to load. By default the first `get` loads from the database and waits for
    it (tests, commands, workers). A web process calls `start_background_load` when it
    starts: a thread loads the index (from the snapshot file when one exists, verified
    row by row against the database; else from the database, articles first) while
    requests go on; until it is done, `get` answers at once with what is loaded so far
    (`state`: "loading" = nothing yet, "partial" = articles only, "ready").
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: HybridIndex | None = None
        self._seen_until: datetime | None = None
        self._synced_at: datetime | None = None
        self._last_sync = 0.0
        self._last_count = 0.0
        self._complete = False
        self._loader: threading.Thread | None = None
        self.last_load: dict[str, Any] = {}

    def reset(self) -> None:
        """Forget everything; the next use loads afresh (tests, after a rebuild)."""
        with self._lock:
            self._index = None
            self._seen_until = None
            self._synced_at = None
            self._complete = False

    @property
    def state(self) -> str:
        if self._index is None:
            return "loading"
        return "ready" if self._complete else "partial"

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

    def _fetch(self, index: HybridIndex, pks: list[int]) -> None:
        """Read these rows in full and apply them."""
        for start in range(0, len(pks), LOAD_BATCH):
            rows = list(
                RetrievalDocument.objects.filter(pk__in=pks[start : start + LOAD_BATCH])
                .order_by("updated_at", "pk")
                .values_list(*_FIELDS)
            )
            self._apply(index, rows, index.dim)

    def _load(self, vectors: bool, *, kind: str | None = None) -> _Loaded:
        """Everything live (or only the documents of `kind`) from the database."""
        model, dim = self._model(vectors)
        started = time.monotonic()
        index = HybridIndex(dim=dim, model=model)
        # The clock and the high-water mark are read first: rows changed during the load
        # are read again by the next look (applying a row twice is harmless).
        began = timezone.now()
        mark = RetrievalDocument.objects.aggregate(m=Max("updated_at"))["m"]
        rows_of = RetrievalDocument.objects.filter(live=True)
        if kind is not None:
            rows_of = rows_of.filter(kind=kind)
        last = 0
        while True:
            rows = list(
                rows_of.filter(pk__gt=last).order_by("pk").values_list("pk", *_FIELDS)[:LOAD_BATCH]
            )
            if not rows:
                break
            last = int(rows[-1][0])
            self._apply(index, [r[1:] for r in rows], dim)
        seconds = time.monotonic() - started
        logger.info(
            "knowledge index loaded from the database: %d documents%s in %.1f s",
            len(index),
            f" ({kind})" if kind else "",
            seconds,
        )
        if kind is None:
            self.last_load = {"source": "database", "documents": len(index), "seconds": seconds}
        return _Loaded(index, mark, began)

    def _reconcile(self, index: HybridIndex) -> tuple[int, int]:
        """Compare every live row's version with `index` and fix what differs: rows read
        again, documents no longer live removed. Returns (rows read, documents removed).
        Reads only the version columns of every row (~1 s at 10^5 documents)."""
        changed: list[int] = []
        live_keys: set[str] = set()
        for row in (
            RetrievalDocument.objects.filter(live=True)
            .values_list(*_VERSION_FIELDS)
            .iterator(chunk_size=LOAD_BATCH)
        ):
            live_keys.add(row[1])
            if index.version(row[1]) != _wanted(index, row):
                changed.append(int(row[0]))
        indexed = index.keys()
        gone = [key for key in indexed if key not in live_keys]
        removed = index.remove(gone)
        self._fetch(index, changed)
        return len(changed), removed

    def _open_snapshot(self, vectors: bool) -> HybridIndex | None:
        """The snapshot of this database and model as it was written; None when there is
        none (or it cannot be read). `_verify` makes it current."""
        model, dim = self._model(vectors)
        path = snapshot_path(model)
        if not path.exists():
            return None
        started = time.monotonic()
        try:
            index, _meta = HybridIndex.open(path)
        except (OSError, ValueError, KeyError):
            logger.warning("knowledge index snapshot %s is unreadable; loading afresh", path)
            return None
        if index.model != model or index.dim != dim:
            return None
        self.last_load = {
            "source": "snapshot",
            "documents": len(index),
            "open_seconds": time.monotonic() - started,
        }
        return index

    def _verify(self, index: HybridIndex) -> _Loaded:
        """An opened snapshot made current: every live row's version compared."""
        started = time.monotonic()
        began = timezone.now()
        mark = RetrievalDocument.objects.aggregate(m=Max("updated_at"))["m"]
        read, removed = self._reconcile(index)
        seconds = time.monotonic() - started
        self.last_load.update(
            verify_seconds=seconds,
            seconds=seconds + self.last_load.get("open_seconds", 0.0),
            rows_read=read,
            removed=removed,
            documents=len(index),
        )
        logger.info("knowledge index loaded from its snapshot: %s", self.last_load)
        if read + removed > SNAPSHOT_REWRITE_ROWS:
            self._save_snapshot(index)
        return _Loaded(index, mark, began)

    def _save_snapshot(self, index: HybridIndex) -> None:
        if not index.model or len(index) < SNAPSHOT_MIN_DOCUMENTS:
            return
        path = snapshot_path(index.model)
        try:
            started = time.monotonic()
            size = index.save(path)
            logger.info(
                "knowledge index snapshot written: %s, %.0f MB in %.1f s",
                path,
                size / 1e6,
                time.monotonic() - started,
            )
        except OSError:
            logger.exception("writing the knowledge index snapshot %s failed", path)

    def _publish(self, loaded: _Loaded, *, complete: bool) -> None:
        with self._lock:
            self._index = loaded.index
            self._seen_until = loaded.seen_until
            self._synced_at = loaded.synced_at
            self._complete = complete
            self._last_sync = self._last_count = time.monotonic()

    def start_background_load(self, *, vectors: bool) -> threading.Thread:
        """Load in a thread (a web process at start); see the class docstring."""
        with self._lock:
            if self._loader is not None and self._loader.is_alive():
                return self._loader
            self._loader = threading.Thread(
                target=self._load_in_background,
                args=(vectors,),
                name="omotenashi-knowledge-index",
                daemon=True,
            )
            self._loader.start()
            return self._loader

    def _load_in_background(self, vectors: bool) -> None:
        try:
            opened = self._open_snapshot(vectors)
            if opened is not None:
                # Searchable at once; checked against the database row by row meanwhile.
                self._publish(_Loaded(opened, None, timezone.now()), complete=False)
                loaded = self._verify(opened)
            else:
                # Articles first (a few hundred or thousand rows, well under a second):
                # the help centre's suggestions work while the solved tickets load.
                self._publish(self._load(vectors, kind=DocumentKind.ARTICLE), complete=False)
                loaded = self._load(vectors)
            self._publish(loaded, complete=True)
            if opened is None:
                self._save_snapshot(loaded.index)
        except Exception:
            logger.exception("loading the knowledge index in the background failed")
        finally:
            connection.close()

    def _loading(self) -> bool:
        # Complete once published, even while the loader goes on to write the snapshot.
        return not self._complete and self._loader is not None and self._loader.is_alive()

    def get(self, *, vectors: bool) -> HybridIndex | None:
        """The index, caught up with the database (at most SYNC_SECONDS behind).

        None only while a background load has nothing to show yet.
        """
        with self._lock:
            model, _ = self._model(vectors)
            if self._loading():
                # Never wait for the loader: what it has published so far, if anything.
                index = self._index
                return index if index is not None and index.model == model else None
            if self._index is None or self._index.model != model or not self._complete:
                self._index = None
                loaded = self._load(vectors)
                self._index, self._seen_until = loaded.index, loaded.seen_until
                self._synced_at, self._complete = loaded.synced_at, True
                self._last_sync = self._last_count = time.monotonic()
                return self._index
            now = time.monotonic()
            if now - self._last_sync < SYNC_SECONDS:
                return self._index
            self._last_sync = now
            index = self._index
            look_began = timezone.now()
            # A row is stamped before its transaction commits, at most OVERLAP before. A row
            # missing from the last look committed after that look began, so its stamp is
            # at least (that start - OVERLAP); newer rows are past `seen_until`. Counting
            # from the last look, not from the newest stamp, means that after a bulk
            # change the window moves on instead of re-reading the same rows every second.
            since = (self._synced_at or look_began) - OVERLAP
            window = RetrievalDocument.objects.filter(updated_at__gte=since)
            if self._seen_until is not None and self._seen_until < since:
                window = RetrievalDocument.objects.filter(updated_at__gt=self._seen_until)
            changed: list[int] = []
            latest = self._seen_until
            for row in window.values_list(*_VERSION_FIELDS):
                pk, key, live, stamp = row[0], row[1], row[2], row[-1]
                latest = max(stamp, latest) if latest is not None else stamp
                have = index.version(key)
                if not live:
                    if have is not None:
                        changed.append(pk)
                    continue
                if have != _wanted(index, row):
                    changed.append(pk)
            self._fetch(index, changed)
            self._seen_until = latest
            self._synced_at = look_began
            if now - self._last_count >= COUNT_SECONDS:
                self._last_count = now
                if RetrievalDocument.objects.filter(live=True).count() != len(index):
                    # A row deleted (an admin removed a ticket), or one missed: compare
                    # every row's version instead of loading everything again.
                    self._reconcile(index)
            return self._index


_INDEX = KnowledgeIndex()


def get_index(*, vectors: bool) -> HybridIndex | None:
    """The process's index; None only while a background load has nothing to show yet."""
    return _INDEX.get(vectors=vectors)


def index_state() -> str:
    """ "loading", "partial" (articles only, while the solved tickets load) or "ready"."""
    return _INDEX.state


def start_background_load() -> threading.Thread:
    """Load the index in a thread now (a web process at start), so no request waits."""
    from omotenashi.knowledge.services import vectors_enabled

    return _INDEX.start_background_load(vectors=vectors_enabled())


def reset_index() -> None:
    _INDEX.reset()
