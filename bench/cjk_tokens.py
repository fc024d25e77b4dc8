"""How to make Japanese searchable: measure the candidates.

Figures for docs/decisions/0006-search-tokens-and-japanese.md.

    .venv/bin/python bench/cjk_tokens.py [--docs 50000]

Candidates, each over the same documents (real Japanese sentences from the shared
datasets mixed with real European-language tickets, about 1 in 8 Japanese):

- bigram: search/text.py's CJK bigrams stored in an FTS5 unicode61 table (what we ship);
- trigram: FTS5's built-in trigram tokenizer over the folded text;
- unicode61 alone: no CJK handling (a Japanese run is one token), the baseline;
- PostgreSQL, if reachable: our bigrams in a tsvector/GIN against pg_trgm's GIN with
  LIKE '%...%' (two ways to do the same on the server).

For each: index size, build time, median query time, and recall against the truth (a
plain substring scan), separately for 1-, 2- and 3+-character Japanese queries.
No Django; nothing is written outside a temporary directory and a scratch database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from omotenashi.search.text import fold, index_text, parse_query  # noqa: E402

DATASETS = Path("/work/shared/datasets")
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


def documents(count: int, rng: random.Random) -> list[str]:
    japanese, other = [], []
    for name in ("langid_short", "xsid"):
        for line in (DATASETS / name / "data.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            if row["lang"] == "ja" and row.get("granularity", "sentences") == "sentences":
                japanese.append(row["text"])
    for line in (DATASETS / "support_tickets" / "data.jsonl").open(encoding="utf-8"):
        other.append(json.loads(line)["text"])
    docs = []
    for _ in range(count):
        if rng.random() < 0.125:
            docs.append(" ".join(rng.choice(japanese) for _ in range(rng.randint(1, 3))))
        else:
            docs.append(rng.choice(other))
    return docs


def queries(docs: list[str], rng: random.Random, per_length: int) -> dict[str, list[str]]:
    runs = [run for doc in docs for run in CJK_RUN.findall(fold(doc))]
    out: dict[str, list[str]] = {"1 char": [], "2 chars": [], "3+ chars": []}
    while min(len(v) for v in out.values()) < per_length:
        run = rng.choice(runs)
        length = rng.choice([1, 2, 3, 4, 5])
        if len(run) < length:
            continue
        start = rng.randrange(len(run) - length + 1)
        key = "1 char" if length == 1 else "2 chars" if length == 2 else "3+ chars"
        if len(out[key]) < per_length:
            out[key].append(run[start : start + length])
    return out


def truth(folded: list[str], query: str) -> set[int]:
    return {i + 1 for i, doc in enumerate(folded) if query in doc}


def measure(
    name: str, conn: sqlite3.Connection, build: float, size: int, search, folded, qsets
) -> dict:
    result: dict[str, object] = {"build_seconds": round(build, 2), "index_mb": round(size / 1e6, 1)}
    for label, items in qsets.items():
        times, recalls, precisions = [], [], []
        for q in items:
            began = time.perf_counter()
            found = search(q)
            times.append((time.perf_counter() - began) * 1000)
            expected = truth(folded, q)
            if expected:
                recalls.append(len(found & expected) / len(expected))
            if found:
                precisions.append(len(found & expected) / len(found))
        result[label] = {
            "median_ms": round(statistics.median(times), 2),
            "recall": round(statistics.mean(recalls), 3) if recalls else None,
            "precision": round(statistics.mean(precisions), 3) if precisions else None,
        }
    return result


def sqlite_candidates(docs: list[str], folded: list[str], qsets) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, tokenizer, prepare, to_match in (
            ("bigram (shipped)", "unicode61 remove_diacritics 2", index_text, _bigram_match),
            ("trigram", "trigram", fold, _trigram_match),
            ("unicode61 alone", "unicode61 remove_diacritics 2", fold, _plain_match),
        ):
            path = os.path.join(tmp, f"{len(out)}.db")
            conn = sqlite3.connect(path)
            conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{tokenizer}')")
            began = time.perf_counter()
            conn.executemany(
                "INSERT INTO t (rowid, body) VALUES (?, ?)",
                [(i + 1, prepare(doc)) for i, doc in enumerate(docs)],
            )
            conn.execute("INSERT INTO t (t) VALUES ('optimize')")
            conn.commit()
            build = time.perf_counter() - began
            size = os.path.getsize(path)

            def search(q: str, conn: sqlite3.Connection = conn, to_match=to_match) -> set[int]:
                expression, like = to_match(q)
                if expression is None:
                    rows = conn.execute(
                        "SELECT rowid FROM t WHERE body LIKE ?", [f"%{like}%"]
                    ).fetchall()
                else:
                    rows = conn.execute(
                        "SELECT rowid FROM t WHERE t MATCH ?", [expression]
                    ).fetchall()
                return {r[0] for r in rows}

            out[name] = measure(name, conn, build, size, search, folded, qsets)
            conn.close()
    return out


def _bigram_match(q: str) -> tuple[str | None, str]:
    clause = parse_query(q + " ").clauses[0]
    return '"' + " ".join(clause.tokens) + '"' + (" *" if clause.prefix else ""), q


def _trigram_match(q: str) -> tuple[str | None, str]:
    # The trigram tokenizer cannot MATCH fewer than 3 characters; LIKE is its fallback
    # (which the trigram index cannot serve either below 3 characters: a full scan).
    return (None, q) if len(q) < 3 else ('"' + q + '"', q)


def _plain_match(q: str) -> tuple[str | None, str]:
    return '"' + q + '"', q


def postgres_candidates(docs: list[str], folded: list[str], qsets, url: str) -> dict:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS omotenashi_cjk_bench")
        admin.execute("CREATE DATABASE omotenashi_cjk_bench")
    out = {}
    try:
        with psycopg.connect(f"{base}/omotenashi_cjk_bench", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute(
                "CREATE TABLE d (id int PRIMARY KEY, folded text, tokens text, v tsvector)"
            )
            with conn.cursor().copy("COPY d (id, folded, tokens) FROM STDIN") as copy:
                for i, doc in enumerate(docs):
                    copy.write_row((i + 1, fold(doc), index_text(doc)))
            began = time.perf_counter()
            conn.execute("UPDATE d SET v = to_tsvector('simple', tokens)")
            conn.execute("CREATE INDEX d_v ON d USING gin (v)")
            bigram_build = time.perf_counter() - began
            began = time.perf_counter()
            conn.execute("CREATE INDEX d_trgm ON d USING gin (folded gin_trgm_ops)")
            trgm_build = time.perf_counter() - began
            conn.execute("ANALYZE d")
            size = {
                name: conn.execute("SELECT pg_relation_size(%s)", [name]).fetchone()[0]
                for name in ("d_v", "d_trgm")
            }

            def bigram(q: str) -> set[int]:
                from omotenashi.search.backends import tsquery_expression

                expression = tsquery_expression(parse_query(q + " ").clauses)
                rows = conn.execute(
                    "SELECT id FROM d WHERE v @@ to_tsquery('simple', %s)", [expression]
                )
                return {r[0] for r in rows}

            def trigram(q: str) -> set[int]:
                rows = conn.execute("SELECT id FROM d WHERE folded LIKE %s", [f"%{q}%"])
                return {r[0] for r in rows}

            out["pg bigram tsvector (shipped)"] = measure(
                "pg bigram", conn, bigram_build, size["d_v"], bigram, folded, qsets
            )
            out["pg_trgm GIN + LIKE"] = measure(
                "pg trgm", conn, trgm_build, size["d_trgm"], trigram, folded, qsets
            )
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS omotenashi_cjk_bench")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=100, help="Queries per length.")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="Server for the PostgreSQL comparison ('' to skip).",
    )
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    rng = random.Random(3)
    docs = documents(args.docs, rng)
    folded = [fold(doc) for doc in docs]
    qsets = queries(docs, rng, args.queries)
    result = {"docs": args.docs, "sqlite": sqlite_candidates(docs, folded, qsets)}
    if args.postgres:
        try:
            result["postgresql"] = postgres_candidates(docs, folded, qsets, args.postgres)
        except Exception as exc:  # no server: the SQLite figures still stand
            result["postgresql"] = {"skipped": str(exc)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
