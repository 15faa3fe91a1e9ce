"""Reading indicator values from a file (`exports.tables`: CSV or the first sheet of an Excel
workbook), one value per row under the header
`code;periode;waarde` (a `naam` column, or any other, is ignored). Never raises for bad input:
what is wrong comes back per row, and a file with any problem yields no values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dijkwacht.exports.tables import Grid, read_table

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
    grid = read_table(data, max_rows=MAX_ROWS, max_columns=20)
    if isinstance(grid, str):
        return [], [Problem(None, grid)]
    return _rows(grid)


def _rows(grid: Grid) -> tuple[list[RawRow], list[Problem]]:
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
