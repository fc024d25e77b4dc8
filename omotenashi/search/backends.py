"""The two text-search engines behind one interface, chosen by the database vendor.

Both receive text already folded and tokenised by search/text.py and queries built from
its tokens only, so no user input reaches FTS5 MATCH or to_tsquery unquoted.

Query shape (docs/decisions/0006-search-ranking-at-scale.md): the permission filter
(queue ids) and the open filter are applied inside the text query, and only the newest
`pool` matching tickets are ranked. A rare word ranks every match; a word that matches a
hundred thousand tickets ranks the newest `pool` of them, which keeps a search at 10^6
tickets well under a second and is what an agent looking for a recent case wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db import connection

from omotenashi.search.text import Clause, ParsedQuery

# Ticket ids ranked per search at most (see the module docstring).
CANDIDATE_POOL = 1000


@dataclass(frozen=True)
class IndexRow:
    """One ticket's document: filter copies and the folded, tokenised text of each field."""

    ticket_id: int
    queue_id: int
    is_open: bool
    subject: str
    people: str
    body: str


class SearchBackend(Protocol):
    vendor: str

    def upsert(self, rows: Sequence[IndexRow], *, indexed_at: datetime, text_version: int) -> None:
        """Write or replace these documents. Precondition: inside a transaction."""

    def candidates(
        self,
        *,
        query: ParsedQuery,
        queue_ids: Sequence[int] | None,
        open_only: bool,
        limit: int,
        offset: int,
        pool: int = CANDIDATE_POOL,
    ) -> list[tuple[int, float]]:
        """(ticket id, rank) best first; rank is higher for better matches.

        Precondition: `query.clauses` is not empty; `queue_ids` is None (every queue) or
        a non-empty list.
        """

    def optimize(self) -> None:
        """Compact the index after a bulk load (no-op where the engine needs none)."""


