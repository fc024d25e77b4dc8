"""Language of a guest message, restricted to the languages the desk serves.

API::

    guess = detect_language("Ring mig", candidates=("sv", "da", "en"), prior={"sv": 1.0})
    guess.lang, guess.confidence, guess.reliable, guess.alternatives

Why restricted: open-set detection over 75 languages confuses short texts with languages
nobody at the desk speaks; choosing among the served languages (default en, nl, fr, sv,
de, ja, es, it, da) is far more accurate on two-word messages and needs a fraction of
the memory (docs/decisions/0100-understanding-engine-models.md).

Why a prior: some short texts are genuinely ambiguous between close languages ("Ring mig"
is Swedish, and nearly Danish). A prior (the guest's known language, or the desk's mix)
is combined with the detector's confidences by Bayes' rule, mixed 1:4 with a
uniform prior so it tips ambiguous cases but never overrules a clear detection.

Detector: Lingua (lingua-language-detector), whose statistical models ship inside the
package. One detector per candidate set is built lazily and shared by the process
(thread-safe after construction); building one for nine languages takes ~3 s and ~250 MB.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "nl", "fr", "sv", "de", "ja", "es", "it", "da")
# Below this posterior the guess is shown but flagged: the desk should keep what it knew
# (the guest's profile language) rather than switch language on a weak signal.
RELIABLE_CONFIDENCE = 0.5
# Weight of the caller's prior against a uniform one (see module docstring).
PRIOR_WEIGHT = 0.2
UNKNOWN = "und"  # ISO 639-2 "undetermined": no letters to judge by
# Lingua's cost grows with length and a few sentences decide the language: longer texts
# are judged on their start (the guest's own words come before quotes and signatures).
MAX_DETECT_CHARS = 600

_LETTER = re.compile(r"[^\W\d_]")
_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(frozen=True)
class LanguageGuess:
    """The most probable served language of a text.

    `confidence` is a posterior probability over the candidates (they sum to one);
    `alternatives` lists every candidate with its probability, best first.
    """

    lang: str
    confidence: float
    reliable: bool
    alternatives: tuple[tuple[str, float], ...]


def _iso(code: str) -> IsoCode639_1:
    try:
        return getattr(IsoCode639_1, code.upper())  # type: ignore[no-any-return]
    except AttributeError:
        raise ValueError(f"unknown ISO 639-1 language code: {code!r}") from None


class LanguageDetectorPool:
    """Lazily built Lingua detectors, one per candidate set, shared by the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._detectors: dict[tuple[str, ...], LanguageDetector] = {}

    def get(self, candidates: Sequence[str]) -> LanguageDetector:
        key = tuple(sorted(set(candidates)))
        detector = self._detectors.get(key)
        if detector is None:
            with self._lock:
                detector = self._detectors.get(key)
                if detector is None:
                    isos = [_iso(code) for code in key]
                    detector = (
                        LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
                        .with_preloaded_language_models()
                        .build()
                    )
                    self._detectors[key] = detector
        return detector


_POOL = LanguageDetectorPool()


def normalise_candidates(candidates: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased, de-duplicated codes in the given order; raises ValueError on unknown codes."""
    seen: list[str] = []
    for code in candidates:
        code = code.strip().lower()
        if code and code not in seen:
            _iso(code)
            seen.append(code)
    if not seen:
        raise ValueError("at least one candidate language is needed")
    return tuple(seen)


def _posterior(
    scores: Mapping[str, float], candidates: Sequence[str], prior: Mapping[str, float] | None
) -> list[tuple[str, float]]:
    uniform = 1.0 / len(candidates)
    weights = {code: uniform for code in candidates}
    if prior:
        total = sum(max(0.0, prior.get(code, 0.0)) for code in candidates)
        if total > 0:
            weights = {
                code: (1 - PRIOR_WEIGHT) * uniform
                + PRIOR_WEIGHT * max(0.0, prior.get(code, 0.0)) / total
                for code in candidates
            }
    joint = {code: scores.get(code, 0.0) * weights[code] for code in candidates}
    norm = sum(joint.values())
    if norm <= 0:
        # The detector saw nothing (e.g. only punctuation): the prior alone decides.
        joint, norm = weights, sum(weights.values())
    ranked = sorted(((code, value / norm) for code, value in joint.items()), key=lambda kv: -kv[1])
    return ranked


def detect_language(
    text: str,
    candidates: Sequence[str] = DEFAULT_LANGUAGES,
    prior: Mapping[str, float] | None = None,
) -> LanguageGuess:
    """Most probable language of `text` among `candidates` (ISO 639-1 codes).

    Preconditions: `candidates` are valid ISO 639-1 codes Lingua knows. A text without
    letters gets the prior's best language (or "und" without a prior) and confidence 0.
    """
    codes = normalise_candidates(candidates)
    if not _LETTER.search(text):
        if prior:
            best = max(codes, key=lambda code: prior.get(code, 0.0))
            if prior.get(best, 0.0) > 0:
                return LanguageGuess(best, 0.0, False, ((best, 0.0),))
        return LanguageGuess(UNKNOWN, 0.0, False, ())
    if len(codes) == 1:
        return LanguageGuess(codes[0], 1.0, True, ((codes[0], 1.0),))
    if "ja" in codes and _KANA.search(text):
        # Kana are written only in Japanese: certain, and no model call needed.
        return LanguageGuess("ja", 1.0, True, (("ja", 1.0),))
    detector = _POOL.get(codes)
    scores = {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in detector.compute_language_confidence_values(text[:MAX_DETECT_CHARS])
    }
    ranked = _posterior(scores, codes, prior)
    lang, confidence = ranked[0]
    return LanguageGuess(
        lang=lang,
        confidence=round(confidence, 4),
        reliable=confidence >= RELIABLE_CONFIDENCE,
        alternatives=tuple((code, round(p, 4)) for code, p in ranked),
    )


def warm_up(candidates: Sequence[str] = DEFAULT_LANGUAGES) -> None:
    """Build the detector for `candidates` now (worker start) instead of on the first ticket."""
    _POOL.get(normalise_candidates(candidates))
