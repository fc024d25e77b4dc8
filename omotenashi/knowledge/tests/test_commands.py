"""`omotenashi reindex_knowledge` rebuilds texts and vectors, with a progress bar."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from omotenashi.knowledge.models import RetrievalDocument
from omotenashi.knowledge.tests.conftest import KB

pytestmark = pytest.mark.django_db


def test_reindex_rewrites_texts_and_vectors(kb: KB) -> None:
    RetrievalDocument.objects.update(vector_hash="", content_hash="stale", text="stale")
    out, err = StringIO(), StringIO()
    call_command("reindex_knowledge", stdout=out, stderr=err)
    assert "Texts: 7 articles and solved tickets visited." in out.getvalue()
    assert "Vectors: 7 written" in out.getvalue()
    assert "7/7 vectors" in err.getvalue()  # the progress line
    assert not RetrievalDocument.objects.filter(text="stale").exists()
    assert not RetrievalDocument.objects.filter(vector_hash="").exists()


def test_vectors_only_touches_only_stale_ones(kb: KB) -> None:
    out = StringIO()
    call_command("reindex_knowledge", "--vectors-only", "--no-progress", stdout=out)
    assert "Vectors: 0 written" in out.getvalue()


def test_bad_batch_is_refused(kb: KB) -> None:
    with pytest.raises(CommandError):
        call_command("reindex_knowledge", "--batch", "0")
