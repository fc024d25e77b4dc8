"""Everything the engine says about one incoming message, in one call.

API::

    analysis = analyse(
        "Mijn VPN werkt nog steeds niet!!",
        candidates=("en", "nl", "sv"),     # the languages the desk serves
        prior={"nl": 1.0},                 # e.g. the guest's profile language (optional)
        models={"queue": queue_model, "priority": priority_model},
        history=History(prior_contacts=1),
    )
    analysis.language.lang, analysis.predictions["queue"].reason
    analysis.feelings.frustration.value

Order matters for cost: language first (the triage heads and the frustration lexicons
depend on it), then every triage model; they share one embedding per text through the
encoder cache, so a second or third model costs about a millisecond more.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from omotenashi.engine.embeddings import Encoder
from omotenashi.engine.language import DEFAULT_LANGUAGES, LanguageGuess, detect_language
from omotenashi.engine.triage import Prediction, TriageModel
from omotenashi.engine.urgency import Feelings, History, assess


@dataclass(frozen=True)
class Analysis:
    language: LanguageGuess
    predictions: dict[str, Prediction]
    feelings: Feelings
    elapsed_ms: float


def analyse(
    text: str,
    *,
    candidates: Sequence[str] = DEFAULT_LANGUAGES,
    prior: Mapping[str, float] | None = None,
    models: Mapping[str, TriageModel] | None = None,
    history: History | None = None,
    explain: bool = True,
    encoders: Mapping[str, Encoder] | None = None,
) -> Analysis:
    """Language, triage predictions (one per model in `models`), frustration and urgency.

    Precondition: `text` is the guest's own words (subject and body, quoted replies and
    signatures already removed by the channel). A text without letters still gets an
    analysis: language "und", predictions from the models' semantic heads. `encoders`
    replaces the process-wide encoders (benchmarks use it to measure a cold cache).
    """
    started = time.perf_counter()
    language = detect_language(text, candidates, prior)
    lang = None if language.lang == "und" else language.lang
    predictions = {
        name: model.predict_many([text], [lang], explain=explain, encoders=encoders)[0]
        for name, model in (models or {}).items()
    }
    feelings = assess(text, lang, history)
    elapsed = (time.perf_counter() - started) * 1000
    return Analysis(language, predictions, feelings, round(elapsed, 3))
