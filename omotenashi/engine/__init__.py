"""The understanding engine: plain Python, no Django, deterministic, testable on its own.

- language.detect_language(text, candidates, prior) -> LanguageGuess(lang, confidence, ...)
- triage.train_triage(examples, unlabelled=...) -> TriageModel;
  model.predict(text, lang) -> Prediction(label, confidence, ranked, phrases, similar, reason);
  model.to_bytes() / TriageModel.from_bytes(blob);
  triage.retrain(examples, current) -> RetrainResult
- urgency.assess(text, lang, history) -> Feelings(frustration: Score, urgency: Score);
  urgency.frustration(...) / urgency.urgency(...) -> Score(value, cues, level)
- pipeline.analyse(text, candidates=..., models=..., history=...) -> Analysis (all of the above)
- evaluation / cli: `omotenashi eval triage|language|sentiment --data FILE.jsonl [--json]`

Models that ship inside PyPI packages only (Lingua, USE multilingual, e5-small 4-bit); see
docs/decisions/0100-understanding-engine-models.md and docs/evaluation.md.
"""
