"""Hybrid retrieval: BM25 over folded words fused with vector similarity.

Framework-free. The knowledge app stores documents (article translations, solved
tickets) with their vectors in the database and keeps one `HybridIndex` per process in
step with them; `omotenashi eval retrieval` runs exactly this code on JSON Lines files.
docs/decisions/0200-hybrid-retrieval-in-the-engine.md says why ranking lives here and
not in the database's full-text engine.

How a query is ranked:

1. **Lexical**: BM25 (k1 = 1.2, b = 0.75, Lucene's idf) over `terms`: text folded like
   the ticket search (NFKC, case folding, Latin accents removed) split into words;
   Japanese and Chinese runs become overlapping character bigrams. Any query word may
   match (OR): a question is not a list of required keywords.
2. **Semantic**: cosine similarity between the query's vector and each document's
   (unit-length vectors from a multilingual encoder), so "Mijn VPN valt steeds weg" finds
   an English article about dropping VPN connections with no word in common.
   A document's vector is the normalised sum of the vectors of its title and of its
   title-and-start-of-body (`document_vector`): a question is often a paraphrase of a
   title, and the body says what the title leaves out.
3. **Fusion**: relative score fusion: each ranking's top `depth` scores are min-max
   scaled to [0, 1] and summed with weight ALPHA for the vector ranking and 1 - ALPHA
   for BM25 (a document absent from a ranking gets 0 there). ALPHA = 0.75 and this
   fusion are Weaviate's defaults, adopted as they are, not fitted to any data set.
   Reciprocal rank fusion (Cormack et al. 2009) is available as `fusion="rrf"` for
   comparison; docs/evaluation.md has both.

Documents belong to a `group` (e.g. "article:public", "ticket:12" for a queue); a search
names the groups the caller may see, and nothing outside them is ever ranked. Documents
may share a `parent` (the translations of one article): `collapse=True` keeps the best
document per parent.

Freshness: `upsert` and `remove` change the index in place (new documents go to a small
segment; replaced ones are tombstoned), so a process applies the database's changes
without a rebuild. Segments are merged when there are many.

Metrics for evaluation (`average_precision`, `reciprocal_rank`, `recall_at`) and the run
behind `omotenashi eval retrieval` (`run_retrieval`) are at the end.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from omotenashi.engine.text import head, normalize

FloatArray = npt.NDArray[np.float32]
Embed = Callable[[Sequence[str]], FloatArray]

BM25_K1 = 1.2
BM25_B = 0.75
# The constant of reciprocal rank fusion; 60 is the value of the original paper and of
# most systems since (Elasticsearch, OpenSearch, Vespa). Not fitted to any data set.
RRF_K = 60
# Weight of the vector ranking in relative score fusion (Weaviate's default).
ALPHA = 0.75
# How many documents each ranking contributes to the fusion.
DEFAULT_DEPTH = 100
# Merge the small segments into one when there are more than this many.
MAX_SEGMENTS = 8
# The layout of `HybridIndex.save`; a file of another layout is not read.
SNAPSHOT_FORMAT = 1
# Longer "words" are hashes, tokens or base64: noise.
MAX_TERM_CHARS = 40
# Text an encoder reads from a document and from a query, in units (words, or characters
# of Japanese/Chinese). The cost of the encoder grows with length (~2 ms per unit on one
# core): what a document is about is stated in its title and first paragraph, a question
# in its first sentence or two (the query is encoded while the guest waits), and BM25
# still reads all of both.
PASSAGE_UNITS = 128
QUERY_UNITS = 32

_CJK = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold(text: str) -> str:
    """Compatibility-normalised, case-folded, Latin accents removed (é -> e, ß -> ss)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    stripped = _COMBINING_LATIN.sub("", decomposed).translate(_EXTRA_FOLDS)
    return unicodedata.normalize("NFC", stripped)


def terms(text: str) -> list[str]:
    """The BM25 terms of `text` in order: folded words, and bigrams of CJK runs."""
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        cjk, word = match.groups()
        if cjk:
            if len(cjk) == 1:
                out.append(cjk)
            else:
                out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif len(word) <= MAX_TERM_CHARS:
            out.append(word)
    return out


def passage_text(title: str, body: str, *, units: int = PASSAGE_UNITS) -> str:
    """What an encoder reads of a document: its title, then the start of its body."""
    joined = f"{title.strip()}. {body.strip()}" if title.strip() else body.strip()
    return head(normalize(joined), units)


