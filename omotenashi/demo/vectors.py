"""Vectors of the demo's articles, shipped in the package: the first start does not encode them.

`article_vectors.npz` (next to this module) holds the name of the encoder that made them,
the content hash of each article document of demo/knowledge.py (as
`RetrievalDocument.content_hash`) and its vector, float32, exactly as the encoder gave it
(78 translations, ~120 kB). `omotenashi demo_vectors` writes it; demo/tests/test_load_demo.py
checks that it covers every article document the demo loads and that its vectors are the
encoder's. A document whose hash is not in the file (an article edited since) is encoded as
usual, and a file made by another encoder is ignored.

The solved tickets of the story are not in it: their texts name dates relative to the day
the demo is loaded, so their hashes differ every day. The server encodes them in the
background after it starts (docs/decisions/0207-demo-vectors-shipped-tickets-later.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from omotenashi.demo import knowledge as demo_knowledge
from omotenashi.engine.embeddings import CachedEncoder
from omotenashi.engine.retrieval import FloatArray
from omotenashi.engine.retrieval import embed_documents as embed_documents_engine
from omotenashi.knowledge.services import article_source_document, document_content_hash

PATH = Path(__file__).resolve().parent / "article_vectors.npz"


def article_documents() -> dict[str, tuple[str, str]]:
    """(title, text) of every article translation of the demo, by content hash."""
    out: dict[str, tuple[str, str]] = {}
    for spec in demo_knowledge.ARTICLES:
        for title, summary, body in spec.texts.values():
            document = article_source_document(title=title, summary=summary, body_markdown=body)
            out[document_content_hash(title=document[0], text=document[1])] = document
    return out


def write(encoder: CachedEncoder, path: Path = PATH) -> int:
    """Encode every demo article document with `encoder` into `path`; returns how many."""
    documents = article_documents()
    hashes = sorted(documents)
    vectors = embed_documents_engine(
        [documents[h][0] for h in hashes],
        [documents[h][1] for h in hashes],
        passages=encoder.encode,
    )
    header = json.dumps({"model": encoder.name, "documents": len(hashes)})
    with path.open("wb") as out:
        np.savez(
            out,
            header=np.frombuffer(header.encode(), dtype=np.uint8),
            hashes=np.asarray(hashes, dtype="S64"),
            vectors=np.asarray(vectors, dtype=np.float32),
        )
    return len(hashes)


def known_vectors(model: str, path: Path = PATH) -> dict[str, FloatArray]:
    """The shipped vectors by content hash, if they were made by `model` (else none)."""
    if not path.exists():
        return {}
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(bytes(data["header"]).decode())
        if header.get("model") != model:
            return {}
        hashes = [h.decode() for h in data["hashes"].tolist()]
        vectors = np.asarray(data["vectors"], dtype=np.float32)
    return {h: vectors[i] for i, h in enumerate(hashes)}
