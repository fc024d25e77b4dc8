"""Bench: the triage models' lexical head and phrases per ticket, current code against the
plain algorithm it replaced (decision 0110), on a loaded bench desk's stored models.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_routing_bench2 \\
        .venv/bin/python bench/lexical_head.py --tickets 60 --lock /tmp/omotenashi-bench.lock

Run after `bench/routing_pipeline.py` has loaded that desk (it keeps its models and
tickets). For the latest `--tickets` messages, every active model transforms the text,
scores the lexical head and explains its best label, as `TriageModel.predict_many` does for
one ticket; the reference does the same with the old per-feature loops
(omotenashi/engine/tests/test_lexical_equivalence.py) and the transposed weights as a
strided view (the text's feature counts computed once and shared, as the old code's cache
did). Process CPU time per ticket, both interleaved, best of `--rounds`; the two
must produce the same phrases (checked).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import held_lock, require_bench_database, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lock")
    args = parser.parse_args()
    require_bench_database()
    setup_django()

    from omotenashi.engine.lexical import analyze, top_phrases
    from omotenashi.engine.tests.test_lexical_equivalence import (
        _reference_matrix,
        _reference_phrases,
    )
    from omotenashi.tickets.models import Message
    from omotenashi.tickets.routing.store import active_models

    models = [model for _, model in active_models().values()]
    texts = [m.body_text for m in Message.objects.order_by("-id")[: args.tickets]]

    def current() -> list[object]:
        out: list[object] = []
        for text in texts:
            for model in models:
                matrix = model.featurizer.transform([text])
                lex = matrix @ model._lex_coef_t + model.lex_intercept
                best = int(np.argmax(lex[0]))
                out.append(top_phrases(text, model.featurizer, model.lex_coef[best], row=matrix))
        return out

    def reference() -> list[object]:
        out: list[object] = []
        for text in texts:
            counts = Counter(analyze(text))
            for model in models:
                matrix = _reference_matrix(model.featurizer, [counts])
                lex = matrix @ model.lex_coef.T + model.lex_intercept
                best = int(np.argmax(lex[0]))
                weights = model.lex_coef[best]
                out.append(
                    _reference_phrases(text, model.featurizer, weights, matrix[0], counts=counts)
                )
        return out

    if current() != reference():
        raise SystemExit("the current code and the reference disagree")
    best: dict[str, float] = {"reference": float("inf"), "current": float("inf")}
    runs: dict[str, Callable[[], list[object]]] = {"reference": reference, "current": current}
    with held_lock(args.lock):
        for _ in range(args.rounds):
            for name, run in runs.items():
                start = time.process_time()
                run()
                per_ticket = (time.process_time() - start) / len(texts) * 1e3
                best[name] = min(best[name], per_ticket)
    vocab = ", ".join(str(len(m.featurizer.vocabulary)) for m in models)
    print(f"{len(texts)} tickets, {len(models)} models (vocabularies {vocab})")
    for name, ms in best.items():
        print(f"{name}: {ms:.2f} ms CPU per ticket (lexical head and phrases, all models)")


if __name__ == "__main__":
    main()
