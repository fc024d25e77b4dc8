"""Triage: a ticket's queue, category or priority, with a calibrated confidence and a reason.

API (one model per field; the Django side trains one for queue, one for category, ...)::

    model = train_triage([Example(text=..., label="Network", lang="en", id="T-12"), ...],
                         unlabelled=[("Min VPN fungerar inte", "sv"), ...])
    prediction = model.predict("Mijn VPN werkt niet meer", lang="nl")
    prediction.label, prediction.confidence, prediction.reason, prediction.similar_ids
    blob = model.to_bytes();  model = TriageModel.from_bytes(blob)
    result = retrain(examples, current=model)    # keeps `current` unless the new one is better

How it decides (docs/decisions/0100-understanding-engine-models.md has the measurements):

1. Lexical head: word and character n-grams (lexical.py) with a linear SVM. Fast, precise
   on the desk's own vocabulary, and explainable (the phrases that drove the decision).
   It only knows the languages it was trained on.
2. Semantic head: logistic regression on a multilingual sentence embedding, centred per
   language (embeddings.py). This is what lets a queue learnt from English tickets
   receive Dutch, Japanese or Swedish ones. A text goes to the encoder that covers its
   language (USE for 15 languages, e5 for the rest, e.g. Swedish and Danish).
3. Combination: logits = c * (a * lexical + b * semantic) + (1 - c) * b0 * semantic, where
   c = n / (n + coverage_k) grows with the number n of training tickets in the text's
   language (the lexical head is trusted only in languages it has seen), and a, b, b0 are
   fitted by minimising log-loss on a held-out slice of the training data, so the
   softmax of the logits is a calibrated probability. The heads are then refitted on all
   the data.
4. Cascade: a text the expensive encoder (e5) would read is decided by the lexical head
   alone, softmax(a0 * lexical) with a0 fitted on the same held-out slice, when its
   language has enough coverage and that head is already sure (TriageConfig.skip_semantic_*;
   docs/decisions/0111-e5-skipped-when-the-words-decide.md). Its similar tickets then come
   from the cosine of tf-idf rows, and `Prediction.heads` says ("lexical",).

With few examples (a new desk: queue descriptions and a handful of admin examples) the
same model trains; there is nothing to hold out, so fixed, conservative calibration
constants are used and the confidence is honest but modest.

Models are plain data: `to_bytes` writes a zip of JSON metadata and numpy arrays (no
pickle), versioned, with trained_at, n_examples, labels and metrics.
"""

from __future__ import annotations

import io
import json
import math
import threading
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax

from omotenashi.engine.embeddings import (
    USE_LANGUAGES,
    Encoder,
    FloatArray,
    LanguageMeans,
    encoder_for,
    get_encoder,
)
from omotenashi.engine.language import DEFAULT_LANGUAGES, detect_language
from omotenashi.engine.lexical import Featurizer, top_phrases
from omotenashi.engine.reference import REFERENCE_SENTENCES
from omotenashi.engine.text import head as text_head
from omotenashi.engine.text import normalize, text_key

# 2: the calibration has the lexical-alone scale `a0` (decision 0111). Version 1 is still read
# (such a model never skips the semantic head); code that reads only 1 refuses a 2 cleanly.
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
MODEL_KIND = "triage"
SNIPPET_CHARS = 100
BOTH_HEADS = ("lexical", "semantic")
LEXICAL_ONLY = ("lexical",)


@dataclass(frozen=True)
class Example:
    """One labelled text. `lang` None means "detect it"; `id` names the ticket for reasons.

    Queue descriptions and admin-given examples are Examples too (with weight > 1 if they
    should count more than a single past ticket).
    """

    text: str
    label: str
    lang: str | None = None
    id: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class SimilarTicket:
    id: str | None
    label: str
    score: float
    snippet: str


@dataclass(frozen=True)
class Prediction:
    """The best label, its calibrated probability, the runner-ups, and why."""

    label: str
    confidence: float
    ranked: tuple[tuple[str, float], ...]
    phrases: tuple[tuple[str, float], ...]
    similar: tuple[SimilarTicket, ...]
    lang: str | None
    model_version: str
    # The heads that decided: both, or ("lexical",) when the lexical head alone was sure
    # enough in a language it knows well and the expensive encoder was not run (decision
    # 0111); `similar` then comes from lexical similarity instead of the embedding.
    heads: tuple[str, ...] = BOTH_HEADS

    @property
    def semantic_skipped(self) -> bool:
        return "semantic" not in self.heads

    @property
    def similar_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.similar if s.id is not None)

    @property
    def reason(self) -> str:
        """One line for an agent: the driving phrases and the most similar past tickets."""
        parts: list[str] = []
        if self.phrases:
            parts.append("words: " + ", ".join(f"“{p}”" for p, _ in self.phrases))
        same = [s for s in self.similar if s.label == self.label]
        if same:
            refs = ", ".join(f"#{s.id}" if s.id else f"“{s.snippet[:40]}”" for s in same[:3])
            parts.append(f"like {refs}")
        if not parts:
            parts.append("overall meaning of the message")
        return f"{self.label} ({self.confidence:.0%}): " + "; ".join(parts)


