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


@pytest.mark.django_db(transaction=True)
def test_the_embedded_server_encodes_missing_vectors_when_it_starts(
    monkeypatch: pytest.MonkeyPatch, admin_agent: object
) -> None:
    from omotenashi.knowledge import services
    from omotenashi.runtime.management.commands import serve
    from omotenashi.tickets.routing import understanding

    # Written inside vectors_deferred (as the demo does): no vector task was queued.
    with services.vectors_deferred():
        services.article_create(
            by=admin_agent,  # type: ignore[arg-type]
            language="en",
            title="Badge does not open the door",
            body_markdown="Re-enrol the badge at the front desk.",
            publish=True,
        )
    assert RetrievalDocument.objects.filter(vector_hash="").count() == 1
    monkeypatch.setattr(understanding, "warm_up", lambda: None)
    serve._warm_up()
    document = RetrievalDocument.objects.get()
    assert document.vector_hash == document.content_hash and document.vector_model
