"""Bench: the full understanding pipeline per ticket (language + triage + frustration/urgency).

    .venv/bin/python bench/engine_pipeline.py --data ../shared/datasets/support_tickets/data.jsonl \
        --workers 2 --report bench/results/engine-support.json

What is measured, on tickets the model has not seen (the test part of the file):
- latency: one process, one ticket at a time, cold embedding cache (every vector computed),
  p50/p95/p99 and mean in milliseconds;
- throughput: `--workers` processes (one thread each) sharing the tickets, tickets/s;
- memory: peak RSS of a worker with every model loaded (Lingua for the candidate
  languages, USE, e5, the triage model).

Training uses an on-disk vector cache (OMOTENASHI_EMBEDDING_CACHE) so reruns are quick;
the measured predictions never read it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

# One thread per worker: the throughput figure is "N workers on N cores".
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import held_lock  # noqa: E402

from omotenashi.engine.data import read_jsonl  # noqa: E402
from omotenashi.engine.embeddings import (  # noqa: E402
    CachedEncoder,
    E5Encoder,
    EmbeddingCache,
    USEEncoder,
)
from omotenashi.engine.evaluation import SplitOptions, split_records  # noqa: E402
from omotenashi.engine.language import normalise_candidates, warm_up  # noqa: E402
from omotenashi.engine.pipeline import analyse  # noqa: E402
from omotenashi.engine.triage import Example, TriageConfig, TriageModel, train_triage  # noqa: E402

_STATE: dict[str, object] = {}


def _fresh_encoders(inner: dict[str, E5Encoder | USEEncoder]) -> dict[str, CachedEncoder]:
    return {kind: CachedEncoder(enc, EmbeddingCache(capacity=1)) for kind, enc in inner.items()}


def _load_inner() -> dict[str, E5Encoder | USEEncoder]:
    return {"use": USEEncoder(), "e5": E5Encoder()}


def _worker_init(model_blob: bytes, candidates: tuple[str, ...]) -> None:
    warm_up(candidates)
    _STATE["model"] = TriageModel.from_bytes(model_blob)
    _STATE["encoders"] = _fresh_encoders(_load_inner())
    _STATE["candidates"] = candidates


def _peak_rss_kb() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over
    from the parent across fork+exec, so a spawned worker would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker_run(texts: list[str]) -> tuple[int, float, int]:
    model = _STATE["model"]
    encoders = _STATE["encoders"]
    assert isinstance(model, TriageModel) and isinstance(encoders, dict)
    started = time.perf_counter()
    for text in texts:
        _analyse(text, model, encoders, _STATE["candidates"])  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    return len(texts), elapsed, _peak_rss_kb()


def _analyse(
    text: str, model: TriageModel, encoders: dict[str, CachedEncoder], candidates: tuple[str, ...]
) -> None:
    analyse(text, candidates=candidates, models={"queue": model}, encoders=encoders)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--train-split", default="train")
    parser.add_argument("--test-split", default="test")
    parser.add_argument("--train-lang")
    parser.add_argument("--test-lang")
    parser.add_argument("--candidates", default="en,nl,fr,sv,de,ja,es,it,da")
    parser.add_argument("--semantic-mode", default="routed", choices=("routed", "both"))
    parser.add_argument("--limit", type=int, default=400, help="tickets to measure")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--report")
    parser.add_argument(
        "--lock",
        help="hold this flock file (e.g. /tmp/omotenashi-bench.lock) only while measuring",
    )
    args = parser.parse_args()

    candidates = normalise_candidates(args.candidates.split(","))
    records = read_jsonl(args.data)
    options = SplitOptions(
        train_splits=tuple(args.train_split.split(",")),
        test_splits=tuple(args.test_split.split(",")),
        train_langs=tuple(args.train_lang.split(",")) if args.train_lang else None,
        test_langs=tuple(args.test_lang.split(",")) if args.test_lang else None,
    )
    train, test, _ = split_records(records, options)
    # An evenly spaced sample, so every language of the file is in it.
    test = test[:: max(1, len(test) // args.limit)][: args.limit]

    inner = _load_inner()
    cache_path = os.environ.get("OMOTENASHI_EMBEDDING_CACHE")
    training_encoders = {
        kind: CachedEncoder(
            enc, EmbeddingCache(path=f"{cache_path}.{kind}.sqlite3" if cache_path else None)
        )
        for kind, enc in inner.items()
    }
    config = TriageConfig(languages=candidates, semantic_mode=args.semantic_mode)
    model = train_triage(
        [Example(r.text, r.label, r.lang, r.id) for r in train],
        config=config,
        encoders=training_encoders,
    )
    del training_encoders

    # Latency: this process, one ticket at a time, cold cache.
    warm_up(candidates)
    encoders = _fresh_encoders(inner)
    _analyse("warm up", model, encoders, candidates)
    texts = [r.text for r in test]
    chunks = [texts[i :: args.workers] for i in range(args.workers)]
    # spawn, not fork: a worker then holds only what it loads itself, so its RSS is honest.
    context = mp.get_context("spawn")
    latencies = []
    with context.Pool(
        args.workers, initializer=_worker_init, initargs=(model.to_bytes(), candidates)
    ) as pool:
        pool.map(_worker_run, [["warm up"]] * args.workers)
        with held_lock(args.lock):
            load_at_start = os.getloadavg()
            for record in test:
                started = time.perf_counter()
                _analyse(record.text, model, encoders, candidates)
                latencies.append((time.perf_counter() - started) * 1000)
            # Throughput: N single-threaded worker processes share the tickets.
            started = time.perf_counter()
            results = pool.map(_worker_run, chunks)
            wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    words = [len(t.split()) for t in texts]
    report = {
        "data": args.data,
        "tickets": len(texts),
        "mean_words_per_ticket": round(statistics.mean(words), 1),
        "semantic_mode": args.semantic_mode,
        "train_examples": len(train),
        "latency_ms": {
            "p50": pct(0.50),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "mean": round(statistics.mean(latencies), 2),
        },
        "throughput_tickets_per_s": round(len(texts) / wall, 1),
        "workers": args.workers,
        "worker_peak_rss_mb": round(max(rss for _, _, rss in results) / 1024, 1),
        "bench_process_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": load_at_start,
            "loadavg_at_end": os.getloadavg(),
        },
    }
    print(json.dumps(report, indent=2))
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
