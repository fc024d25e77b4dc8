"""The cascade: a text e5 would read is decided by the lexical head alone when that head
knows the language well and is already sure (docs/decisions/0111)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from omotenashi.engine.embeddings import Encoder, FloatArray, get_encoder
from omotenashi.engine.tests.samples import FIXED_NOW, swedish_examples, templated_examples
from omotenashi.engine.triage import TriageConfig, TriageModel, train_triage

# Written for these tests; none is in the training data.
SURE_SV = "Bildskärmen är trasig och visar ingenting"  # "screen": a hardware word
SURE_SV_2 = "Jag kommer inte åt mitt lösenord längre"  # "lösenord": accounts
VAGUE_SV = "Hej, jag undrar en sak"  # no queue's words at all
SURE_EN = "The printer is broken and prints nothing"
SURE_DA = "Printeren er i stykker og printer ikke"  # Danish: e5, but never trained on


class CountingEncoder:
    """A real encoder that records every batch it is asked to encode."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str]) -> FloatArray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def model() -> TriageModel:
    """240 English and 160 Swedish tickets of four queues: a fitted calibration, and
    Swedish well covered (0.94)."""
    return train_triage(
        templated_examples() + swedish_examples(),
        config=TriageConfig(languages=("en", "sv", "da")),
        now=FIXED_NOW,
    )


@pytest.fixture
def counting() -> dict[str, CountingEncoder]:
    return {kind: CountingEncoder(get_encoder(kind)) for kind in ("use", "e5")}


def _with_config(model: TriageModel, **changes: Any) -> TriageModel:
    """The same trained model with other cascade settings."""
    return model.with_meta(replace(model.meta, config={**model.meta.config, **changes}))


