"""Cross-lingual retrieval data from xSID: an English-only "article set" and questions
in other languages that must find the right article.

    python bench/xsid_retrieval_data.py [--data D/xsid/data.jsonl] [--out var/eval/xsid]
    omotenashi eval retrieval --corpus var/eval/xsid/corpus.jsonl \
        --queries var/eval/xsid/queries.jsonl

Corpus: the English validation utterances (300), each a document labelled with its
intent (16 intents; like StackFAQ, several documents per label). Queries: the test
utterances of every language asked for (default en, de, nl, ja, da, it; xSID has no
French or Swedish, see bench/data/stackfaq_xl_queries.jsonl for those), relevant = the
documents of the same intent. English queries are the monolingual reference.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (CI, the main checkout) or beside the worktrees' folder.
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SHARED / "datasets/xsid/data.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "var/eval/xsid"))
    parser.add_argument("--langs", default="en,de,nl,ja,da,it")
    args = parser.parse_args()
    langs = set(args.langs.split(","))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = queries = 0
    with (
        open(args.data, encoding="utf-8") as source,
        open(out / "corpus.jsonl", "w", encoding="utf-8") as docs,
        open(out / "queries.jsonl", "w", encoding="utf-8") as asks,
    ):
        for line in source:
            row = json.loads(line)
            if row["lang"] == "en" and row["split"] == "valid":
                corpus += 1
                doc = {
                    "id": f"en{corpus}",
                    "text": row["text"],
                    "label": row["label"],
                    "lang": "en",
                }
                docs.write(json.dumps(doc, ensure_ascii=False) + "\n")
            elif row["lang"] in langs and row["split"] == "test":
                queries += 1
                ask = {"text": row["text"], "label": row["label"], "lang": row["lang"]}
                asks.write(json.dumps(ask, ensure_ascii=False) + "\n")
    print(f"{corpus} documents, {queries} queries in {out}")


if __name__ == "__main__":
    main()
