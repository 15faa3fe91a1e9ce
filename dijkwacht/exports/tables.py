"""Reading a table that a person uploads: a CSV file (comma or semicolon, UTF-8, as Dutch Excel
saves it) or the first sheet of an Excel workbook, as rows of cell values. Bounded in size,
rows and columns; never raises for bad input: what keeps a file from being read comes back as
a Dutch message."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dijkwacht.core.uploads import check_workbook

type Grid = list[tuple[Any, ...]]


def read_table(data: bytes, *, max_rows: int, max_columns: int) -> Grid | str:
    """The rows (the header first), at most `max_rows + 1` of them so that a caller can say a
    file is too long, each cut to `max_columns`; or why the file cannot be read."""
    if data.startswith(b"PK\x03\x04"):
        return _workbook_rows(data, max_rows, max_columns)
    return _csv_rows(data, max_rows, max_columns)


def _workbook_rows(data: bytes, max_rows: int, max_columns: int) -> Grid | str:
    try:
        check_workbook(data)
    except ValidationError as error:
        return " ".join(error.messages)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return _("This is not an Excel workbook (.xlsx).")
    try:
        rows: Grid = []
        for cells in book.worksheets[0].iter_rows(max_col=max_columns):
            rows.append(tuple(_cell_value(cell) for cell in cells))
            if len(rows) > max_rows + 1:
                break
        return rows
    except Exception:
        return _("This is not an Excel workbook (.xlsx).")
    finally:
        book.close()


def _cell_value(cell: Any) -> Any:
    """A cell's value; a number Excel shows as a percentage (0.125 shown as 12,5%) as the
    percentage it shows."""
    value = cell.value
    shown_as_percent = "%" in (getattr(cell, "number_format", "") or "")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and shown_as_percent:
        return Decimal(str(value)) * 100
    return value


def _csv_rows(data: bytes, max_rows: int, max_columns: int) -> Grid | str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _("Save the file as CSV in UTF-8, or upload the Excel workbook.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows: Grid = []
    try:
        for values in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(tuple(values[:max_columns]))
            if len(rows) > max_rows + 1:
                break
    except csv.Error:
        return _("This is not a CSV file that can be read.")
    return rows
