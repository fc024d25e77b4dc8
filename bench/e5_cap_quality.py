"""What capping multilingual-e5's input costs in accuracy, on long tickets (decision 0105).

    .venv/bin/python bench/e5_cap_quality.py --units 32
    .venv/bin/python bench/e5_cap_quality.py --units 16

support_tickets (e-mails, 107 words on average, en/de/es/fr/pt) with every text read by
e5, as Swedish and Danish tickets are in the product (USE covers the languages of this
file, so the routing to e5 is forced here). A quarter of the training set and a third of
the test set keep a run to a few minutes on one core. Prints one JSON object: accuracy and
macro-F1 of the calibrated model, and the accuracy of the e5 head alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from omotenashi.engine import triage
from omotenashi.engine.data import read_jsonl
from omotenashi.engine.evaluation import (
    SplitOptions,
    classification_metrics,
    split_records,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "support_tickets"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, required=True, help="e5 input cap (units)")
    parser.add_argument("--data", default=str(DATA / "data.jsonl"))
    args = parser.parse_args()

    # Every text to e5, whatever its language.
    triage.encoder_for = lambda lang: "e5"  # type: ignore[attr-defined]
    triage._encoders_needed = lambda config, langs: ["e5"]
    train, test, _ = split_records(read_jsonl(args.data), SplitOptions())
    train, test = train[::4], test[::3]
    config = triage.TriageConfig(
        languages=("en", "de", "es", "fr", "pt", "nl", "sv", "ja", "it", "da"),
        e5_units=args.units,
    )
    started = time.perf_counter()
    model = triage.train_triage(
        [triage.Example(r.text, r.label, r.lang, r.id) for r in train], config=config
    )
    texts, langs = [r.text for r in test], [r.lang for r in test]
    predictions = model.predict_many(texts, langs, explain=False)
    semantic, _ = model._semantic(texts, langs, None)
    metrics = classification_metrics(
        [r.label for r in test],
        [p.label for p in predictions],
        langs,
        confidences=[p.confidence for p in predictions],
    ).as_dict()
    alone = float(
        np.mean(
            [
                model.labels[int(np.argmax(s))] == r.label
                for s, r in zip(semantic, test, strict=True)
            ]
        )
    )
    print(
        json.dumps(
            {
                "e5_units": args.units,
                "n_train": len(train),
                "n_test": len(test),
                "accuracy": metrics["accuracy"],
                "macro_f1": metrics["macro_f1"],
                "e5_head_alone_accuracy": round(alone, 4),
                "seconds": round(time.perf_counter() - started),
            }
        )
    )


if __name__ == "__main__":
    main()
