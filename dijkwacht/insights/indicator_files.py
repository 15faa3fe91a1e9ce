"""Reading indicator values from a file: CSV (comma or semicolon, UTF-8, as Dutch Excel saves
it) or an Excel workbook (its first sheet), one value per row under the header
`code;periode;waarde` (a `naam` column, or any other, is ignored). Never raises for bad input:
what is wrong comes back per row, and a file with any problem yields no values."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dijkwacht.core.uploads import check_workbook

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # 342 municipalities × 12 provinces' worth of years and months, and more

# The header names a file may use for each column (case-insensitive): a data contract.
COLUMNS = {
    "code": ("code", "cbs-code", "cbscode", "gebiedscode", "regiocode", "area"),
    "periode": ("periode", "period", "jaar", "year"),
    "waarde": ("waarde", "value"),
}


@dataclass(frozen=True)
class RawRow:
    number: int  # the row in the file, the header being row 1
    code: Any
    period: Any
    value: Any


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


def read_values_file(data: bytes) -> tuple[list[RawRow], list[Problem]]:
    """The rows of the file, or the problems that keep it from being read at all."""
    if not data:
        return [], [Problem(None, _("The file is empty."))]
    if len(data) > MAX_BYTES:
        return [], [
            Problem(None, _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 2**20})
        ]
    grid = _workbook_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    if isinstance(grid, Problem):
        return [], [grid]
    return _rows(grid)


def _workbook_rows(data: bytes) -> list[tuple[Any, ...]] | Problem:
    try:
        check_workbook(data)
    except ValidationError as error:
        return Problem(None, " ".join(error.messages))
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return Problem(None, _("This is not an Excel workbook (.xlsx)."))
    try:
        rows: list[tuple[Any, ...]] = []
        for cells in book.worksheets[0].iter_rows(max_col=20):
            rows.append(tuple(_cell_value(cell) for cell in cells))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:
        return Problem(None, _("This is not an Excel workbook (.xlsx)."))
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


def _csv_rows(data: bytes) -> list[tuple[Any, ...]] | Problem:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem(None, _("Save the file as CSV in UTF-8, or upload the Excel workbook."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows: list[tuple[Any, ...]] = []
    try:
        for values in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(tuple(values[:20]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error:
        return Problem(None, _("This is not a CSV file that can be read."))
    return rows


def _rows(grid: list[tuple[Any, ...]]) -> tuple[list[RawRow], list[Problem]]:
    if len(grid) > MAX_ROWS + 1:
        return [], [
            Problem(None, _("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
        ]
    header = [str(v).strip().casefold() if v is not None else "" for v in (grid[0] if grid else ())]
    columns: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        found = next((header.index(a) for a in aliases if a in header), None)
        if found is not None:
            columns[name] = found
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        return [], [
            Problem(1, _("The header names no column “%(column)s”.") % {"column": name})
            for name in missing
        ]
    rows = []
    for number, values in enumerate(grid[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # an empty line, as spreadsheets leave at the end

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[name]
            return values[index] if index < len(values) else None

        rows.append(RawRow(number, cell("code"), cell("periode"), cell("waarde")))
    if not rows:
        return [], [Problem(None, _("The file holds no values."))]
    return rows, []
