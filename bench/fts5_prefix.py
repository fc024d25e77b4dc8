"""Is FTS5's prefix index worth its size? (the `prefix = '2 3'` option of migration 0001)

    .venv/bin/python bench/fts5_prefix.py /tmp/omotenashi-bench/bench-1e5.sqlite3

Copies the documents of a loaded SQLite bench database into two scratch FTS5 tables, with
and without prefix indexes, and times type-ahead queries (two- and three-letter prefixes,
the query shape of backends.SqliteBackend) on both. Reads the bench database only.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

PREFIXES = [
    "co",
    "pa",
    "re",
    "ve",
    "ka",
    "mo",
    "com",
    "pas",
    "acc",
    "ser",
    "pro",
    "the",
    "rend",
    "wach",
    "prob",
]
SQL = (
    "SELECT count(*) FROM (SELECT rowid, bm25(t, 10.0, 4.0, 1.0) AS s FROM t"
    " WHERE t MATCH ? ORDER BY rowid DESC LIMIT 1000)"
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database", type=Path)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    if not args.database.exists():
        sys.exit(f"{args.database} does not exist; load it with bench/load.py first.")
    source = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    rows = source.execute("SELECT rowid, subject, people, body FROM search_fts").fetchall()
    result: dict[str, object] = {"documents": len(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        for label, option in (("prefix '2 3'", ", prefix = '2 3'"), ("no prefix index", "")):
            path = os.path.join(tmp, "t.db")
            conn = sqlite3.connect(path)
            conn.execute(
                "CREATE VIRTUAL TABLE t USING fts5(subject, people, body,"
                f" tokenize = 'unicode61 remove_diacritics 2'{option})"
            )
            began = time.process_time()
            with conn:
                conn.executemany(
                    "INSERT INTO t (rowid, subject, people, body) VALUES (?, ?, ?, ?)", rows
                )
                conn.execute("INSERT INTO t (t) VALUES ('optimize')")
            build_cpu = time.process_time() - began
            timings = {}
            for prefix in PREFIXES:
                expression = f'"{prefix}" *'
                conn.execute(SQL, [expression]).fetchall()
                best = []
                for _ in range(5):
                    began = time.perf_counter()
                    conn.execute(SQL, [expression]).fetchall()
                    best.append((time.perf_counter() - began) * 1000)
                timings[prefix] = round(min(best), 1)
            conn.close()
            result[label] = {
                "index_mb": round(os.path.getsize(path) / 1e6, 1),
                "build_cpu_seconds": round(build_cpu, 1),
                "median_ms": round(statistics.median(timings.values()), 1),
                "max_ms": max(timings.values()),
                "per_prefix_ms": timings,
            }
            os.remove(path)
    print(json.dumps(result, indent=2))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
