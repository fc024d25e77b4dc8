"""The hybrid retrieval engine: BM25, fusion, groups, in-place updates, metrics, and the
`eval retrieval` command. Plain Python: no database."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from omotenashi.engine.cli import main
from omotenashi.engine.retrieval import (
    HybridIndex,
    IndexDoc,
    average_precision,
    document_vector,
    recall_at,
    reciprocal_rank,
    reciprocal_rank_fusion,
    relative_score_fusion,
    score_rankings,
    terms,
)


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_terms_fold_accents_case_and_split_japanese_into_bigrams() -> None:
    assert terms("Réinitialiser le MOT de passe") == ["reinitialiser", "le", "mot", "de", "passe"]
    assert terms("パスワードを忘れた") == [
        "パス",
        "スワ",
        "ワー",
        "ード",
        "ドを",
        "を忘",
        "忘れ",
        "れた",
    ]
    assert terms("ok " + "x" * 80) == ["ok"]


def _lexical_index() -> HybridIndex:
    index = HybridIndex(dim=0)
    index.upsert(
        [
            IndexDoc(key="vpn", text="The VPN connection drops every few minutes", group="public"),
            IndexDoc(
                key="pw", text="Reset a forgotten password from the sign-in page", group="public"
            ),
            IndexDoc(key="secret", text="VPN escalation rota for agents", group="agents"),
        ]
    )
    return index


def test_bm25_ranks_by_words_and_any_word_may_match() -> None:
    found = _lexical_index().search("my vpn keeps dropping", vector=None, groups=["public"])
    assert [m.key for m in found] == ["vpn"]
    assert found[0].lexical_rank == 1 and found[0].similarity is None


def test_nothing_outside_the_allowed_groups_is_ranked() -> None:
    index = _lexical_index()
    assert "secret" not in [m.key for m in index.search("vpn rota", vector=None, groups=["public"])]
    assert [m.key for m in index.search("vpn rota", vector=None, groups=["agents"])] == ["secret"]
    assert index.search("vpn", vector=None, groups=[]) == []
    assert index.search("vpn", vector=None, groups=["nobody"]) == []


def test_upsert_replaces_skips_same_version_and_remove_drops() -> None:
    index = _lexical_index()
    assert (
        index.upsert(
            [IndexDoc(key="vpn", text="The VPN connection drops every few minutes", group="public")]
        )
        == 1
    )
    assert index.upsert([IndexDoc(key="vpn", text="x", group="public", version="v1")]) == 1
    assert index.upsert([IndexDoc(key="vpn", text="y", group="public", version="v1")]) == 0
    assert [m.key for m in index.search("vpn", vector=None, groups=["public"])] == []
    assert len(index) == 3
    assert index.remove(["pw", "unknown"]) == 1
    assert len(index) == 2
    assert index.search("password", vector=None, groups=["public"]) == []


def test_many_small_updates_are_compacted_and_still_found() -> None:
    index = HybridIndex(dim=0)
    for i in range(30):
        index.upsert(
            [
                IndexDoc(
                    key=f"d{i % 5}",
                    text=f"document number {i} about printers",
                    group="g",
                    version=str(i),
                )
            ]
        )
    found = index.search("printers", vector=None, groups=["g"], limit=10)
    assert sorted(m.key for m in found) == [f"d{i}" for i in range(5)]
    assert len(index) == 5


def test_vectors_find_what_words_miss_and_collapse_keeps_one_per_parent() -> None:
    index = HybridIndex(dim=3)
    index.upsert(
        [
            IndexDoc(
                key="t:1",
                parent="a:1",
                lang="en",
                text="VPN drops",
                group="g",
                vector=_unit(1, 0, 0),
            ),
            IndexDoc(
                key="t:2",
                parent="a:1",
                lang="nl",
                text="VPN valt weg",
                group="g",
                vector=_unit(0.9, 0.1, 0),
            ),
            IndexDoc(
                key="t:3",
                parent="a:2",
                lang="en",
                text="Printer jams",
                group="g",
                vector=_unit(0, 1, 0),
            ),
        ]
    )
    found = index.search(
        "verbinding verbroken", vector=_unit(1, 0.05, 0), groups=["g"], collapse=True
    )
    assert [(m.key, m.parent) for m in found][:2] == [("t:1", "a:1"), ("t:3", "a:2")]
    assert found[0].similarity == pytest.approx(float(_unit(1, 0, 0) @ _unit(1, 0.05, 0)), abs=1e-5)
    with pytest.raises(ValueError):
        index.upsert([IndexDoc(key="bad", text="x", group="g", vector=_unit(1, 0))])


def test_fusions_by_hand() -> None:
    assert reciprocal_rank_fusion([[1, 2], [2, 3]], k=60) == [
        (2, pytest.approx(1 / 62 + 1 / 61)),
        (1, pytest.approx(1 / 61)),
        (3, pytest.approx(1 / 62)),
    ]
    scores = np.asarray([0.0, 10.0, 5.0, 0.0], dtype=np.float32)
    sims = np.asarray([0.9, 0.5, 0.7, 0.8], dtype=np.float32)
    fused = dict(relative_score_fusion([([1, 2], scores, 0.25), ([0, 3, 2], sims, 0.75)]))
    assert fused[0] == pytest.approx(0.75)
    assert fused[1] == pytest.approx(0.25)
    assert fused[2] == pytest.approx(0.0)
    assert fused[3] == pytest.approx(0.75 * 0.5)


def test_document_vector_is_the_normalised_sum() -> None:
    vector = document_vector(_unit(1, 0), _unit(0, 1))
    assert np.allclose(vector, _unit(1, 1))
    assert np.allclose(document_vector(None, _unit(0, 1)), _unit(0, 1))


def test_metrics_by_hand() -> None:
    ranked = ["a", "x", "b", "y"]
    assert average_precision(ranked, {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(ranked, {"a", "z"}) == pytest.approx(0.5)
    assert reciprocal_rank(ranked, {"b"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, {"b"}, cutoff=2) == 0.0
    assert recall_at(ranked, {"a", "b", "z"}, 3) == pytest.approx(2 / 3)
    scores = score_rankings([ranked, ["x"]], [{"a"}, {"a"}])
    assert scores.map == pytest.approx(0.5) and scores.hit_at_1 == pytest.approx(0.5)


def _write(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_eval_retrieval_json_has_the_documented_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _write(
        tmp_path / "c.jsonl",
        [
            {
                "id": "d1",
                "text": "How to reset a password. Use the forgot password link.",
                "label": "pw",
            },
            {"id": "d2", "text": "How to reset a password. Ask the desk.", "label": "pw"},
            {"id": "d3", "text": "The printer jams. Open tray two.", "label": "printer"},
        ],
    )
    queries = _write(
        tmp_path / "q.jsonl",
        [
            {"text": "forgot my password", "label": "pw", "lang": "en"},
            {"text": "printer paper jam", "label": "printer", "lang": "en"},
        ],
    )
    assert (
        main(
            [
                "eval",
                "retrieval",
                "--corpus",
                corpus,
                "--queries",
                queries,
                "--mode",
                "lexical",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert {"map", "mrr_at_10", "recall_at_5"} <= set(report)
    assert report["map"] == pytest.approx(1.0) and report["n"] == 2
    assert report["per_language"]["en"]["n"] == 2


def test_eval_retrieval_needs_its_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "retrieval", "--corpus", "/nonexistent.jsonl"]) == 2
    assert "needs --corpus and --queries" in capsys.readouterr().err
    assert (
        main(["eval", "retrieval", "--corpus", "/nonexistent.jsonl", "--queries", "/nope.jsonl"])
        == 2
    )


def test_a_saved_index_reopens_with_the_same_answers_and_without_dead_documents(
    tmp_path: Path,
) -> None:
    index = HybridIndex(dim=2, model="m")
    index.upsert(
        [
            IndexDoc("vpn", "The VPN connection drops", "public", version="1", vector=_unit(1, 0)),
            IndexDoc("pw", "Reset a forgotten password", "public", lang="", vector=_unit(0, 1)),
            IndexDoc("old", "VPN rota for agents", "agents", parent="p", lang="en", version="2"),
        ]
    )
    for i in range(12):  # many segments, and replaced versions (dead slots)
        index.upsert([IndexDoc("pw", f"Reset a forgotten password {i}", "public", version=str(i))])
    index.remove(["old"])
    path = tmp_path / "snapshot.npz"
    index.save(path, meta={"seen_until": "2026-01-01T00:00:00+00:00"})
    reopened, meta = HybridIndex.open(path)
    assert meta == {"seen_until": "2026-01-01T00:00:00+00:00"}
    assert (reopened.dim, reopened.model, len(reopened)) == (2, "m", 2)
    assert sorted(reopened.keys()) == ["pw", "vpn"]
    assert reopened.version("pw") == "11" and reopened.version("old") is None
    for query, vector in (("VPN drops", _unit(1, 0.1)), ("password 11", None)):
        before = index.search(query, vector=vector, groups=["public", "agents"])
        after = reopened.search(query, vector=vector, groups=["public", "agents"])
        assert [(m.key, round(m.score, 5)) for m in after] == [
            (m.key, round(m.score, 5)) for m in before
        ]
    # It goes on taking updates.
    reopened.upsert([IndexDoc("new", "printer jams", "public", version="1")])
    assert [m.key for m in reopened.search("printer", vector=None, groups=["public"])] == ["new"]


def test_a_file_that_is_not_a_snapshot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, something=np.zeros(3))
    with pytest.raises(ValueError, match="not an index snapshot"):
        HybridIndex.open(path)