@dataclass(frozen=True)
class TriageConfig:
    """Hyper-parameters, chosen once on general grounds (not per data set)."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    lexical_c: float = 0.5
    semantic_c: float = 10.0
    # "routed" (one encoder per language, fast) or "both" (USE and e5 averaged where USE
    # covers the language: a few points better across languages, ~5x the embedding cost).
    semantic_mode: str = "routed"
    coverage_k: float = 10.0
    # multilingual-e5 reads the first 16 units (words; characters of Japanese) of a text:
    # ~24 ms on one core against ~38 ms for 32, at ~3 points of accuracy on e-mail-length
    # tickets (docs/decisions/0105-e5-reads-16-words.md). USE reads up to 160 (~3 ms).
    e5_units: int = 16
    # The cascade (docs/decisions/0111-e5-skipped-when-the-words-decide.md): a text whose
    # semantic head would run on one of `skip_semantic_encoders` (e5 only: USE costs ~5 ms
    # and always runs) is decided by the lexical head alone when its language has coverage
    # >= `skip_semantic_min_coverage` (0.8: 40 training tickets at coverage_k 10) and the
    # lexical head's own calibrated confidence is >= `skip_semantic_confidence` (None: off).
    skip_semantic_encoders: tuple[str, ...] = ("e5",)
    skip_semantic_confidence: float | None = 0.9
    skip_semantic_min_coverage: float = 0.8
    calibration_fraction: float = 0.15
    min_calibration_examples: int = 30
    exemplars_per_label: int = 20
    similar_limit: int = 3
    phrase_limit: int = 3
    seed: int = 0


@dataclass(frozen=True)
class Calibration:
    a: float  # lexical scale
    b: float  # semantic scale when combined
    b0: float  # semantic scale alone (languages the lexical head has not seen)
    fitted: bool
    # Lexical scale alone, for a text the cascade decides without the semantic head. None in
    # a model stored before the cascade existed: such a model never skips its semantic head.
    a0: float | None = None


# Used when there is too little data to hold any out: the lexical head gets a mild scale
# (SVM scores are roughly in [-1, 1]) so a single matching keyword cannot produce a
# near-certain answer, and the semantic log-probabilities are taken as they are. Alone,
# the lexical head keeps the same mild scale.
DEFAULT_CALIBRATION = Calibration(a=3.0, b=0.7, b0=1.0, fitted=False, a0=3.0)


@dataclass
class SemanticHead:
    """Logistic regression over one encoder's centred vectors, plus exemplars for reasons."""

    encoder: str
    coef: FloatArray  # (labels, dim)
    intercept: FloatArray  # (labels,)
    means: LanguageMeans
    exemplar_vectors: FloatArray  # (exemplars, dim), centred


@dataclass
class ModelMeta:
    version: str
    trained_at: str
    n_examples: int
    labels: list[str]
    lang_counts: dict[str, int]
    config: dict[str, Any]
    calibration: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    kind: str = MODEL_KIND
    format_version: int = FORMAT_VERSION


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed timestamp, so the same model always gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _linear_rows(
    coef: npt.NDArray[Any], intercept: npt.NDArray[Any]
) -> tuple[FloatArray, FloatArray]:
    """scikit-learn's binary models have one row; make it two symmetric rows (same softmax)."""
    coef = np.asarray(coef, dtype=np.float32)
    intercept = np.asarray(intercept, dtype=np.float32)
    if coef.shape[0] == 1:
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.concatenate([-intercept / 2, intercept / 2])
    return coef, intercept


def _fit_lexical(
    matrix: sparse.csr_matrix, y: npt.NDArray[np.int64], weights: FloatArray, c: float, seed: int
) -> tuple[FloatArray, FloatArray]:
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=c, random_state=seed)
    svm.fit(matrix, y, sample_weight=weights)
    return _linear_rows(svm.coef_, svm.intercept_)


def _fit_semantic(
    vectors: FloatArray, y: npt.NDArray[np.int64], weights: FloatArray, c: float, n_labels: int
) -> tuple[FloatArray, FloatArray]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=500)
    lr.fit(vectors, y, sample_weight=weights)
    coef, intercept = _linear_rows(lr.coef_, lr.intercept_)
    if coef.shape[0] != n_labels:  # pragma: no cover - labels are re-indexed to be contiguous
        raise ValueError("every label needs at least one example")
    return coef, intercept