def query_text(text: str, *, units: int = QUERY_UNITS) -> str:
    """What an encoder reads of a query."""
    return head(normalize(text), units)


def title_text(title: str) -> str:
    """What an encoder reads of a title alone."""
    return head(normalize(title), QUERY_UNITS)


def document_vector(title_vector: FloatArray | None, passage_vector: FloatArray) -> FloatArray:
    """One unit vector for a document: the normalised sum of its title's and its passage's."""
    total = passage_vector.astype(np.float32)
    if title_vector is not None:
        total = total + title_vector.astype(np.float32)
    norm = float(np.linalg.norm(total))
    return np.asarray(total / norm if norm > 0 else total, dtype=np.float32)


def embed_documents(titles: Sequence[str], bodies: Sequence[str], *, passages: Embed) -> FloatArray:
    """`document_vector` of each (title, body), with `passages` as the encoder."""
    if not titles:
        return np.zeros((0, 0), dtype=np.float32)
    body_vectors = passages([passage_text(t, b) for t, b in zip(titles, bodies, strict=True)])
    with_title = [i for i, t in enumerate(titles) if t.strip()]
    title_vectors = passages([title_text(titles[i]) for i in with_title]) if with_title else None
    out = np.asarray(body_vectors, dtype=np.float32).copy()
    if title_vectors is not None:
        for row, i in enumerate(with_title):
            out[i] = document_vector(title_vectors[row], body_vectors[i])
    return out


# --- documents and results ----------------------------------------------------------------


@dataclass(frozen=True)
class IndexDoc:
    """One searchable document.

    `key`: unique and stable (e.g. "t:42" for the English text of article 42);
    `version`: changes whenever text or vector change (an upsert of the same version is
    skipped); `group`: who may see it; `parent`: documents that are one thing for the
    reader (an article's translations); `vector`: unit length, or None when not yet
    computed (the document is still found by its words).
    """

    key: str
    text: str
    group: str
    parent: str = ""
    version: str = ""
    lang: str = ""
    vector: FloatArray | None = None


@dataclass(frozen=True)
class Match:
    """A ranked document. `score`: the fused score; `lexical_rank`/`vector_rank`: its
    1-based place in each ranking (None when outside the depth); `similarity`: cosine to
    the query (None without vectors)."""

    key: str
    parent: str
    lang: str
    score: float
    lexical_rank: int | None
    vector_rank: int | None
    similarity: float | None


# --- BM25 ----------------------------------------------------------------------------------


@dataclass
class _Segment:
    """Term counts of some documents: a CSC matrix (rows = documents, columns = term ids
    known when it was built) and the global slot of each row."""

    counts: sparse.csc_matrix
    slots: npt.NDArray[np.int64]


