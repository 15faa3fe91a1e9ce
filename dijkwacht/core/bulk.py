"""Inserts of many rows that hold the database's write lock as briefly as possible.

Django's `bulk_create` turns every value into SQL inside the transaction; for tens of
thousands of rows that is seconds in which SQLite lets nobody else write. Here the statement
and every row's values are prepared first, outside any transaction; inside it only the rows'
links to the rows just written are filled in and the database runs one `executemany`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model


@dataclass
class PreparedInsert:
    sql: str
    rows: list[list[Any]]
    columns: dict[str, int]  # attname → its place in a row

    def set(self, row: int, attname: str, value: Any) -> None:
        self.rows[row][self.columns[attname]] = value

    def execute(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)


def prepare_insert(model: type[Model], objects: Sequence[Model]) -> PreparedInsert:
    """The INSERT of `objects` (without primary keys: the database gives them), each row's
    values prepared for this database as `save()` would. Validate the objects first."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
        for obj in objects
    ]
    return PreparedInsert(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (names from the model)
        rows,
        {f.attname: i for i, f in enumerate(fields)},
    )


def ids_by(model: type[Model], key: str, **lookup: Any) -> dict[Any, int]:
    """`key` → primary key of the rows matching `lookup` (to link rows just inserted)."""
    rows: Iterable[tuple[Any, int]] = model._default_manager.filter(**lookup).values_list(key, "pk")
    return dict(rows)