def _quote_fts5(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_expression(clauses: Sequence[Clause]) -> str:
    """An FTS5 MATCH expression: every clause a quoted phrase, all required.

    Tokens are letters and digits only (text.tokens), and are quoted anyway, so words
    such as NEAR, AND or NOT are searched for, never interpreted.
    """
    parts = []
    for clause in clauses:
        phrase = _quote_fts5(" ".join(clause.tokens))
        parts.append(phrase + " *" if clause.prefix else phrase)
    return " AND ".join(parts)


def _quote_tsquery(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_expression(clauses: Sequence[Clause]) -> str:
    """A to_tsquery('simple', ...) expression: phrases joined by <->, clauses by &."""
    parts = []
    for clause in clauses:
        terms = [_quote_tsquery(token) for token in clause.tokens]
        if clause.prefix:
            terms[-1] += ":*"
        parts.append("(" + " <-> ".join(terms) + ")")
    return " & ".join(parts)


class SqliteBackend:
    """FTS5 table `search_fts` (rowid = ticket id), ranked by bm25 over three columns."""

    vendor = "sqlite"
    # bm25 column weights: subject, people (guest names and addresses), body.
    WEIGHTS = (10.0, 4.0, 1.0)

    def upsert(self, rows: Sequence[IndexRow], *, indexed_at: datetime, text_version: int) -> None:
        if not rows:
            return
        stamp = connection.ops.adapt_datetimefield_value(indexed_at)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_searchdocument"
                " (ticket_id, queue_id, is_open, indexed_at, text_version)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (ticket_id) DO UPDATE SET"
                " queue_id = excluded.queue_id, is_open = excluded.is_open,"
                " indexed_at = excluded.indexed_at, text_version = excluded.text_version",
                [(r.ticket_id, r.queue_id, r.is_open, stamp, text_version) for r in rows],
            )
            # A regular (content-storing) FTS5 table deletes by rowid; the row is then
            # written afresh, which is how FTS5 updates text.
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(r.ticket_id,) for r in rows]
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, subject, people, body) VALUES (%s, %s, %s, %s)",
                [(r.ticket_id, r.subject, r.people, r.body) for r in rows],
            )

    def candidates(
        self,
        *,
        query: ParsedQuery,
        queue_ids: Sequence[int] | None,
        open_only: bool,
        limit: int,
        offset: int,
        pool: int = CANDIDATE_POOL,
    ) -> list[tuple[int, float]]:
        filters = ""
        params: list[object] = [fts5_expression(query.clauses)]
        if queue_ids is not None:
            filters += f" AND d.queue_id IN ({', '.join(['%s'] * len(queue_ids))})"
            params.extend(queue_ids)
        if open_only:
            filters += " AND d.is_open"
        params += [pool, limit, offset]
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        # FTS5 walks the matches newest first (ORDER BY rowid DESC is served by the index)
        # and stops after `pool` permitted rows; bm25 is computed only for those.
        # Only constants and placeholders are formatted in; every value is a parameter.
        sql = (
            "SELECT ticket_id, score FROM ("  # noqa: S608
            f"  SELECT f.rowid AS ticket_id, bm25(search_fts, {weights}) AS score"
            "   FROM search_fts AS f JOIN search_searchdocument AS d ON d.ticket_id = f.rowid"
            f"  WHERE search_fts MATCH %s{filters}"
            "   ORDER BY f.rowid DESC LIMIT %s"
            ") ORDER BY score, ticket_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25 is lower-is-better; the interface promises higher-is-better.
            return [(int(ticket_id), -float(score)) for ticket_id, score in cursor.fetchall()]

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


class PostgresBackend:
    """Column `vector` (tsvector, 'simple' config, weights A/B/C) with a GIN index."""

    vendor = "postgresql"
    # ts_rank_cd weights for {D, C, B, A}: body is C, people B, subject A.
    WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
    # 1: divide by 1 + log(document length), so a long thread does not win by size alone.
    NORMALIZATION = 1

    def upsert(self, rows: Sequence[IndexRow], *, indexed_at: datetime, text_version: int) -> None:
        if not rows:
            return
        columns = list(
            zip(
                *[(r.ticket_id, r.queue_id, r.is_open, r.subject, r.people, r.body) for r in rows],
                strict=True,
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_searchdocument"
                " (ticket_id, queue_id, is_open, indexed_at, text_version, vector)"
                " SELECT t.id, t.queue_id, t.is_open, %s, %s,"
                "  setweight(to_tsvector('simple', t.subject), 'A')"
                "  || setweight(to_tsvector('simple', t.people), 'B')"
                "  || setweight(to_tsvector('simple', t.body), 'C')"
                " FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[],"
                "  %s::text[], %s::text[], %s::text[])"
                "  AS t(id, queue_id, is_open, subject, people, body)"
                " ON CONFLICT (ticket_id) DO UPDATE SET queue_id = EXCLUDED.queue_id,"
                "  is_open = EXCLUDED.is_open, indexed_at = EXCLUDED.indexed_at,"
                "  text_version = EXCLUDED.text_version, vector = EXCLUDED.vector",
                [indexed_at, text_version, *[list(column) for column in columns]],
            )

    def candidates(
        self,
        *,
        query: ParsedQuery,
        queue_ids: Sequence[int] | None,
        open_only: bool,
        limit: int,
        offset: int,
        pool: int = CANDIDATE_POOL,
    ) -> list[tuple[int, float]]:
        expression = tsquery_expression(query.clauses)
        filters = ""
        params: list[object] = [expression]
        if queue_ids is not None:
            # Before the text match: the planner keeps this order for equal costs, and
            # the cheap check rejects most rows of an agent who sees few queues.
            filters += " AND d.queue_id = ANY(%s::bigint[])"
            params.append(list(queue_ids))
        if open_only:
            filters += " AND d.is_open"
        params += [expression, pool, limit, offset]
        # One pass over the newest `pool` matches, ranked as they are read. to_tsquery with
        # a constant config is folded at plan time, so the planner sees the real query and
        # its selectivity: a common word walks the primary key backwards and stops after
        # `pool` rows; a rare one goes through the GIN index. Only constants and
        # placeholders are formatted into the SQL.
        sql = (
            "SELECT ticket_id, score FROM ("  # noqa: S608
            f"  SELECT d.ticket_id, ts_rank_cd('{self.WEIGHTS}', d.vector,"
            f"    to_tsquery('simple', %s), {self.NORMALIZATION}) AS score"
            "   FROM search_searchdocument AS d"
            f"  WHERE TRUE{filters} AND d.vector @@ to_tsquery('simple', %s)"
            "   ORDER BY d.ticket_id DESC LIMIT %s"
            ") AS candidates ORDER BY score DESC, ticket_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(int(ticket_id), float(score)) for ticket_id, score in cursor.fetchall()]

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


def get_backend() -> SearchBackend:
    """The backend for the default database. Raises for an engine we do not support."""
    if connection.vendor == "sqlite":
        return SqliteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")
