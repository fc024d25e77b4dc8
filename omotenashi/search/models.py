"""The search index's bookkeeping. The searchable text itself lives in engine-specific
structures created by migration 0001 (see backends.py):

- SQLite: the FTS5 table `search_fts` (rowid = ticket id; columns subject, people, body).
- PostgreSQL: the column `search_searchdocument.vector` (tsvector) with a GIN index.

Neither is a Django field, so a future migration that rebuilds `search_searchdocument` on
SQLite (Django copies and renames the table) must recreate the trigger from 0001.
"""

from __future__ import annotations

from django.db import models

from omotenashi.tickets.models import Ticket


class SearchDocument(models.Model):
    """One row per indexed ticket: what the permission filter needs next to the text.

    `queue_id` and `is_open` are copies of the ticket's, kept in step by the ticket hooks,
    so the text query filters by permission without joining the wide ticket table.
    """

    ticket = models.OneToOneField(
        Ticket, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    queue_id = models.BigIntegerField()
    is_open = models.BooleanField()
    indexed_at = models.DateTimeField()
    text_version = models.PositiveSmallIntegerField(
        help_text="omotenashi.search.text.TEXT_VERSION at indexing time."
    )

    def __str__(self) -> str:
        return f"search document of #{self.ticket_id}"


class SearchCheckpoint(models.Model):
    """How far a periodic catch-up has looked (e.g. guests changed since this moment)."""

    name = models.CharField(max_length=64, unique=True)
    value = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value.isoformat()}"