class TriageModel:
    """A trained, immutable triage model. Thread-safe to call from several threads."""

    def __init__(
        self,
        *,
        meta: ModelMeta,
        featurizer: Featurizer,
        lex_coef: FloatArray,
        lex_intercept: FloatArray,
        heads: dict[str, SemanticHead],
        exemplars: list[dict[str, Any]],
    ) -> None:
        self.meta = meta
        self.featurizer = featurizer
        self.lex_coef = lex_coef
        # `matrix @ lex_coef.T` with the transpose as a strided view makes scipy copy the
        # whole (vocabulary x labels) array into row order on every call (~0.4 ms for a
        # 63,000-term model); a row-ordered copy made once gives the same products.
        self._lex_coef_t = np.ascontiguousarray(lex_coef.T)
        self.lex_intercept = lex_intercept
        self.heads = heads
        self.exemplars = exemplars
        # Only the fields this version knows, here and in the settings below: a model stored
        # by an older version (no `a0`: it never skips) or a newer one still loads.
        known_cal = {f.name for f in fields(Calibration)}
        self.calibration = Calibration(
            **{k: v for k, v in meta.calibration.items() if k in known_cal}
        )
        known = {f.name for f in fields(TriageConfig)}
        stored = {k: v for k, v in meta.config.items() if k in known}
        stored["languages"] = tuple(stored.get("languages", DEFAULT_LANGUAGES))
        if "skip_semantic_encoders" in stored:
            stored["skip_semantic_encoders"] = tuple(stored["skip_semantic_encoders"])
        # A model stored before e5's input was capped at 16 units was trained on 32: it keeps
        # reading what it was trained on until it is retrained.
        stored.setdefault("e5_units", 32)
        self.config = TriageConfig(**stored)
        # The exemplars' tf-idf rows, for the similar tickets of a text decided without the
        # semantic head: built on first need, once per model (the lock makes it once).
        self._exemplar_matrix: sparse.csr_matrix | None = None
        self._exemplar_lock = threading.Lock()

    # -- properties -------------------------------------------------------------------
    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def labels(self) -> list[str]:
        return self.meta.labels

    def coverage(self, lang: str | None) -> float:
        n = self.meta.lang_counts.get(lang or "", 0)
        return n / (n + self.config.coverage_k)

    # -- prediction --------------------------------------------------------------------
    def _semantic(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None],
        encoders: Mapping[str, Encoder] | None,
    ) -> tuple[FloatArray, dict[int, tuple[str, FloatArray]]]:
        """Semantic log-probabilities per text, and each text's centred vector (for neighbours)."""
        routes = [_route(lang, list(self.heads), self.config.semantic_mode) for lang in langs]
        by_kind: dict[str, list[int]] = {}
        for i, kinds in enumerate(routes):
            for kind in kinds:
                by_kind.setdefault(kind, []).append(i)
        scores: dict[str, dict[int, FloatArray]] = {}
        vectors: dict[int, tuple[str, FloatArray]] = {}
        for kind, rows in by_kind.items():
            head = self.heads[kind]
            encoder = (encoders or {}).get(kind) or get_encoder(kind)
            raw = encoder.encode(_encoder_input(kind, [texts[i] for i in rows], self.config))
            centred = head.means.center(raw, [langs[i] for i in rows])
            logp = log_softmax(centred @ head.coef.T + head.intercept, axis=1)
            scores[kind] = {i: logp[k] for k, i in enumerate(rows)}
            for k, i in enumerate(rows):
                if routes[i][0] == kind:
                    vectors[i] = (kind, centred[k])
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        for i, kinds in enumerate(routes):
            out[i] = _mean_logp([scores[kind][i] for kind in kinds])
        return out, vectors

    def _lexical(self, texts: Sequence[str]) -> FloatArray:
        matrix = self.featurizer.transform(texts)
        return np.asarray(matrix @ self._lex_coef_t + self.lex_intercept, dtype=np.float32)

    def _combine(self, lex: FloatArray, sem: FloatArray, langs: Sequence[str | None]) -> FloatArray:
        cal = self.calibration
        cover = np.array([self.coverage(lang) for lang in langs], dtype=np.float32)[:, None]
        logits = cover * (cal.a * lex + cal.b * sem) + (1 - cover) * cal.b0 * sem
        return np.asarray(softmax(logits, axis=1), dtype=np.float32)

    def _skipped(
        self,
        lex: FloatArray,
        langs: Sequence[str | None],
        confidence: float | Literal["config"] | None,
    ) -> tuple[npt.NDArray[np.bool_], FloatArray | None]:
        """Which texts the cascade decides by the lexical head alone, and the lexical-alone
        probabilities softmax(a0 * lexical) (None when the cascade is off for this model).

        A text is skipped when every semantic head it would be read by may be skipped
        (e5 by default), its language has enough coverage, and the lexical head alone is
        confident enough. A model without `a0` (stored before the cascade) never skips.
        `confidence` replaces the configured threshold ("config": keep it; 0.0: the lexical
        head alone for every such text).
        """
        cal, config = self.calibration, self.config
        threshold = config.skip_semantic_confidence if confidence == "config" else confidence
        skipped = np.zeros(len(langs), dtype=bool)
        if cal.a0 is None or threshold is None or not len(langs):
            return skipped, None
        kinds = list(self.heads)
        for i, lang in enumerate(langs):
            skipped[i] = self.coverage(lang) >= config.skip_semantic_min_coverage and all(
                kind in config.skip_semantic_encoders
                for kind in _route(lang, kinds, config.semantic_mode)
            )
        if not skipped.any():
            return skipped, None
        alone = np.asarray(softmax(cal.a0 * lex, axis=1), dtype=np.float32)
        assert isinstance(threshold, float | int)
        skipped &= alone.max(axis=1) >= threshold
        return skipped, alone

    def _decide(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None],
        lex: FloatArray,
        encoders: Mapping[str, Encoder] | None,
        skip_confidence: float | Literal["config"] | None = "config",
    ) -> tuple[FloatArray, dict[int, tuple[str, FloatArray]], npt.NDArray[np.bool_]]:
        """Calibrated probabilities, each semantically read text's centred vector, and which
        texts were decided without the semantic head (only the others are encoded)."""
        skipped, alone = self._skipped(lex, langs, skip_confidence)
        if alone is None or not skipped.any():
            sem, every_vector = self._semantic(texts, langs, encoders)
            return self._combine(lex, sem, langs), every_vector, skipped
        probs = alone.copy()
        read = np.flatnonzero(~skipped).tolist()
        vectors: dict[int, tuple[str, FloatArray]] = {}
        if read:
            read_langs = [langs[i] for i in read]
            sem, read_vectors = self._semantic([texts[i] for i in read], read_langs, encoders)
            # Row by row the same arithmetic as for the whole batch.
            probs[read] = self._combine(lex[read], sem, read_langs)
            vectors = {read[k]: v for k, v in read_vectors.items()}
        return probs, vectors, skipped

    def probabilities(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        *,
        encoders: Mapping[str, Encoder] | None = None,
    ) -> FloatArray:
        """Calibrated probabilities, shape (len(texts), len(labels)), columns as `labels`
        (the cascade applies, as in `predict_many`)."""
        langs = self._langs(texts, langs)
        probs, _, _ = self._decide(texts, langs, self._lexical(texts), encoders)
        return probs

    def _langs(self, texts: Sequence[str], langs: Sequence[str | None] | None) -> list[str | None]:
        if langs is None:
            langs = [None] * len(texts)
        return [
            lang or detect_language(text, self.config.languages).lang
            for text, lang in zip(texts, langs, strict=True)
        ]

    def predict_many(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        *,
        explain: bool = True,
        encoders: Mapping[str, Encoder] | None = None,
        skip_confidence: float | Literal["config"] | None = "config",
    ) -> list[Prediction]:
        """Predictions for `texts`; `langs` as detected (None entries are detected here).

        `explain=False` skips phrases and similar tickets (evaluation speed).
        `skip_confidence` replaces the model's cascade threshold for this call: 0.0 decides
        every text the cascade may skip (an expensive encoder, a well-covered language) by
        the lexical head alone, whatever its confidence; None turns the cascade off.
        """
        langs = self._langs(texts, langs)
        matrix = self.featurizer.transform(texts)
        lex = np.asarray(matrix @ self._lex_coef_t + self.lex_intercept, dtype=np.float32)
        probs, vectors, skipped = self._decide(texts, langs, lex, encoders, skip_confidence)
        predictions: list[Prediction] = []
        for i, text in enumerate(texts):
            order = np.argsort(-probs[i])
            best = int(order[0])
            ranked = tuple((self.labels[j], round(float(probs[i, j]), 4)) for j in order[:5])
            phrases: tuple[tuple[str, float], ...] = ()
            similar: tuple[SimilarTicket, ...] = ()
            if explain:
                if self.coverage(langs[i]) >= 0.5:
                    found = top_phrases(
                        text,
                        self.featurizer,
                        self.lex_coef[best],
                        limit=self.config.phrase_limit,
                        # One text (a new ticket): the matrix is its row; slicing costs ~0.1 ms.
                        row=matrix if len(texts) == 1 else matrix[i],
                    )
                    phrases = tuple(found)
                if skipped[i]:
                    similar = self._similar_lexical(matrix if len(texts) == 1 else matrix[i])
                else:
                    similar = self._similar(*vectors[i])
            predictions.append(
                Prediction(
                    label=self.labels[best],
                    confidence=round(float(probs[i, best]), 4),
                    ranked=ranked,
                    phrases=phrases,
                    similar=similar,
                    lang=langs[i],
                    model_version=self.version,
                    heads=LEXICAL_ONLY if skipped[i] else BOTH_HEADS,
                )
            )
        return predictions

    def predict(
        self, text: str, lang: str | None = None, *, encoders: Mapping[str, Encoder] | None = None
    ) -> Prediction:
        """Prediction for one text; `lang` as detected (None: detected here)."""
        return self.predict_many([text], [lang], encoders=encoders)[0]

    def _similar(self, kind: str, vector: FloatArray) -> tuple[SimilarTicket, ...]:
        head = self.heads[kind]
        if len(head.exemplar_vectors) == 0:
            return ()
        scores = head.exemplar_vectors.astype(np.float32) @ vector
        return self._similar_by(scores)

    def _exemplar_rows(self) -> sparse.csr_matrix:
        """The exemplars' snippets as tf-idf rows (unit length), built once per model."""
        matrix = self._exemplar_matrix
        if matrix is None:
            with self._exemplar_lock:
                matrix = self._exemplar_matrix
                if matrix is None:
                    snippets = [str(e["snippet"]) for e in self.exemplars]
                    matrix = self.featurizer.transform(snippets, cached=False)
                    self._exemplar_matrix = matrix
        return matrix

    def _similar_lexical(self, row: sparse.csr_matrix) -> tuple[SimilarTicket, ...]:
        """Similar tickets by the cosine of tf-idf rows, for a text whose embedding was not
        computed (the cascade): the reason keeps its "like #123"."""
        if not self.exemplars:
            return ()
        scores = np.asarray((self._exemplar_rows() @ row.T).toarray(), dtype=np.float32).ravel()
        # An exemplar sharing no feature with the text is not "like" it: better no neighbour
        # (the reason then names the words) than a random one.
        return tuple(s for s in self._similar_by(scores) if s.score > 0)

    def _similar_by(self, scores: FloatArray) -> tuple[SimilarTicket, ...]:
        top = np.argsort(-scores)[: self.config.similar_limit]
        return tuple(
            SimilarTicket(
                id=self.exemplars[j].get("id"),
                label=self.labels[int(self.exemplars[j]["label"])],
                score=round(float(scores[j]), 4),
                snippet=str(self.exemplars[j]["snippet"]),
            )
            for j in top
        )

    # -- serialisation -------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """A zip: meta.json, vocabulary.json, exemplars.json, arrays.npz (no pickle)."""
        arrays: dict[str, npt.NDArray[Any]] = {
            "idf": self.featurizer.idf,
            "lex_coef": self.lex_coef,
            "lex_intercept": self.lex_intercept,
        }
        heads_meta: dict[str, Any] = {}
        for kind, head in self.heads.items():
            arrays[f"{kind}.coef"] = head.coef
            arrays[f"{kind}.intercept"] = head.intercept
            arrays[f"{kind}.exemplars"] = head.exemplar_vectors.astype(np.float16)
            langs = sorted(head.means.means)
            arrays[f"{kind}.means"] = (
                np.stack([head.means.means[lang] for lang in langs])
                if langs
                else np.zeros((0, head.coef.shape[1]), dtype=np.float32)
            )
            if head.means.overall is not None:
                arrays[f"{kind}.overall"] = head.means.overall
            heads_meta[kind] = {"langs": langs, "counts": head.means.counts}
        vocabulary = sorted(self.featurizer.vocabulary, key=self.featurizer.vocabulary.__getitem__)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                _entry("meta.json"), json.dumps({**asdict(self.meta), "heads": heads_meta})
            )
            archive.writestr(_entry("vocabulary.json"), json.dumps(vocabulary, ensure_ascii=False))
            archive.writestr(
                _entry("exemplars.json"), json.dumps(self.exemplars, ensure_ascii=False)
            )
            npz = io.BytesIO()
            np.savez(npz, **arrays)  # type: ignore[arg-type]
            archive.writestr(_entry("arrays.npz"), npz.getvalue())
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> TriageModel:
        """Load a model written by `to_bytes`. Raises ValueError for anything else."""
        try:
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                raw_meta = json.loads(archive.read("meta.json"))
                vocabulary = json.loads(archive.read("vocabulary.json"))
                exemplars = json.loads(archive.read("exemplars.json"))
                arrays = dict(np.load(io.BytesIO(archive.read("arrays.npz")), allow_pickle=False))
        except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a triage model: {exc}") from exc
        if (
            raw_meta.get("kind") != MODEL_KIND
            or raw_meta.get("format_version") not in READABLE_FORMATS
        ):
            raise ValueError("not a triage model of a format this version reads")
        heads_meta = raw_meta.pop("heads")
        meta = ModelMeta(**raw_meta)
        heads: dict[str, SemanticHead] = {}
        for kind, info in heads_meta.items():
            stacked = arrays[f"{kind}.means"]
            means = LanguageMeans(
                means={lang: stacked[i].astype(np.float32) for i, lang in enumerate(info["langs"])},
                counts={k: int(v) for k, v in info["counts"].items()},
                overall=arrays.get(f"{kind}.overall"),
            )
            heads[kind] = SemanticHead(
                encoder=kind,
                coef=arrays[f"{kind}.coef"].astype(np.float32),
                intercept=arrays[f"{kind}.intercept"].astype(np.float32),
                means=means,
                exemplar_vectors=arrays[f"{kind}.exemplars"].astype(np.float32),
            )
        featurizer = Featurizer({term: i for i, term in enumerate(vocabulary)}, arrays["idf"])
        return cls(
            meta=meta,
            featurizer=featurizer,
            lex_coef=arrays["lex_coef"].astype(np.float32),
            lex_intercept=arrays["lex_intercept"].astype(np.float32),
            heads=heads,
            exemplars=exemplars,
        )

    def with_metrics(self, metrics: Mapping[str, Any]) -> TriageModel:
        """The same model with `metrics` recorded in its metadata."""
        return self.with_meta(replace(self.meta, metrics=dict(metrics)))

    def with_meta(self, meta: ModelMeta) -> TriageModel:
        """The same trained model with other metadata (metrics, stored settings)."""
        return TriageModel(
            meta=meta,
            featurizer=self.featurizer,
            lex_coef=self.lex_coef,
            lex_intercept=self.lex_intercept,
            heads=self.heads,
            exemplars=self.exemplars,
        )


