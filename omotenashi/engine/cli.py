"""`python -m omotenashi.engine.cli eval triage|language|sentiment --data FILE.jsonl [--json]`
and `... eval retrieval --corpus C.jsonl --queries Q.jsonl [--json]`.

The same command is `omotenashi eval ...` (insights/management/commands/eval.py calls
`main`). It needs no database: it reads a JSON Lines file (text, label, lang, split), trains
on the train part and prints accuracy, macro-F1 and per-language figures of the test part.
Examples (docs/evaluation.md lists the runs behind every published figure)::

    eval triage --data banking77/data.jsonl
    eval triage --data xsid/data.jsonl --train-split valid --train-lang en \\
        --test-lang de,nl,ja --unlabelled-split valid
    eval triage --data support_tickets/data.jsonl          # split "all": fixed 80/20 by text hash
    eval language --data langid_short/data.jsonl --candidates en,nl,fr,sv,de,ja
    eval sentiment --data umsab_sentiment/data.jsonl --json
    eval retrieval --corpus stackfaq/corpus.jsonl --queries stackfaq/queries.jsonl --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, Protocol

from omotenashi.engine.data import DataError, read_jsonl
from omotenashi.engine.evaluation import SplitOptions, run_language, run_sentiment, run_triage
from omotenashi.engine.language import DEFAULT_LANGUAGES


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


def _codes(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    """The `eval` options; shared with the Django management command."""
    parser.add_argument("task", choices=("triage", "language", "sentiment", "retrieval"))
    parser.add_argument("--data", help="JSON Lines file: text, label, lang, split")
    parser.add_argument(
        "--corpus", help="retrieval: documents (JSON Lines: id, text, label; optional title)"
    )
    parser.add_argument(
        "--queries", help="retrieval: queries (JSON Lines: text, label = the relevant documents')"
    )
    parser.add_argument(
        "--mode",
        choices=("hybrid", "lexical", "vector"),
        default="hybrid",
        help="retrieval: BM25 and vectors fused (the product), or one of them alone",
    )
    parser.add_argument(
        "--depth", type=int, default=100, help="retrieval: documents per ranking (the product's)"
    )
    parser.add_argument("--query-lang", help="retrieval: only queries in these languages")
    parser.add_argument(
        "--fusion",
        choices=("relative", "rrf"),
        default="relative",
        help="retrieval: relative score fusion (the product's) or reciprocal rank fusion",
    )
    parser.add_argument(
        "--title-field",
        default="title,question",
        help="retrieval: corpus field(s) holding a document's title, first present wins",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--label-field", default="label", help="field to predict (e.g. priority)")
    parser.add_argument("--train-split", default="train", help="comma-separated split names")
    parser.add_argument("--test-split", default="test", help="comma-separated split names")
    parser.add_argument("--train-lang", help="only train on these languages (comma-separated)")
    parser.add_argument("--test-lang", help="only test on these languages (comma-separated)")
    parser.add_argument(
        "--unlabelled-split",
        help="splits whose texts (never labels) may estimate each language's mean embedding",
    )
    parser.add_argument("--test-percent", type=int, default=20, help="for data without splits")
    parser.add_argument(
        "--where", action="append", default=[], help="FIELD=VALUE filter, repeatable"
    )
    parser.add_argument(
        "--candidates",
        default=",".join(DEFAULT_LANGUAGES),
        help="served languages (language detection candidates)",
    )
    parser.add_argument(
        "--semantic-mode",
        choices=("routed", "both"),
        default="routed",
        help="routed: one encoder per language (fast); both: USE and e5 averaged",
    )
    parser.add_argument(
        "--group-field", default="granularity", help="language task: report per value"
    )


def _retrieval(args: argparse.Namespace) -> dict[str, Any]:
    from omotenashi.engine.retrieval import CorpusDoc, Query, RetrievalRun, run_retrieval

    title_fields = _codes(args.title_field) or ()
    corpus = []
    for i, r in enumerate(read_jsonl(args.corpus, label_field=args.label_field)):
        title = next((str(r.extra[f]) for f in title_fields if r.extra.get(f)), "")
        # A text that begins with its title (StackFAQ: question, then answer) is a body
        # after it, as an article's is.
        body = r.text[len(title) :].lstrip() if title and r.text.startswith(title) else r.text
        corpus.append(
            CorpusDoc(
                id=r.id or f"row{i}", text=body, label=r.label, lang=r.lang or "", title=title
            )
        )
    langs = _codes(args.query_lang)
    queries = [
        Query(text=r.text, label=r.label, lang=r.lang or "")
        for r in read_jsonl(args.queries, label_field=args.label_field)
        if langs is None or r.lang in langs
    ]
    run = RetrievalRun(mode=args.mode, depth=max(1, args.depth), fusion=args.fusion)
    if args.mode != "lexical":
        from omotenashi.engine.embeddings import get_encoder

        passages, questions = get_encoder("e5-passage"), get_encoder("e5-query")
        run.embed_passages, run.embed_queries = passages.encode, questions.encode
        run.model = passages.name
    report = run_retrieval(corpus, queries, run)
    report["corpus"], report["queries"] = args.corpus, args.queries
    return report


def run_eval(args: argparse.Namespace, out: Writer) -> int:
    """Run one evaluation as parsed by `add_eval_arguments`; returns an exit status."""
    report: dict[str, Any]
    if args.task == "retrieval":
        if not args.corpus or not args.queries:
            print("error: retrieval needs --corpus and --queries", file=sys.stderr)
            return 2
        try:
            report = _retrieval(args)
        except (OSError, DataError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.json:
            out.write(json.dumps(report, ensure_ascii=False) + "\n")
        else:
            out.write(format_retrieval(report))
        return 0
    if not args.data:
        print(f"error: {args.task} needs --data", file=sys.stderr)
        return 2
    try:
        records = read_jsonl(args.data, label_field=args.label_field)
    except (OSError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    candidates = _codes(args.candidates) or DEFAULT_LANGUAGES
    where = dict(item.split("=", 1) for item in args.where if "=" in item)
    options = SplitOptions(
        train_splits=_codes(args.train_split) or ("train",),
        test_splits=_codes(args.test_split) or ("test",),
        train_langs=_codes(args.train_lang),
        test_langs=_codes(args.test_lang),
        unlabelled_splits=_codes(args.unlabelled_split) or (),
        test_percent=args.test_percent,
        where=where or None,
    )
    try:
        if args.task == "language":
            report = run_language(
                records,
                candidates=candidates,
                group_field=args.group_field,
                # Language data often has no train part: test on the named split if present.
                test_splits=options.test_splits
                if any(r.split in options.test_splits for r in records)
                else None,
            )
        elif args.task == "sentiment":
            report = run_sentiment(
                records, options, languages=candidates, semantic_mode=args.semantic_mode
            )
        else:
            report = run_triage(
                records, options, languages=candidates, semantic_mode=args.semantic_mode
            )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report["data"] = args.data
    if args.json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        out.write(format_report(report))
    return 0


def format_retrieval(report: dict[str, Any]) -> str:
    """A short human-readable table of a retrieval report."""
    lines = [
        f"retrieval ({report['mode']}, {report['fusion']}, depth {report['depth']}) "
        f"on {report.get('corpus', '?')}: "
        f"n={report['n']} MAP={report['map']:.4f} MRR@10={report['mrr_at_10']:.4f} "
        f"recall@5={report['recall_at_5']:.4f} hit@1={report['hit_at_1']:.4f} "
        f"hit@5={report['hit_at_5']:.4f}"
    ]
    for lang, figures in report.get("per_language", {}).items():
        lines.append(
            f"  {lang:6} n={figures['n']:5} MAP={figures['map']:.4f} "
            f"MRR@10={figures['mrr_at_10']:.4f} recall@5={figures['recall_at_5']:.4f} "
            f"hit@1={figures['hit_at_1']:.4f}"
        )
    for key in ("n_documents", "model", "embed_documents_seconds", "search_ms_per_query"):
        lines.append(f"  {key}: {report[key]}")
    return "\n".join(lines) + "\n"


def format_report(report: dict[str, Any]) -> str:
    """A short human-readable table of a report."""
    lines = [
        f"{report['task']} on {report.get('data', '?')}: n={report['n']} "
        f"accuracy={report['accuracy']:.4f} macro_f1={report['macro_f1']:.4f}"
        + (f" ece={report['ece']:.4f}" if "ece" in report else "")
    ]
    for lang, figures in report.get("per_language", {}).items():
        lines.append(
            f"  {lang:6} n={figures['n']:5} accuracy={figures['accuracy']:.4f} "
            f"macro_f1={figures['macro_f1']:.4f}"
        )
    for group, figures in report.get("per_group", {}).items():
        lines.append(
            f"  [{group}] accuracy={figures['accuracy']:.4f} macro_f1={figures['macro_f1']:.4f}"
        )
        for lang, sub in figures.get("per_language", {}).items():
            lines.append(f"      {lang:6} accuracy={sub['accuracy']:.4f}")
    for key in (
        "n_train",
        "train_seconds",
        "predict_ms_per_text",
        "texts_per_second",
        "frustration_auc_negative",
    ):
        if key in report:
            lines.append(f"  {key}: {report[key]}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="omotenashi.engine.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_arguments(sub.add_parser("eval", help="measure the engine on a JSONL file"))
    args = parser.parse_args(argv)
    return run_eval(args, sys.stdout)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
