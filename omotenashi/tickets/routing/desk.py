"""The desk's queues and categories, kept per process and checked against the desk version.

Every guest message that is triaged needs every queue (names for the decision, the landing
queue, which accept routing, the target's team) and every active category (the target's
queue and skill). A desk has a handful of each and changes them a few times a year, so a
process keeps them; unlike the thresholds (decision 0107) a stale copy is not acceptable
for a moment, because routing must never send a ticket to a queue an admin has just closed
to routing, moved to another team or deleted.

So every change gives `DeskVersion.version` a new value in the writer's own transaction (model
signals, connected in TicketsConfig.ready), and the statement that locks the ticket reads
the version too (understanding.py): the copy is used only while its version is the
desk's. A write that bypasses the models (`update()`, raw SQL) changes nothing; the copy is
read again after `MAX_AGE` seconds at the latest (lib/process_cache.py keeps it). Decision
0113 has the measurements.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from omotenashi.accounts.models import Skill, Team
from omotenashi.lib import rows
from omotenashi.lib.process_cache import ProcessValue
from omotenashi.tickets.models import BusinessCalendar, Category, DeskVersion, Queue

MAX_AGE = 300.0


@dataclass(frozen=True)
class Desk:
    """The queues (with their teams, by id in id order) and the active categories (with
    their skills, by id) as of `version`. Shared: read, never modify, the objects."""

    version: int | None
    queues: dict[int, Queue]
    categories: dict[int, Category]


def version_column() -> str:
    """A scalar subquery of the desk version, to add to a statement's SELECT list."""
    return (
        f"(SELECT {rows.column(DeskVersion, 'version', 'dv')}"  # noqa: S608 (names from the models)
        f" FROM {rows.table(DeskVersion)} dv WHERE dv.id = 1)"
    )


@lru_cache(maxsize=1)
def _queries() -> tuple[str, rows.RowReader, str, rows.RowReader]:
    queues = rows.RowReader((Queue, "q"), (Team, "tm"))
    categories = rows.RowReader((Category, "c"), (Skill, "s"))
    return (
        # The version in the same statement as the queues: one snapshot for both.
        f"SELECT {queues.columns}, {version_column()} FROM {rows.table(Queue)} q"  # noqa: S608 (names from the models)
        f" JOIN {rows.table(Team)} tm ON tm.id = {rows.column(Queue, 'team', 'q')}"
        " ORDER BY q.id",
        queues,
        f"SELECT {categories.columns} FROM {rows.table(Category)} c"  # noqa: S608 (names from the models)
        f" LEFT JOIN {rows.table(Skill)} s ON s.id = {rows.column(Category, 'skill', 'c')}"
        f" WHERE {rows.column(Category, 'is_active', 'c')}",
        categories,
    )


def _read() -> Desk:
    queue_sql, queue_reader, category_sql, category_reader = _queries()
    queues: dict[int, Queue] = {}
    categories: dict[int, Category] = {}
    version: int | None = None
    for (queue, team), row in queue_reader.fetch(queue_sql):
        assert isinstance(queue, Queue) and isinstance(team, Team)
        queue.team = team
        queues[queue.pk] = queue
        version = row[-1]
    if not queues:  # no row to carry it
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {version_column()}")
            version = cursor.fetchone()[0]
    # Read after the version: a change committed in between makes the categories newer
    # than the version they are kept with, and the next message reads them again.
    for (category, skill), _ in category_reader.fetch(category_sql):
        assert isinstance(category, Category)
        category.skill = skill if category.skill_id is not None else None  # type: ignore[assignment]
        categories[category.pk] = category
    return Desk(version, queues, categories)


_kept: ProcessValue[Desk] = ProcessValue(MAX_AGE)


def desk(version: int | None) -> Desk:
    """The queues and categories at `version` (the desk's, as just read from the database):
    this process's copy when it is of that version and younger than MAX_AGE, else read now
    (two statements). Without a version (no change recorded yet) no copy fits."""
    return _kept.get(_read, fits=lambda kept: version is not None and kept.version == version)


def clear() -> None:
    """Drop this process's copy (tests start without one)."""
    _kept.clear()


def changed(*, using: str | None = None, **_: Any) -> None:
    """Give the desk a new version in the writer's transaction and drop this process's copy
    (now and at commit). Takes the keyword arguments of model signals.

    The version is a random number, not a counter: a change rolled back after a process
    read the configuration inside it must not leave a number that a later change could
    reach again."""
    alias = using or DEFAULT_DB_ALIAS
    table = rows.table(DeskVersion)
    column = rows.column_name(DeskVersion, "version")
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, {column}) VALUES (1, %s)"  # noqa: S608 (names from the model)
            f" ON CONFLICT (id) DO UPDATE SET {column} = %s",
            [secrets.randbits(62), secrets.randbits(62)],
        )
    _kept.forget(using=alias)


# What the copy holds comes from these models; a save or delete of any of them changes the
# version (a calendar's deletion empties queues' calendars without saving the queues).
WATCHED: tuple[type[models.Model], ...] = (Queue, Category, Team, Skill, BusinessCalendar)