# -- training ------------------------------------------------------------------------------


def _encoders_needed(config: TriageConfig, langs: Sequence[str]) -> list[str]:
    """USE when any served/seen language is one it covers; e5 when any is not (or always
    in "both" mode)."""
    everything = set(config.languages) | set(langs)
    kinds = []
    if everything & USE_LANGUAGES:
        kinds.append("use")
    if everything - USE_LANGUAGES or config.semantic_mode == "both":
        kinds.append("e5")
    return kinds or ["use"]


def _calibration_split(
    y: npt.NDArray[np.int64], fraction: float, seed: int
) -> npt.NDArray[np.bool_]:
    """A stratified held-out mask: about `fraction` of every label with at least 3 examples."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        take = math.floor(len(rows) * fraction)
        if len(rows) >= 3 and take >= 1:
            mask[rng.choice(rows, size=take, replace=False)] = True
    return mask


def _fit_calibration(lex: FloatArray, sem: FloatArray, y: npt.NDArray[np.int64]) -> Calibration:
    """Scales a, b (together), b0 (semantic alone) and a0 (lexical alone) that minimise
    held-out log-loss.

    The targets are Platt's (1999): the true label counts as (n + 1) / (n + 2) of the
    probability, the rest is shared by the other labels, for n held-out tickets. With plain
    one-hot targets a small held-out slice the heads get entirely right (a young desk, a
    tidy history) has no finite optimum: the scales run to their bounds and every later
    prediction, a vague "can someone call me?" included, comes out near-certain. With many
    held-out tickets the targets are practically one-hot and nothing changes.
    """
    rows = np.arange(len(y))
    n, k = lex.shape
    true_share = (n + 1) / (n + 2)
    targets = np.full((n, k), (1 - true_share) / max(k - 1, 1))
    targets[rows, y] = true_share

    def nll(logits: npt.NDArray[np.float64]) -> float:
        return float(-(targets * log_softmax(logits, axis=1)).sum(axis=1).mean())

    joint = minimize(
        lambda p: nll(p[0] * lex + p[1] * sem),
        x0=np.array([3.0, 0.7]),
        method="L-BFGS-B",
        bounds=[(0.0, 100.0), (0.0, 10.0)],
    )
    alone = minimize(
        lambda p: nll(p[0] * sem), x0=np.array([1.0]), method="L-BFGS-B", bounds=[(0.05, 10.0)]
    )
    # The lexical head alone, for texts the cascade decides without the semantic head.
    lexical = minimize(
        lambda p: nll(p[0] * lex), x0=np.array([3.0]), method="L-BFGS-B", bounds=[(0.05, 100.0)]
    )
    a, b = (float(v) for v in joint.x)
    return Calibration(
        a=round(a, 4),
        b=round(b, 4),
        b0=round(float(alone.x[0]), 4),
        fitted=True,
        a0=round(float(lexical.x[0]), 4),
    )


def train_triage(
    examples: Sequence[Example],
    *,
    unlabelled: Sequence[tuple[str, str | None]] = (),
    config: TriageConfig | None = None,
    version: str | None = None,
    now: datetime | None = None,
    encoders: Mapping[str, Encoder] | None = None,
) -> TriageModel:
    """Train a triage model on `examples` (oldest first: the newest become the exemplars).

    `unlabelled`: (text, lang) pairs of other recent messages, used only to estimate each
    language's mean embedding (no labels needed; more languages covered = better transfer).
    Preconditions: at least two distinct labels; every text non-empty. Deterministic for
    the same inputs and config.
    """
    config = config or TriageConfig()
    examples = [e for e in examples if normalize(e.text)]
    labels = sorted({e.label for e in examples})
    if len(labels) < 2:
        raise ValueError("triage needs examples of at least two different labels")
    index = {label: i for i, label in enumerate(labels)}
    y = np.array([index[e.label] for e in examples], dtype=np.int64)
    weights = np.array([max(e.weight, 0.0) for e in examples], dtype=np.float32)
    texts = [e.text for e in examples]
    langs = [e.lang or detect_language(e.text, config.languages).lang for e in examples]
    min_df = 1 if len(examples) < 500 else 2

    kinds = _encoders_needed(config, langs)
    unl_texts = [t for t, _ in unlabelled if normalize(t)]
    unl_langs = [
        lang or detect_language(t, config.languages).lang for t, lang in unlabelled if normalize(t)
    ]
    ref_langs = [lang for lang, sents in REFERENCE_SENTENCES.items() for _ in sents]
    ref_texts = [s for sents in REFERENCE_SENTENCES.values() for s in sents]
    raw: dict[str, FloatArray] = {}
    means: dict[str, LanguageMeans] = {}
    for kind in kinds:
        encoder = (encoders or {}).get(kind) or get_encoder(kind)
        vectors = encoder.encode(_encoder_input(kind, texts + unl_texts + ref_texts, config))
        raw[kind] = vectors[: len(texts)]
        means[kind] = LanguageMeans.fit(vectors, [*langs, *unl_langs, *ref_langs])

    centred = {kind: means[kind].center(raw[kind], langs) for kind in kinds}
    calibration = DEFAULT_CALIBRATION
    holdout = _calibration_split(y, config.calibration_fraction, config.seed)
    fit_rows = ~holdout
    if holdout.sum() >= config.min_calibration_examples and len(np.unique(y[fit_rows])) == len(
        labels
    ):
        # Fit on the rest, score the held-out slice, calibrate; then refit on everything.
        featurizer, matrix = Featurizer.fit(
            [texts[i] for i in np.flatnonzero(fit_rows)], min_df=min_df
        )
        lex_coef, lex_b = _fit_lexical(
            matrix, y[fit_rows], weights[fit_rows], config.lexical_c, config.seed
        )
        held = np.flatnonzero(holdout)
        lex = np.asarray(featurizer.transform([texts[i] for i in held]) @ lex_coef.T + lex_b)
        held_logp: dict[str, FloatArray] = {}
        for kind in kinds:
            coef, b = _fit_semantic(
                centred[kind][fit_rows],
                y[fit_rows],
                weights[fit_rows],
                config.semantic_c,
                len(labels),
            )
            held_logp[kind] = log_softmax(centred[kind][held] @ coef.T + b, axis=1)
        sem = np.stack(
            [
                _mean_logp(
                    [held_logp[kind][k] for kind in _route(langs[i], kinds, config.semantic_mode)]
                )
                for k, i in enumerate(held)
            ]
        )
        calibration = _fit_calibration(lex, sem, y[holdout])

    featurizer, matrix = Featurizer.fit(texts, min_df=min_df)
    lex_coef, lex_intercept = _fit_lexical(matrix, y, weights, config.lexical_c, config.seed)
    exemplar_rows = _exemplar_rows(y, config.exemplars_per_label)
    heads: dict[str, SemanticHead] = {}
    for kind in kinds:
        coef, intercept = _fit_semantic(centred[kind], y, weights, config.semantic_c, len(labels))
        heads[kind] = SemanticHead(
            encoder=kind,
            coef=coef,
            intercept=intercept,
            means=means[kind],
            exemplar_vectors=centred[kind][exemplar_rows],
        )
    exemplars = [
        {
            "id": examples[i].id,
            "label": int(y[i]),
            "lang": langs[i],
            "snippet": normalize(examples[i].text)[:SNIPPET_CHARS],
        }
        for i in exemplar_rows
    ]
    now = now or datetime.now(UTC)
    lang_counts = Counter(lang for lang in langs if lang)
    digest = text_key(*(f"{e.label}\t{e.text}" for e in examples))[:8]
    config_dict = asdict(config)
    config_dict["languages"] = list(config.languages)
    config_dict["skip_semantic_encoders"] = list(config.skip_semantic_encoders)
    meta = ModelMeta(
        version=version or f"{now:%Y%m%d%H%M%S}-{digest}",
        trained_at=now.isoformat(),
        n_examples=len(examples),
        labels=labels,
        lang_counts=dict(lang_counts),
        config=config_dict,
        calibration=asdict(calibration),
    )
    return TriageModel(
        meta=meta,
        featurizer=featurizer,
        lex_coef=lex_coef,
        lex_intercept=lex_intercept,
        heads=heads,
        exemplars=exemplars,
    )


def _encoder_input(kind: str, texts: Sequence[str], config: TriageConfig) -> list[str]:
    """What encoder `kind` reads of each text: e5 the first `config.e5_units` units (the same
    at training and prediction time), USE the text (its encoder caps it)."""
    if kind != "e5":
        return list(texts)
    return [text_head(normalize(t), config.e5_units) or "." for t in texts]


def _route(lang: str | None, kinds: Sequence[str], mode: str) -> list[str]:
    """The semantic heads that read a text in `lang`, the first giving its neighbours.

    "routed": the one encoder that covers the language (USE where trained, else e5).
    "both": USE and e5 together where USE covers the language (better, ~5x the cost).
    """
    wanted = encoder_for(lang)
    if mode == "both" and wanted == "use" and "e5" in kinds and "use" in kinds:
        return ["use", "e5"]
    return [wanted if wanted in kinds else kinds[0]]


def _mean_logp(parts: Sequence[npt.NDArray[Any]]) -> FloatArray:
    """Average of log-probabilities, renormalised (a product of experts)."""
    if len(parts) == 1:
        return np.asarray(parts[0], dtype=np.float32)
    return np.asarray(log_softmax(np.mean(parts, axis=0)), dtype=np.float32)


def _exemplar_rows(y: npt.NDArray[np.int64], per_label: int) -> list[int]:
    """The last `per_label` rows of every label (the newest, when examples are oldest first)."""
    rows: list[int] = []
    for label in np.unique(y):
        rows.extend(np.flatnonzero(y == label)[-per_label:].tolist())
    return sorted(rows)


# -- retraining with a held-out check -----------------------------------------------------


@dataclass(frozen=True)
class RetrainResult:
    """`model` is the one to use from now on: the new one if `promoted`, else the current one."""

    model: TriageModel
    promoted: bool
    candidate_metrics: dict[str, Any]
    current_metrics: dict[str, Any] | None
    holdout_size: int


def _score(model: TriageModel, holdout: Sequence[Example]) -> dict[str, Any]:
    from omotenashi.engine.evaluation import classification_metrics

    predictions = model.predict_many(
        [e.text for e in holdout], [e.lang for e in holdout], explain=False
    )
    return classification_metrics(
        [e.label for e in holdout],
        [p.label for p in predictions],
        [e.lang for e in holdout],
        confidences=[p.confidence for p in predictions],
    ).as_dict()


def retrain(
    examples: Sequence[Example],
    current: TriageModel | None,
    *,
    holdout_fraction: float = 0.1,
    min_holdout: int = 20,
    unlabelled: Sequence[tuple[str, str | None]] = (),
    config: TriageConfig | None = None,
    now: datetime | None = None,
) -> RetrainResult:
    """Train a candidate on all but the newest `holdout_fraction` of `examples` (oldest first),
    compare it with `current` on those newest tickets, and promote it only if it is at least
    as accurate (ties broken by macro-F1). A promoted model is refitted on all examples and
    carries the held-out figures in its metadata. Without a current model the new one is
    always promoted.
    """
    n_hold = max(min_holdout, int(len(examples) * holdout_fraction))
    if len(examples) - n_hold < 2 * min_holdout:
        # Too little history to hold anything out: more examples is the best evidence there
        # is, so the new model (trained on all of them) replaces the current one.
        model = train_triage(examples, unlabelled=unlabelled, config=config, now=now)
        return RetrainResult(model, True, {}, None, 0)
    train_part, holdout = list(examples[:-n_hold]), list(examples[-n_hold:])
    candidate = train_triage(train_part, unlabelled=unlabelled, config=config, now=now)
    candidate_metrics = _score(candidate, holdout)
    current_metrics = _score(current, holdout) if current is not None else None
    better = current_metrics is None or (
        candidate_metrics["accuracy"],
        candidate_metrics["macro_f1"],
    ) >= (current_metrics["accuracy"], current_metrics["macro_f1"])
    if not better:
        assert current is not None
        return RetrainResult(current, False, candidate_metrics, current_metrics, n_hold)
    final = train_triage(examples, unlabelled=unlabelled, config=config, now=now)
    final = final.with_metrics({"holdout": candidate_metrics, "holdout_size": n_hold})
    return RetrainResult(final, True, candidate_metrics, current_metrics, n_hold)