def _as_stored_before_the_cascade(model: TriageModel) -> TriageModel:
    """The model's bytes as a version without the cascade wrote them: no `a0`, no settings."""
    source = zipfile.ZipFile(io.BytesIO(model.to_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "meta.json":
                meta = json.loads(data)
                meta["format_version"] = 1
                del meta["calibration"]["a0"]
                for key in [k for k in meta["config"] if k.startswith("skip_semantic")]:
                    del meta["config"][key]
                data = json.dumps(meta).encode()
            target.writestr(name, data)
    return TriageModel.from_bytes(out.getvalue())


def test_lexical_alone_scale_is_fitted_and_stored(model: TriageModel) -> None:
    assert model.calibration.fitted
    assert model.calibration.a0 is not None and model.calibration.a0 > 0
    loaded = TriageModel.from_bytes(model.to_bytes())
    assert loaded.calibration == model.calibration
    assert loaded.config == model.config


def test_sure_swedish_ticket_is_decided_without_e5(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    prediction = model.predict(SURE_SV, "sv", encoders=counting)
    assert prediction.heads == ("lexical",) and prediction.semantic_skipped
    assert prediction.label == "hardware"
    assert prediction.confidence >= 0.9
    assert counting["e5"].calls == [] and counting["use"].calls == []


def test_vague_swedish_ticket_is_read_by_e5(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    prediction = model.predict(VAGUE_SV, "sv", encoders=counting)
    assert prediction.heads == ("lexical", "semantic")
    assert len(counting["e5"].calls) == 1


def test_a_call_can_let_the_words_decide_whatever_their_confidence(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    """`skip_confidence=0.0` (the understanding task's priority when no other model made an
    embedding): a vague Swedish ticket is decided by the lexical head alone, with its own
    calibrated (low) confidence; a language the lexical head has not seen still gets e5,
    and None turns the cascade off for a sure one."""
    vague = model.predict_many([VAGUE_SV], ["sv"], encoders=counting, skip_confidence=0.0)[0]
    assert vague.semantic_skipped and vague.confidence < 0.9
    assert counting["e5"].calls == []
    danish = model.predict_many([SURE_DA], ["da"], encoders=counting, skip_confidence=0.0)[0]
    assert not danish.semantic_skipped and len(counting["e5"].calls) == 1
    sure = model.predict_many([SURE_SV], ["sv"], encoders=counting, skip_confidence=None)[0]
    assert not sure.semantic_skipped and len(counting["e5"].calls) == 2


def test_a_language_the_lexical_head_has_not_seen_is_read_by_e5(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    prediction = model.predict(SURE_DA, "da", encoders=counting)
    assert model.coverage("da") == 0.0
    assert not prediction.semantic_skipped
    assert len(counting["e5"].calls) == 1


def test_use_is_never_skipped_by_default(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    assert not model.predict(SURE_EN, "en", encoders=counting).semantic_skipped
    assert len(counting["use"].calls) == 1
    # The rule is the encoder list, not the language: allowed to skip USE, it does.
    both = _with_config(model, skip_semantic_encoders=["e5", "use"])
    assert both.predict(SURE_EN, "en", encoders=counting).semantic_skipped
    assert len(counting["use"].calls) == 1


def test_threshold_and_coverage_settings_are_obeyed(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    off = _with_config(model, skip_semantic_confidence=None)
    assert not off.predict(SURE_SV, "sv", encoders=counting).semantic_skipped
    unreachable = _with_config(model, skip_semantic_confidence=1.01)
    assert not unreachable.predict(SURE_SV, "sv", encoders=counting).semantic_skipped
    more_coverage = _with_config(model, skip_semantic_min_coverage=0.95)  # Swedish has 0.94
    assert not more_coverage.predict(SURE_SV, "sv", encoders=counting).semantic_skipped
    assert len(counting["e5"].calls) == 3


def test_model_stored_before_the_cascade_never_skips(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    old = _as_stored_before_the_cascade(model)
    assert old.calibration.a0 is None
    texts, langs = [SURE_SV, SURE_SV_2, VAGUE_SV, SURE_EN], ["sv", "sv", "sv", "en"]
    predictions = old.predict_many(texts, langs, encoders=counting)
    assert not any(p.semantic_skipped for p in predictions)
    assert [len(c) for c in counting["e5"].calls] == [3]
    # Exactly what the model computed before the cascade existed (the cascade turned off).
    off = _with_config(model, skip_semantic_confidence=None)
    assert np.array_equal(old.probabilities(texts, langs), off.probabilities(texts, langs))


def test_skipped_prediction_keeps_similar_tickets_in_its_reason(model: TriageModel) -> None:
    prediction = model.predict(SURE_SV, "sv")
    assert prediction.semantic_skipped
    assert prediction.similar and prediction.similar[0].label == "hardware"
    # The nearest by words is a Swedish ticket about the screen (exemplars are the newest
    # 20 tickets of each queue: screens and keyboards for hardware).
    assert prediction.similar[0].id is not None and prediction.similar[0].id.startswith("sv-")
    assert "bildskärm" in prediction.similar[0].snippet.lower()
    assert "like #sv-hardware-" in prediction.reason


def test_batch_is_decided_text_by_text_and_encodes_only_what_needs_e5(
    model: TriageModel, counting: dict[str, CountingEncoder]
) -> None:
    texts = [SURE_SV, VAGUE_SV, SURE_EN, SURE_SV_2, SURE_DA]
    langs = ["sv", "sv", "en", "sv", "da"]
    batch = model.predict_many(texts, langs, encoders=counting)
    assert [p.semantic_skipped for p in batch] == [True, False, False, True, False]
    assert [p.label for p in batch][::3] == ["hardware", "accounts"]
    # One e5 call for the two texts that need it, one USE call for the English one.
    assert counting["e5"].calls == [[VAGUE_SV, SURE_DA]]
    assert counting["use"].calls == [[SURE_EN]]
    alone = [model.predict(t, lang) for t, lang in zip(texts, langs, strict=True)]
    assert [(p.label, p.confidence, p.heads) for p in batch] == [
        (p.label, p.confidence, p.heads) for p in alone
    ]
    probs = model.probabilities(texts, langs)
    assert np.allclose(probs.max(axis=1), [p.confidence for p in batch], atol=1e-4)
    # The texts that were read semantically get exactly what they got without the cascade.
    off = _with_config(model, skip_semantic_confidence=None).probabilities(texts, langs)
    assert np.array_equal(probs[[1, 2, 4]], off[[1, 2, 4]])
    assert not np.array_equal(probs[[0, 3]], off[[0, 3]])


def test_exemplar_rows_are_built_once_across_threads(model: TriageModel) -> None:
    fresh = TriageModel.from_bytes(model.to_bytes())
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda _: fresh._exemplar_rows(), range(8)))
    assert all(m is built[0] for m in built)
    assert built[0].shape == (len(fresh.exemplars), len(fresh.featurizer.vocabulary))


def test_a_model_is_stored_as_format_2_and_a_later_format_is_refused(
    model: TriageModel,
) -> None:
    """Format 2 has the lexical-alone scale (format 1 is still read: the test above); a
    format this code does not know is refused with the ValueError the desk logs."""
    blob = model.to_bytes()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert json.loads(archive.read("meta.json"))["format_version"] == 2
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "meta.json":
                data = json.dumps({**json.loads(data), "format_version": 3}).encode()
            target.writestr(name, data)
    with pytest.raises(ValueError, match="format"):
        TriageModel.from_bytes(out.getvalue())
