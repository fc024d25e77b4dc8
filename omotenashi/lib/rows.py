"""Plain SQL for the few statements on the hottest path, read into the ORM's own objects.

Building a query with the ORM costs more CPU than running it (0.25-0.35 ms per statement
on the reference machine, docs/performance.md). For the handful of reads every API ticket
creation makes, a hand-written statement is cheaper; `RowReader` keeps it honest: the
column list comes from the models (a new field is read without editing the SQL), every
value goes through the same database converters the ORM applies (aware datetimes and
booleans on SQLite), and the objects are made with `Model.from_db`, as a queryset does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

Converter = Callable[[Any, Any, Any], Any]


def quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


def table(model: type[models.Model]) -> str:
    """The model's table, quoted for the current database."""
    return quote(model._meta.db_table)


def column(model: type[models.Model], field: str, alias: str) -> str:
    """`alias."column"` of a model field named as in Python (`agent` -> "agent_id")."""
    return f"{alias}.{quote(_column_name(model._meta.get_field(field)))}"


def column_name(model: type[models.Model], field: str) -> str:
    """The quoted column of a model field named as in Python, without a table alias."""
    return quote(_column_name(model._meta.get_field(field)))


def _column_name(field: Any) -> str:
    name = getattr(field, "column", None)
    if not isinstance(name, str):
        raise ValueError(f"{field} has no column of its own.")
    return name


class RowReader:
    """Reads rows that hold every concrete column of several models, model after model.

    `RowReader((Token, "t"), (Agent, "a"))`: `.columns` is the SELECT list, and
    `.objects(row)` returns one Token and one Agent made from a row of it.
    """

    def __init__(self, *parts: tuple[type[models.Model], str]) -> None:
        self.parts = parts
        self.columns = ", ".join(
            f"{alias}.{quote(_column_name(field))}"
            for model, alias in parts
            for field in model._meta.concrete_fields
        )
        self._converters: list[list[tuple[Converter, Any]]] | None = None

    def _per_column(self) -> list[list[tuple[Converter, Any]]]:
        # What SQLCompiler.apply_converters would apply to each column; built on first use,
        # when the connection is there (a process talks to one database).
        if self._converters is None:
            found = []
            for model, alias in self.parts:
                for field in model._meta.concrete_fields:
                    col = field.get_col(alias)
                    found.append(
                        [
                            (conv, col)
                            for conv in connection.ops.get_db_converters(col)
                            + col.get_db_converters(connection)
                        ]
                    )
            self._converters = found
        return self._converters

    def fetch(
        self, sql: str, params: Sequence[Any] = ()
    ) -> list[tuple[list[models.Model], tuple[Any, ...]]]:
        """Run `sql`, whose SELECT list starts with `columns`, and return each row's objects
        with the row itself (for the columns after the models')."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return [(self.objects(row), tuple(row)) for row in found]

    def objects(self, row: Sequence[Any]) -> list[models.Model]:
        converters = self._per_column()
        values = list(row)
        for index, column_converters in enumerate(converters):
            for convert, expression in column_converters:
                values[index] = convert(values[index], expression, connection)
        made: list[models.Model] = []
        start = 0
        for model, _ in self.parts:
            names = [field.attname for field in model._meta.concrete_fields]
            made.append(model.from_db(connection.alias, names, values[start : start + len(names)]))
            start += len(names)
        return made


def insert(objects: Sequence[models.Model]) -> None:
    """INSERT `objects` (one model, new rows) in one statement, as `bulk_create` would.

    What `bulk_create` does for a plain model: `pre_save(add=True)` on every field (the
    `auto_now_add` times), the fields' own conversion for the database (JSON, datetimes),
    no signals. Not done: the new primary keys are not read back (the objects keep
    `pk=None`), so use it only where nothing refers to the rows afterwards. Building the
    ORM's insert costs about a millisecond per statement on the understanding path; this
    is a tenth of that (docs/decisions/0111).
    """
    if not objects:
        return
    model = type(objects[0])
    if any(type(obj) is not model for obj in objects):
        raise ValueError("insert() takes objects of one model.")
    if any(obj.pk is not None for obj in objects):
        raise ValueError("insert() makes new rows: the objects must not have a primary key.")
    fields = [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, AutoFieldMixin) and not getattr(f, "generated", False)
    ]
    names = ", ".join(quote(_column_name(f)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # SQLite allows 32,766 parameters since 3.32; stay well below for every backend.
    per_statement = max(1, 900 // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            values = [
                field.get_db_prep_save(field.pre_save(obj, True), connection)
                for obj in chunk
                for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {table(model)} ({names}) VALUES "  # noqa: S608 (names from the model, values as parameters)
                + ", ".join([row] * len(chunk)),
                values,
            )


def update(model: type[models.Model], values: dict[str, Any], **where: Any) -> int:
    """`UPDATE` the rows of `model` whose fields equal `where` (by `=`), setting `values`
    (fields named as in Python), as `model.objects.filter(**where).update(**values)` does
    for plain values: each field's own conversion, no signals, no `auto_now`. Returns the
    number of rows changed."""
    if not values or not where:
        raise ValueError("update() needs values to set and fields to match.")
    meta = model._meta
    sets, params = [], []
    for name, value in values.items():
        field = meta.get_field(name)
        sets.append(f"{quote(_column_name(field))} = %s")
        params.append(field.get_db_prep_save(value, connection))  # type: ignore[union-attr]
    conditions = []
    for name, value in where.items():
        field = meta.pk if name == "pk" else meta.get_field(name)
        assert field is not None
        conditions.append(f"{quote(_column_name(field))} = %s")
        params.append(field.get_db_prep_value(value, connection))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(model)} SET {', '.join(sets)}"  # noqa: S608 (names from the model, values as parameters)
            f" WHERE {' AND '.join(conditions)}",
            params,
        )
        return int(cursor.rowcount)
