"""The two text-search engines behind one interface, chosen by the database vendor.

Both receive text already folded and tokenised by search/text.py and queries built from
its tokens only, so no user input reaches FTS5 MATCH or to_tsquery unquoted.

Query shape (docs/decisions/0008-search-ranks-the-newest-matches.md): the permission filter
(queue ids) and the open filter are applied inside the text query, and only the newest
`pool` matching tickets are ranked. A rare word ranks every match; a word that matches a
hundred thousand tickets ranks the newest `pool` of them, which keeps a search at 10^6
tickets well under a second and is what an agent looking for a recent case wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import connection, transaction

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
        params: list[Any] = [fts5_expression(query.clauses)]
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
            # Statistics taken while the index was small (an ANALYZE on a new desk, or
            # before a bulk load) make SQLite plan FTS5's own segment reads as table scans:
            # measured on the 10^5 bench index, every 16th write then took 0.6-1 s instead
            # of 5 ms. Fresh statistics after a rebuild keep those plans on the rowid.
            cursor.execute("ANALYZE search_fts_data")
            cursor.execute("ANALYZE search_fts_idx")


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

    # Walk this many of the newest tickets first, then estimate from what was found how
    # far a walk must go; walk at most SCAN_BUDGET tickets before using the GIN index.
    SCAN_FIRST = 10_000
    SCAN_BUDGET = 200_000
    # Fetching one match through the GIN index (heap visit, recheck) costs about as much
    # as testing this many documents on a walk (measured at 10^6: 10 µs against 2 µs).
    LOOKUP_TO_WALK_COST = 4

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
        """The newest `pool` matches, ranked, without trusting the planner's guess.

        PostgreSQL cannot read a GIN index in ticket order, so "the newest matches" is
        either a walk down the primary key testing each document (cheap when matches are
        dense) or a GIN lookup of every match, then a sort (cheap when they are rare). The
        planner picks from its estimate of how many documents match, and phrases and
        prefixes are where that estimate is worst: measured at 10^6 tickets, a phrase of
        two common words walked the whole table (2.3 s) and a three-letter prefix fetched
        86,000 documents (1.2 s). So the choice is made here from what is actually
        found: walk the newest SCAN_FIRST tickets; if that found enough, done; if the
        density seen says the pool fills sooner by walking on than by fetching the rest's
        matches through the GIN index (and within SCAN_BUDGET tickets), walk on; otherwise
        the GIN index fetches the rest. Every step is bounded.
        """
        expression = tsquery_expression(query.clauses)
        filters, filter_params = "", []
        if queue_ids is not None:
            filters += " AND d.queue_id = ANY(%s::bigint[])"
            filter_params.append(list(queue_ids))
        if open_only:
            filters += " AND d.is_open"
        found: list[tuple[int, float]] = []
        with transaction.atomic(), connection.cursor() as cursor:
            # Custom plans only, for this transaction. With prepared statements (settings,
            # docs/decisions/0011) PostgreSQL switches a statement run five times on a
            # connection to a generic plan, which cannot fold to_tsquery(%s) into a
            # constant and so parses the query again for every document it tests:
            # measured at 10^6 tickets, searches then took twice as long.
            cursor.execute(
                "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
                " max(ticket_id) FROM search_searchdocument"
            )
            top = cursor.fetchone()[1]
            if top is None:
                return []
            upper, walked, window = int(top), 0, self.SCAN_FIRST
            while upper > 0 and len(found) < pool:
                lower = max(0, upper - window)
                found += self._walk(
                    cursor, expression, filters, filter_params, lower, upper, pool - len(found)
                )
                walked += upper - lower
                upper = lower
                if len(found) >= pool or upper <= 0:
                    break
                density = max(len(found), 1) / walked
                needed = (pool - len(found)) / density
                # Walk on only if that is cheaper than fetching the expected matches of
                # the rest through the index, and within the budget.
                walk_cost = min(needed, upper)
                lookup_cost = self.LOOKUP_TO_WALK_COST * density * upper
                if walk_cost > lookup_cost or walked + needed > self.SCAN_BUDGET:
                    break
                window = int(needed * 1.25) + 1
            if upper > 0 and len(found) < pool:
                found += self._lookup(
                    cursor, expression, filters, filter_params, upper, pool - len(found)
                )
        found.sort(key=lambda row: (-row[1], -row[0]))
        return found[offset : offset + limit]

    def _rank_sql(self) -> str:
        weights, normalization = self.WEIGHTS, self.NORMALIZATION
        return f"ts_rank_cd('{weights}', d.vector, to_tsquery('simple', %s), {normalization})"

    def _walk(
        self,
        cursor: Any,
        expression: str,
        filters: str,
        filter_params: list[Any],
        lower: int,
        upper: int,
        count: int,
    ) -> list[tuple[int, float]]:
        """Matches with lower < id <= upper, newest first, by walking the primary key.

        ts_match_vq is the function behind @@; written as a function call it cannot use
        the GIN index, so the planner walks the key range (at most upper - lower rows).
        """
        cursor.execute(
            f"SELECT d.ticket_id, {self._rank_sql()} FROM search_searchdocument AS d"  # noqa: S608
            f" WHERE d.ticket_id > %s AND d.ticket_id <= %s{filters}"
            " AND ts_match_vq(d.vector, to_tsquery('simple', %s))"
            " ORDER BY d.ticket_id DESC LIMIT %s",
            [expression, lower, upper, *filter_params, expression, count],
        )
        return [(int(ticket_id), float(score)) for ticket_id, score in cursor.fetchall()]

    def _lookup(
        self,
        cursor: Any,
        expression: str,
        filters: str,
        filter_params: list[Any],
        upper: int,
        count: int,
    ) -> list[tuple[int, float]]:
        """Matches with id <= upper through the GIN index, newest first (the query is rare).

        Sequential and plain index scans are switched off for this one statement, so the
        planner cannot fall back to reading the table on a wrong guess; the settings are
        restored afterwards, also inside a caller's transaction.
        """
        with transaction.atomic():
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
                " set_config('enable_seqscan', 'off', true),"
                " set_config('enable_indexscan', 'off', true)"
            )
            seqscan, indexscan, _, _ = cursor.fetchone()
            cursor.execute(
                f"SELECT c.ticket_id, {self._rank_sql()} FROM ("  # noqa: S608
                "  SELECT d.ticket_id FROM search_searchdocument AS d"
                f"  WHERE d.ticket_id <= %s{filters} AND d.vector @@ to_tsquery('simple', %s)"
                # + 0: ordering by the bare key would invite a walk down its index.
                "   ORDER BY d.ticket_id + 0 DESC LIMIT %s"
                ") AS c JOIN search_searchdocument AS d ON d.ticket_id = c.ticket_id",
                [expression, upper, *filter_params, expression, count],
            )
            rows = [(int(ticket_id), float(score)) for ticket_id, score in cursor.fetchall()]
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true),"
                " set_config('enable_indexscan', %s, true)",
                [seqscan, indexscan],
            )
        return rows

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
