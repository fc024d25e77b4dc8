"""Knowledge retrieval at 10^5 documents: search latency, suggestion round trip, build rate.

    DATABASE_URL=sqlite:////tmp/omotenashi-bench/knowledge-bench.sqlite3 \\
        .venv/bin/python bench/knowledge_retrieval.py [--documents 100000] [--real 1000]

What it does, in order (results to var/bench/knowledge_retrieval.json):

1. Fills a bench database (name must contain "bench") with `--documents` retrieval
   documents: 5 % public articles (real Article rows, one translation each) and 95 %
   solved-ticket documents in 20 queues, with realistic multilingual ticket text
   (bench/corpus.py, from ../shared/datasets). `--real` of them get vectors from the real
   encoder; every other one gets the vector of a random real one plus Gaussian noise
   (sigma 0.02 per dimension, renormalised), so the similarity distribution is realistic
   without spending hours encoding 10^5 texts. The latency of a search does not depend on
   what the vectors say, only on how many there are.
2. Encoder throughput: `services.embed_documents` on 256 fresh documents (the real cost of
   keeping the index fresh, and of a full rebuild: documents per second).
3. In-process: loads the index from the database (index build rate), then times 300
   questions in six languages through `selectors.retrieve` (query embedding + hybrid
   search over all 10^5 documents, agents' view: articles and every queue) and through
   `selectors.public_search(gated=True)` (what the request form calls).
4. HTTP: starts gunicorn on loopback and times 300 GET /help/suggest/ round trips
   (one after another, at most ~110 a minute to stay under the endpoint's rate limit,
   after a warm-up that loads the index in the worker).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from _setup import (
    ROOT,
    machine,
    percentile,
    require_bench_database,
    setup_django,
    wait_for_quiet,
)

ARTICLE_SHARE = 0.05
QUEUES = 20
SIGMA = 0.02
PACE_SECONDS = 0.55


def _questions(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(text, language) questions from the test data, in the six interface languages."""
    shared = next(p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir())
    rows: list[tuple[str, str]] = []
    for line in (shared / "datasets/xsid/data.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["lang"] in ("en", "nl", "de", "ja") and row["split"] == "test":
            rows.append((row["text"], row["lang"]))
    xl = ROOT / "bench/data/stackfaq_xl_queries.jsonl"
    for line in xl.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows.append((row["text"], row["lang"]))
    rng.shuffle(rows)
    return rows[:count]


def fill(documents: int, real: int, rng: random.Random) -> dict[str, float]:
    import numpy as np
    from corpus import Corpus
    from django.db import transaction

    from omotenashi.accounts.services import team_create
    from omotenashi.engine.retrieval import embed_documents
    from omotenashi.knowledge.index import passage_encoder
    from omotenashi.knowledge.models import (
        Article,
        ArticleTranslation,
        RetrievalDocument,
        TranslationStatus,
    )
    from omotenashi.knowledge.services import _hash
    from omotenashi.tickets.models import Queue

    have = RetrievalDocument.objects.count()
    if have >= documents:
        return {"filled": 0}
    corpus = Corpus(rng)
    team = team_create(name=f"Bench knowledge {rng.randint(0, 10**9)}")
    queues = [
        Queue.objects.create(name=f"{team.name} {i}", slug=f"bench-kq-{team.pk}-{i}", team=team)
        for i in range(QUEUES)
    ]
    texts: list[tuple[str, str, str]] = []  # (title, body, language)
    for _ in range(documents - have):
        lang = corpus.language()
        request = corpus.request(lang)
        texts.append((request.subject, f"{request.body}\n{corpus.reply(lang, request)}", lang))
    encoder = passage_encoder()
    started = time.perf_counter()
    sample = texts[:real]
    real_vectors = embed_documents(
        [t for t, _, _ in sample], [b for _, b, _ in sample], passages=encoder.encode
    )
    encoded = time.perf_counter() - started
    noise_rng = np.random.default_rng(7)
    n_articles = int(len(texts) * ARTICLE_SHARE)
    started = time.perf_counter()
    batch: list[RetrievalDocument] = []
    for i, (title, body, lang) in enumerate(texts):
        if i < real:
            vector = real_vectors[i]
        else:
            base = real_vectors[noise_rng.integers(0, real)]
            vector = base + noise_rng.normal(0, SIGMA, base.shape).astype(np.float32)
            vector = vector / np.linalg.norm(vector)
        content = _hash(title, body)
        common = {
            "title": title[:255],
            "text": body,
            "language": lang,
            "live": True,
            "content_hash": content,
            "vector": np.asarray(vector, dtype=np.float32).tobytes(),
            "vector_model": encoder.name,
            "vector_hash": content,
        }
        if i < n_articles:
            with transaction.atomic():
                article = Article.objects.create(slug=f"bench-{team.pk}-{i}")
                translation = ArticleTranslation.objects.create(
                    article=article,
                    language=lang,
                    title=title[:200],
                    body_markdown=body,
                    body_html=f"<p>{body[:2000]}</p>",
                    status=TranslationStatus.PUBLISHED,
                )
            batch.append(
                RetrievalDocument(
                    key=f"t:{translation.pk}",
                    kind="article",
                    translation=translation,
                    parent=f"a:{article.pk}",
                    group="article:public",
                    **common,
                )
            )
        else:
            key = f"k:bench-{team.pk}-{i}"
            batch.append(
                RetrievalDocument(
                    key=key,
                    kind="ticket",
                    parent=key,
                    group=f"ticket:{queues[i % QUEUES].pk}",
                    **common,
                )
            )
        if len(batch) >= 2000:
            RetrievalDocument.objects.bulk_create(batch)
            batch = []
    RetrievalDocument.objects.bulk_create(batch)
    return {
        "filled": len(texts),
        "real_vectors": real,
        "encode_seconds": round(encoded, 1),
        "encode_per_second": round(real / encoded, 1) if encoded else 0.0,
        "insert_seconds": round(time.perf_counter() - started, 1),
    }


def embed_throughput(rng: random.Random, count: int = 256) -> dict[str, float]:
    """The write path: documents with new text, vectors computed and stored."""
    from corpus import Corpus
    from django.utils import timezone

    from omotenashi.knowledge.models import RetrievalDocument
    from omotenashi.knowledge.services import _hash, embed_documents

    corpus = Corpus(rng)
    rows = []
    stamp = int(time.time())
    for i in range(count):
        lang = corpus.language()
        request = corpus.request(lang)
        body = f"{request.body}\n{corpus.reply(lang, request)}"
        key = f"k:embed-{stamp}-{i}"
        rows.append(
            RetrievalDocument(
                key=key,
                kind="ticket",
                parent=key,
                group="ticket:0",
                language=lang,
                title=request.subject[:255],
                text=body,
                live=False,
                content_hash=_hash(request.subject[:255], body),
                updated_at=timezone.now(),
            )
        )
    RetrievalDocument.objects.bulk_create(rows)
    started = time.perf_counter()
    written = embed_documents(keys=[r.key for r in rows])
    seconds = time.perf_counter() - started
    return {
        "documents": written,
        "seconds": round(seconds, 1),
        "per_second": round(written / seconds, 2) if seconds else 0.0,
    }


def in_process(questions: list[tuple[str, str]]) -> dict[str, object]:
    from omotenashi.knowledge import selectors
    from omotenashi.knowledge.index import get_index, reset_index
    from omotenashi.knowledge.models import RetrievalDocument
    from omotenashi.tickets.models import Queue

    reset_index()
    started = time.perf_counter()
    index = get_index(vectors=True)
    loaded = time.perf_counter() - started
    assert index is not None
    groups = ["article:public", "article:agents"] + [
        f"ticket:{q}" for q in Queue.objects.values_list("pk", flat=True)
    ]
    selectors.query_vector("warm up the encoder")
    selectors.background_ceiling(selectors.query_vector("warm up"))
    search_ms: list[float] = []
    engine_ms: list[float] = []
    suggest_ms: list[float] = []
    for text, lang in questions:
        t0 = time.perf_counter()
        vector = selectors.query_vector(text)
        t1 = time.perf_counter()
        selectors.retrieve(text=text, groups=groups, vector=vector, limit=10)
        t2 = time.perf_counter()
        search_ms.append(1000 * (t2 - t0))
        engine_ms.append(1000 * (t2 - t1))
        t3 = time.perf_counter()
        selectors.public_search(text=text, language=lang, limit=3, gated=True)
        suggest_ms.append(1000 * (time.perf_counter() - t3))

    def summary(values: list[float]) -> dict[str, float]:
        return {
            "p50": round(percentile(values, 0.5), 1),
            "p95": round(percentile(values, 0.95), 1),
            "max": round(max(values), 1),
        }

    documents = RetrievalDocument.objects.filter(live=True).count()
    return {
        "documents": documents,
        "index_documents": len(index),
        "index_load_seconds": round(loaded, 1),
        "index_load_per_second": round(documents / loaded) if loaded else 0,
        "start_up": start_up(questions),
        "search_ms_with_query_embedding": summary(search_ms),
        "search_ms_engine_only": summary(engine_ms),
        "public_search_gated_ms": summary(suggest_ms),
        "queries": len(questions),
    }


def start_up(questions: list[tuple[str, str]]) -> dict[str, object]:
    """A web process's start: the index written to its snapshot file, then loaded in the
    background by a fresh `KnowledgeIndex` while searches go on (they never wait)."""
    from omotenashi.knowledge import selectors
    from omotenashi.knowledge.index import KnowledgeIndex, get_index, snapshot_path
    from omotenashi.knowledge.models import DocumentKind

    index = get_index(vectors=True)
    assert index is not None
    path = snapshot_path(index.model)
    started = time.perf_counter()
    size = index.save(path)
    saved = time.perf_counter() - started
    articles_started = time.perf_counter()
    KnowledgeIndex()._load(True, kind=DocumentKind.ARTICLE)
    articles = time.perf_counter() - articles_started
    fresh = KnowledgeIndex()
    started = time.perf_counter()
    loader = fresh.start_background_load(vectors=True)
    first_answer: list[float] = []
    states: list[str] = []
    text, _ = questions[0]
    vector = selectors.query_vector(text)
    while loader.is_alive():
        t0 = time.perf_counter()
        loaded = fresh.get(vectors=True)
        if loaded is not None:
            loaded.search(text, vector=vector, groups=["article:public"], limit=3)
        first_answer.append(1000 * (time.perf_counter() - t0))
        states.append(fresh.state)
        time.sleep(0.05)
    ready = time.perf_counter() - started
    return {
        "snapshot_write_seconds": round(saved, 1),
        "snapshot_megabytes": round(size / 1e6),
        "articles_from_database_seconds": round(articles, 2),
        "background_load": {
            k: round(v, 2) if isinstance(v, float) else v for k, v in fresh.last_load.items()
        },
        "ready_seconds": round(ready, 1),
        "searches_while_loading": len(first_answer),
        "searches_while_loading_max_ms": round(max(first_answer), 1) if first_answer else 0.0,
        "states_seen": sorted(set(states)),
    }


def over_http(questions: list[tuple[str, str]]) -> dict[str, object]:
    import shutil

    import httpx
    from _server import gunicorn

    from omotenashi.knowledge.index import get_index, snapshot_path

    data_dir = ROOT / "var/bench/knowledge-server"
    # The server loads its index in the background at start, from the snapshot in its data
    # directory (written by start_up above); the timed requests begin once it is loaded.
    index = get_index(vectors=True)
    assert index is not None
    ours = snapshot_path(index.model)
    theirs = data_dir / ours.relative_to(ours.parent.parent)
    theirs.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ours, theirs)
    timings: list[float] = []
    with (
        gunicorn(workers=1, threads=2, data_dir=data_dir) as base,
        httpx.Client(base_url=base) as http,
    ):
        started = time.perf_counter()
        http.get(
            "/help/suggest/",
            params={"message": "warm up: load the index and the encoder"},
            timeout=300,
        )
        warm = time.perf_counter() - started
        time.sleep(15)  # the background load from the snapshot takes a few seconds
        for text, _ in questions:
            t0 = time.perf_counter()
            response = http.get("/help/suggest/", params={"message": text}, timeout=60)
            timings.append(1000 * (time.perf_counter() - t0))
            assert response.status_code == 200, response.status_code
            # The endpoint allows 120 requests a minute per address (one guest types far
            # fewer); the bench is one address, so it keeps under that pace.
            time.sleep(max(0.0, PACE_SECONDS - (time.perf_counter() - t0)))
    return {
        "first_request_seconds": round(warm, 1),
        "round_trip_ms": {
            "p50": round(percentile(timings, 0.5), 1),
            "p95": round(percentile(timings, 0.95), 1),
            "max": round(max(timings), 1),
        },
        "requests": len(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--real", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-embed", action="store_true", help="no encoder throughput run")
    parser.add_argument(
        "--fill-only", action="store_true", help="fill the bench database and stop (no timing)"
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=None,
        metavar="LOAD",
        help="before timing, wait until the one-minute load average is at most LOAD",
    )
    args = parser.parse_args()
    require_bench_database()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(20171123)
    filled = fill(args.documents, args.real, rng)
    if args.fill_only:
        print(json.dumps({"fill": filled}))
        return
    wait_for_quiet(args.quiet)
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    report: dict[str, object] = {"machine": machine(), "load_before": load_before}
    report["fill"] = filled
    if not args.skip_embed:
        report["embed"] = embed_throughput(rng)
    questions = _questions(rng, args.queries)
    report["in_process"] = in_process(questions)
    if not args.skip_http:
        report["http"] = over_http(questions)
    report["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    out = ROOT / "var/bench/knowledge_retrieval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
