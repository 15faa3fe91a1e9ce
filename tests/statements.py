"""Counting a write's data statements: what the database is asked to read or change, without
the transaction control around it (BEGIN, SAVEPOINT, RELEASE, COMMIT), which the write
targets of the benchmark do not count either."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "COMMIT")


def is_data(sql: str) -> bool:
    return not sql.lstrip().upper().startswith(CONTROL)


@contextmanager
def data_statements() -> Iterator[list[str]]:
    """The data statements run inside the block, filled in when it ends."""
    found: list[str] = []
    with CaptureQueriesContext(connection) as captured:
        yield found
    found.extend(q["sql"] for q in captured.captured_queries if is_data(q["sql"]))