class Bm25:
    """BM25 postings over slots; the caller owns slot numbers and liveness."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.segments: list[_Segment] = []
        self.lengths = np.zeros(0, dtype=np.float32)

    def _ensure(self, capacity: int) -> None:
        if capacity > len(self.lengths):
            grown = np.zeros(max(capacity, 2 * len(self.lengths), 1024), dtype=np.float32)
            grown[: len(self.lengths)] = self.lengths
            self.lengths = grown

    def add(self, slots: Sequence[int], texts: Sequence[str]) -> None:
        """Index `texts` under `slots` as one new segment."""
        if not slots:
            return
        self._ensure(max(slots) + 1)
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for slot, text in zip(slots, texts, strict=True):
            counted = Counter(terms(text))
            self.lengths[slot] = float(sum(counted.values()))
            for term, count in counted.items():
                term_id = self.vocabulary.setdefault(term, len(self.vocabulary))
                indices.append(term_id)
                values.append(float(count))
            indptr.append(len(indices))
        rows = sparse.csr_matrix(
            (
                np.asarray(values, dtype=np.float32),
                np.asarray(indices, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(slots), len(self.vocabulary)),
        )
        self.segments.append(_Segment(rows.tocsc(), np.asarray(slots, dtype=np.int64)))

    def compact(self, alive: npt.NDArray[np.bool_]) -> None:
        """Merge every segment into one, dropping rows whose slot is no longer alive."""
        if len(self.segments) <= 1:
            return
        width = len(self.vocabulary)
        parts: list[sparse.csr_matrix] = []
        slots: list[npt.NDArray[np.int64]] = []
        for segment in self.segments:
            keep = alive[segment.slots]
            rows = segment.counts.tocsr()[keep]
            rows.resize((rows.shape[0], width))
            parts.append(rows)
            slots.append(segment.slots[keep])
        merged = sparse.vstack(parts, format="csc") if parts else sparse.csc_matrix((0, width))
        self.segments = [_Segment(merged, np.concatenate(slots).astype(np.int64))]

    def scores(
        self, query: str, *, alive: npt.NDArray[np.bool_], n_alive: int, total_length: float
    ) -> FloatArray:
        """BM25 score of every slot for `query` (0 where no query term occurs)."""
        out = np.zeros(len(alive), dtype=np.float32)
        if n_alive == 0:
            return out
        average = total_length / n_alive if n_alive else 1.0
        for term, query_count in Counter(terms(query)).items():
            term_id = self.vocabulary.get(term)
            if term_id is None:
                continue
            found_slots: list[npt.NDArray[np.int64]] = []
            found_tf: list[FloatArray] = []
            for segment in self.segments:
                if term_id >= segment.counts.shape[1]:
                    continue
                start, stop = segment.counts.indptr[term_id], segment.counts.indptr[term_id + 1]
                if start == stop:
                    continue
                rows = segment.counts.indices[start:stop]
                found_slots.append(segment.slots[rows])
                found_tf.append(segment.counts.data[start:stop])
            if not found_slots:
                continue
            slots = np.concatenate(found_slots)
            tf = np.concatenate(found_tf)
            live = alive[slots]
            slots, tf = slots[live], tf[live]
            df = len(slots)
            if df == 0:
                continue
            idf = math.log(1.0 + (n_alive - df + 0.5) / (df + 0.5))
            norm = BM25_K1 * (1.0 - BM25_B + BM25_B * self.lengths[slots] / average)
            out[slots] += query_count * idf * tf * (BM25_K1 + 1.0) / (tf + norm)
        return out


# --- the hybrid index ----------------------------------------------------------------------


def _pack(strings: Sequence[str]) -> npt.NDArray[np.uint8]:
    """Strings as one UTF-8 array, each ended by a newline (a snapshot holds no pickles).
    Keys, groups, languages, versions and BM25 terms never contain one."""
    text = "".join(f"{s}\n" for s in strings)
    if text.count("\n") != len(strings):
        raise ValueError("a string to pack contains a newline")
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _unpack(array: npt.NDArray[np.uint8]) -> list[str]:
    return bytes(array).decode("utf-8").split("\n")[:-1]


def _top(scores: FloatArray, eligible: npt.NDArray[np.bool_], depth: int) -> list[int]:
    """Slots of the `depth` highest scores among eligible ones, best first (ties: lower slot)."""
    masked = np.where(eligible, scores, -np.inf)
    count = int(eligible.sum())
    if count == 0:
        return []
    if count > depth:
        part = np.argpartition(-masked, depth - 1)[:depth]
    else:
        part = np.flatnonzero(eligible)
    values = masked[part]
    order = np.lexsort((part, -values))
    ranked: list[int] = part[order].tolist()
    return ranked


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], *, k: int = RRF_K
) -> list[tuple[int, float]]:
    """(item, fused score) best first; ties keep the order of first appearance."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    order = {item: i for i, item in enumerate(fused)}
    return sorted(fused.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def relative_score_fusion(
    rankings: Sequence[tuple[Sequence[int], FloatArray, float]],
) -> list[tuple[int, float]]:
    """(item, fused score) best first from (ranked items, score per item, weight) triples.

    Each ranking's scores of its own items are min-max scaled to [0, 1] (a ranking of
    one item scores it 1); an item absent from a ranking gets 0 there. Ties keep the
    order of first appearance.
    """
    fused: dict[int, float] = {}
    for items, scores, weight in rankings:
        if not items:
            continue
        values = scores[np.asarray(items, dtype=np.int64)].astype(np.float64)
        low, high = float(values.min()), float(values.max())
        span = high - low
        for item, value in zip(items, values.tolist(), strict=True):
            scaled = (value - low) / span if span > 0 else 1.0
            fused[item] = fused.get(item, 0.0) + weight * scaled
    order = {item: i for i, item in enumerate(fused)}
    return sorted(fused.items(), key=lambda pair: (-pair[1], order[pair[0]]))


class HybridIndex:
    """Documents searchable by words and by vector; thread-safe.

    `dim` is the vector size (0: words only). Slots are never reused: a replaced
    document's old slot is tombstoned, and `compact` (run automatically) drops dead
    postings. Vectors live in one float32 matrix (at 10^5 documents and 384 dimensions,
    154 MB).
    """

    def __init__(self, *, dim: int, model: str = "") -> None:
        self.dim = dim
        self.model = model
        self._lock = threading.RLock()
        self._bm25 = Bm25()
        self._keys: list[str] = []
        self._slot_of: dict[str, int] = {}
        self._version_of: dict[str, str] = {}
        self._parents: list[str] = []
        self._langs: list[str] = []
        self._alive = np.zeros(0, dtype=np.bool_)
        self._has_vector = np.zeros(0, dtype=np.bool_)
        self._group_codes: dict[str, int] = {}
        self._groups = np.zeros(0, dtype=np.int32)
        self._vectors = np.zeros((0, max(dim, 1)), dtype=np.float32)
        self._n_alive = 0
        self._total_length = 0.0

    # -- writing --

    def __len__(self) -> int:
        return self._n_alive

    def version(self, key: str) -> str | None:
        """The version of the live document `key`, or None when it is not indexed."""
        return self._version_of.get(key)

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._slot_of)

    def _grow(self, needed: int) -> None:
        capacity = len(self._alive)
        if needed <= capacity:
            return
        size = max(needed, 2 * capacity, 1024)

        def grow(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
            out = np.zeros((size, *array.shape[1:]), dtype=array.dtype)
            out[: len(array)] = array
            return out

        self._alive = grow(self._alive)
        self._has_vector = grow(self._has_vector)
        self._groups = grow(self._groups)
        self._vectors = grow(self._vectors)

    def _kill(self, slot: int) -> None:
        if self._alive[slot]:
            self._alive[slot] = False
            self._n_alive -= 1
            self._total_length -= float(self._bm25.lengths[slot])

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace documents; those whose version is unchanged are skipped.

        Returns how many were written. Precondition: every vector has `dim` entries.
        """
        with self._lock:
            fresh = [
                d for d in docs if self._version_of.get(d.key, None) != d.version or not d.version
            ]
            if not fresh:
                return 0
            # The last of duplicates wins, as if they had been upserted one by one.
            fresh = list({d.key: d for d in fresh}.values())
            first = len(self._keys)
            self._grow(first + len(fresh))
            slots = list(range(first, first + len(fresh)))
            for slot, doc in zip(slots, fresh, strict=True):
                old = self._slot_of.get(doc.key)
                if old is not None:
                    self._kill(old)
                self._keys.append(doc.key)
                self._parents.append(doc.parent or doc.key)
                self._langs.append(doc.lang)
                self._slot_of[doc.key] = slot
                self._version_of[doc.key] = doc.version
                code = self._group_codes.setdefault(doc.group, len(self._group_codes))
                self._groups[slot] = code
                if doc.vector is not None and self.dim:
                    if doc.vector.shape != (self.dim,):
                        raise ValueError(
                            f"vector of {doc.key!r} has shape {doc.vector.shape}, not ({self.dim},)"
                        )
                    self._vectors[slot] = doc.vector
                    self._has_vector[slot] = True
            self._bm25.add(slots, [d.text for d in fresh])
            for slot in slots:
                self._alive[slot] = True
                self._total_length += float(self._bm25.lengths[slot])
            self._n_alive += len(slots)
            if len(self._bm25.segments) > MAX_SEGMENTS:
                self._bm25.compact(self._alive[: len(self._keys)])
            return len(fresh)

    def remove(self, keys: Iterable[str]) -> int:
        """Drop documents by key; unknown keys are ignored. Returns how many were dropped."""
        removed = 0
        with self._lock:
            for key in keys:
                slot = self._slot_of.pop(key, None)
                self._version_of.pop(key, None)
                if slot is not None:
                    self._kill(slot)
                    removed += 1
        return removed

    # -- snapshots --

    def save(self, path: str | os.PathLike[str], *, meta: dict[str, Any] | None = None) -> int:
        """Write the index to one file (written aside, then renamed into place, so a reader
        never sees half a file). `meta` is stored alongside (the caller's bookkeeping).
        Returns the file's size in bytes.

        Dead slots are dropped, so a reopened index is compact. The arrays are copied
        under the lock (~0.1 s at 10^5 documents) and written outside it.
        """
        with self._lock:
            n = len(self._keys)
            slots = np.flatnonzero(self._alive[:n])
            self._bm25.compact(self._alive[:n])
            renumber = np.full(max(n, 1), -1, dtype=np.int64)
            renumber[slots] = np.arange(len(slots), dtype=np.int64)
            if self._bm25.segments:
                segment = self._bm25.segments[0]
                rows = segment.counts.tocsr()
                keep = self._alive[segment.slots]
                rows = rows[keep]
                row_slots = renumber[segment.slots[keep]]
                # Rows in slot order, so row i is document i.
                rows = rows[np.argsort(row_slots)]
            else:
                rows = sparse.csr_matrix((0, len(self._bm25.vocabulary)), dtype=np.float32)
            rows.resize((len(slots), len(self._bm25.vocabulary)))
            vocabulary = sorted(self._bm25.vocabulary, key=self._bm25.vocabulary.__getitem__)
            keys = [self._keys[i] for i in slots.tolist()]
            arrays: dict[str, npt.NDArray[Any]] = {
                "vectors": self._vectors[slots],
                "has_vector": self._has_vector[slots],
                "groups": self._groups[slots],
                "lengths": self._bm25.lengths[slots],
                "postings_data": rows.data.astype(np.float32),
                "postings_indices": rows.indices.astype(np.int64),
                "postings_indptr": rows.indptr.astype(np.int64),
                "keys": _pack(keys),
                "parents": _pack([self._parents[i] for i in slots.tolist()]),
                "langs": _pack([self._langs[i] for i in slots.tolist()]),
                "versions": _pack([self._version_of[k] for k in keys]),
                "vocabulary": _pack(vocabulary),
                "group_names": _pack(sorted(self._group_codes, key=self._group_codes.__getitem__)),
            }
            header = {
                "format": SNAPSHOT_FORMAT,
                "dim": self.dim,
                "model": self.model,
                "documents": len(slots),
                "meta": meta or {},
            }
        arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(out, **arrays)  # type: ignore[arg-type]
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target.stat().st_size

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> tuple[HybridIndex, dict[str, Any]]:
        """An index saved by `save`, and the `meta` saved with it.

        Raises ValueError when the file is not a snapshot of this layout, OSError when it
        cannot be read.
        """
        with np.load(path, allow_pickle=False) as data:
            try:
                header = json.loads(bytes(data["header"]).decode())
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path} is not an index snapshot") from exc
            if header.get("format") != SNAPSHOT_FORMAT:
                raise ValueError(f"{path} has layout {header.get('format')}, not {SNAPSHOT_FORMAT}")
            index = cls(dim=int(header["dim"]), model=str(header["model"]))
            keys = _unpack(data["keys"])
            n = len(keys)
            index._grow(n)
            if n:
                index._vectors[:n] = data["vectors"]
                index._has_vector[:n] = data["has_vector"]
                index._groups[:n] = data["groups"]
                index._alive[:n] = True
            index._keys = keys
            index._slot_of = {key: slot for slot, key in enumerate(keys)}
            index._version_of = dict(zip(keys, _unpack(data["versions"]), strict=True))
            index._parents = _unpack(data["parents"])
            index._langs = _unpack(data["langs"])
            index._group_codes = {g: i for i, g in enumerate(_unpack(data["group_names"]))}
            vocabulary = _unpack(data["vocabulary"])
            index._bm25.vocabulary = {term: i for i, term in enumerate(vocabulary)}
            index._bm25._ensure(n)
            index._bm25.lengths[:n] = data["lengths"]
            if n:
                rows = sparse.csr_matrix(
                    (data["postings_data"], data["postings_indices"], data["postings_indptr"]),
                    shape=(n, len(vocabulary)),
                )
                index._bm25.segments = [_Segment(rows.tocsc(), np.arange(n, dtype=np.int64))]
            index._n_alive = n
            index._total_length = float(index._bm25.lengths[:n].sum(dtype=np.float64))
            if not (len(index._parents) == len(index._langs) == n):
                raise ValueError(f"{path} is inconsistent")
        return index, dict(header.get("meta") or {})

    # -- reading --

    def search(
        self,
        query: str,
        *,
        vector: FloatArray | None,
        groups: Collection[str],
        limit: int = 10,
        depth: int = DEFAULT_DEPTH,
        collapse: bool = False,
        lexical: bool = True,
        fusion: str = "relative",
        alpha: float = ALPHA,
    ) -> list[Match]:
        """The best `limit` documents in `groups` for `query` (text) and its `vector`.

        `vector` None: words only. `collapse`: one document per parent (its best).
        `fusion`: "relative" (weighted relative scores, `alpha` for the vectors) or "rrf".
        An empty `groups` finds nothing.
        """
        if fusion not in ("relative", "rrf"):
            raise ValueError(f"unknown fusion {fusion!r}")
        with self._lock:
            n = len(self._keys)
            codes = [self._group_codes[g] for g in groups if g in self._group_codes]
            if n == 0 or not codes:
                return []
            eligible = self._alive[:n] & np.isin(self._groups[:n], codes)
            rankings: list[list[int]] = []
            scored: list[tuple[Sequence[int], FloatArray, float]] = []
            lexical_rank: dict[int, int] = {}
            if lexical:
                bm25 = self._bm25.scores(
                    query,
                    alive=self._alive[:n],
                    n_alive=self._n_alive,
                    total_length=self._total_length,
                )
                ranked = _top(bm25, eligible & (bm25 > 0), depth)
                rankings.append(ranked)
                scored.append((ranked, bm25, 1.0 - alpha if vector is not None else 1.0))
                lexical_rank = {slot: i for i, slot in enumerate(ranked, start=1)}
            vector_rank: dict[int, int] = {}
            similarity: FloatArray | None = None
            if vector is not None and self.dim:
                with_vector = eligible & self._has_vector[:n]
                rows = np.flatnonzero(with_vector)
                if len(rows):
                    query_vector = vector.astype(np.float32)
                    if len(rows) * 2 < n:
                        # A search over a small share of the documents (the public
                        # articles among 10^5 tickets) multiplies only those rows.
                        similarity = np.full(n, -np.inf, dtype=np.float32)
                        similarity[rows] = self._vectors[rows] @ query_vector
                    else:
                        similarity = self._vectors[:n] @ query_vector
                    ranked = _top(similarity, with_vector, depth)
                    rankings.append(ranked)
                    scored.append((ranked, similarity, alpha if lexical else 1.0))
                    vector_rank = {slot: i for i, slot in enumerate(ranked, start=1)}
            if fusion == "rrf":
                fused = reciprocal_rank_fusion(rankings)
            else:
                fused = relative_score_fusion(scored)
            out: list[Match] = []
            seen: set[str] = set()
            for slot, score in fused:
                parent = self._parents[slot]
                if collapse:
                    if parent in seen:
                        continue
                    seen.add(parent)
                sim = (
                    float(similarity[slot])
                    if similarity is not None and self._has_vector[slot]
                    else None
                )
                out.append(
                    Match(
                        key=self._keys[slot],
                        parent=parent,
                        lang=self._langs[slot],
                        score=score,
                        lexical_rank=lexical_rank.get(slot),
                        vector_rank=vector_rank.get(slot),
                        similarity=sim,
                    )
                )
                if len(out) >= limit:
                    break
            return out


# --- metrics ---------------------------------------------------------------------------------


def average_precision(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """Mean of precision at the rank of each relevant item; unretrieved ones count as 0."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, item in enumerate(ranked, start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], *, cutoff: int = 10) -> float:
    """1 / rank of the first relevant item within `cutoff`, else 0."""
    for rank, item in enumerate(ranked[:cutoff], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant items found in the first `k`."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def hit_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1 when any relevant item is in the first `k`, else 0 (success@k)."""
    return 1.0 if set(ranked[:k]) & set(relevant) else 0.0


@dataclass(frozen=True)
class RetrievalScores:
    n: int
    map: float
    mrr_at_10: float
    recall_at_5: float
    hit_at_1: float
    hit_at_5: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "map": round(self.map, 4),
            "mrr_at_10": round(self.mrr_at_10, 4),
            "recall_at_5": round(self.recall_at_5, 4),
            "hit_at_1": round(self.hit_at_1, 4),
            "hit_at_5": round(self.hit_at_5, 4),
        }


def score_rankings(
    rankings: Sequence[Sequence[str]], relevant: Sequence[Collection[str]]
) -> RetrievalScores:
    n = len(rankings)
    if n == 0:
        return RetrievalScores(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    pairs = list(zip(rankings, relevant, strict=True))
    return RetrievalScores(
        n=n,
        map=sum(average_precision(r, g) for r, g in pairs) / n,
        mrr_at_10=sum(reciprocal_rank(r, g) for r, g in pairs) / n,
        recall_at_5=sum(recall_at(r, g, 5) for r, g in pairs) / n,
        hit_at_1=sum(hit_at(r, g, 1) for r, g in pairs) / n,
        hit_at_5=sum(hit_at(r, g, 5) for r, g in pairs) / n,
    )


# --- the evaluation run ----------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    text: str
    label: str
    lang: str = ""
    title: str = ""


@dataclass(frozen=True)
class Query:
    text: str
    label: str
    lang: str = ""


@dataclass
class RetrievalRun:
    """How `run_retrieval` ranks: `mode` "hybrid", "lexical" or "vector"; `depth` as in
    the product; encoders for passages and queries (None for "lexical")."""

    mode: str = "hybrid"
    depth: int = DEFAULT_DEPTH
    fusion: str = "relative"
    embed_passages: Embed | None = None
    embed_queries: Embed | None = None
    model: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def run_retrieval(
    corpus: Sequence[CorpusDoc], queries: Sequence[Query], run: RetrievalRun
) -> dict[str, Any]:
    """Index `corpus`, rank it for every query and score against the labels.

    A corpus document is relevant to a query when their labels are equal (StackFAQ: the
    thread; a translated query set: the article). Figures per query language too.
    """
    if not corpus or not queries:
        raise ValueError(f"nothing to evaluate: {len(corpus)} documents, {len(queries)} queries")
    if run.mode not in ("hybrid", "lexical", "vector"):
        raise ValueError(f"unknown mode {run.mode!r}")
    use_vectors = run.mode != "lexical"
    if use_vectors and (run.embed_passages is None or run.embed_queries is None):
        raise ValueError("hybrid and vector modes need encoders")
    started = time.perf_counter()
    doc_vectors: FloatArray | None = None
    if use_vectors and run.embed_passages is not None:
        doc_vectors = embed_documents(
            [d.title for d in corpus], [d.text for d in corpus], passages=run.embed_passages
        )
    embedded = time.perf_counter()
    dim = int(doc_vectors.shape[1]) if doc_vectors is not None else 0
    index = HybridIndex(dim=dim, model=run.model)
    index.upsert(
        IndexDoc(
            key=d.id,
            text=f"{d.title}\n{d.text}" if d.title else d.text,
            group="corpus",
            lang=d.lang,
            vector=doc_vectors[i] if doc_vectors is not None else None,
        )
        for i, d in enumerate(corpus)
    )
    indexed = time.perf_counter()
    query_vectors: FloatArray | None = None
    if use_vectors and run.embed_queries is not None:
        query_vectors = run.embed_queries([query_text(q.text) for q in queries])
    queried = time.perf_counter()
    relevant_by_label: dict[str, set[str]] = defaultdict(set)
    for d in corpus:
        relevant_by_label[d.label].add(d.id)
    rankings: list[list[str]] = []
    for i, query in enumerate(queries):
        matches = index.search(
            query.text,
            vector=query_vectors[i] if query_vectors is not None else None,
            groups=("corpus",),
            limit=run.depth,
            depth=run.depth,
            lexical=run.mode != "vector",
            fusion=run.fusion,
        )
        rankings.append([m.key for m in matches])
    searched = time.perf_counter()
    relevant = [relevant_by_label.get(q.label, set()) for q in queries]
    overall = score_rankings(rankings, relevant)
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, query in enumerate(queries):
        by_lang[query.lang or "und"].append(i)
    per_language = {
        lang: score_rankings([rankings[i] for i in rows], [relevant[i] for i in rows]).as_dict()
        for lang, rows in sorted(by_lang.items())
    }
    return {
        "task": "retrieval",
        **overall.as_dict(),
        "per_language": per_language,
        "mode": run.mode,
        "fusion": run.fusion,
        "depth": run.depth,
        "model": run.model,
        "n_documents": len(corpus),
        "n_unanswerable": sum(1 for r in relevant if not r),
        "embed_documents_seconds": round(embedded - started, 2),
        "index_seconds": round(indexed - embedded, 3),
        "embed_queries_seconds": round(queried - indexed, 2),
        "search_ms_per_query": round(1000 * (searched - queried) / len(queries), 3),
    }
