from __future__ import annotations

from omotenashi.engine.pipeline import analyse
from omotenashi.engine.triage import TriageModel
from omotenashi.engine.urgency import History


def test_analyse_combines_language_triage_and_feelings(small_model: TriageModel) -> None:
    analysis = analyse(
        "Mijn wachtwoord werkt nog steeds niet, voor de derde keer!",
        candidates=("en", "nl", "sv"),
        models={"queue": small_model},
        history=History(prior_contacts=2),
    )
    assert analysis.language.lang == "nl"
    assert analysis.predictions["queue"].label == "accounts"
    assert analysis.feelings.frustration.level == "high"
    assert analysis.elapsed_ms > 0


def test_analyse_without_models_or_letters() -> None:
    analysis = analyse("???")
    assert analysis.language.lang == "und"
    assert analysis.predictions == {}
    assert analysis.feelings.frustration.value == 0.0
