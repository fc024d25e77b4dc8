"""`omotenashi demo_vectors`: encode the demo articles into omotenashi/demo/article_vectors.npz."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Encode the demo's article documents with the current encoder into the file the demo "
        "loads them from (after editing demo/knowledge.py or upgrading the encoder)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from omotenashi.demo.vectors import PATH, write
        from omotenashi.knowledge.index import passage_encoder

        count = write(passage_encoder())
        self.stdout.write(f"{count} article documents encoded into {PATH}")
