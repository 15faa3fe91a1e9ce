"""Excel workbooks (openpyxl): sheets with a bold, frozen, filtered header, safe text and the
bytes to send."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any


def new_workbook(title: str) -> tuple[Any, Any]:
    """A workbook with one sheet named `title` (at most 31 characters, as Excel wants)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = title[:31]
    return book, sheet


def table_sheet(
    sheet: Any,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]] = (),
    *,
    widths: Sequence[float] = (),
    wrap: Sequence[int] = (),
    freeze: str | None = "A2",
    filters: bool = True,
) -> Any:
    """A table on an empty sheet: the header in bold (wrapped), column widths, the rows,
    wrapped text in the `wrap` columns (1-based), frozen panes and a filter on the header."""
    sheet.append(list(columns))
    bold_row(sheet, sheet.max_row)
    set_widths(sheet, widths)
    for values in rows:
        sheet.append(list(values))
    wrap_columns(sheet, wrap, first_row=2)
    if freeze:
        sheet.freeze_panes = freeze
    if filters:
        add_filter(sheet, len(columns))
    return sheet


def bold_row(sheet: Any, row: int, *, size: float | None = None, wrap: bool = True) -> None:
    from openpyxl.styles import Alignment, Font

    for cell in sheet[row]:
        cell.font = Font(bold=True, size=size) if size else Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def wrap_cell(cell: Any) -> None:
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(wrap_text=True, vertical="top")


def wrap_columns(sheet: Any, columns: Iterable[int], *, first_row: int = 1) -> None:
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
            wrap_cell(cell)


def set_widths(sheet: Any, widths: Sequence[float | None], *, first_column: int = 1) -> None:
    """Column widths from `first_column` on; None keeps a column's default width."""
    from openpyxl.utils import get_column_letter

    for offset, width in enumerate(widths):
        if width is not None:
            sheet.column_dimensions[get_column_letter(first_column + offset)].width = width


def add_filter(sheet: Any, columns: int, *, header_row: int = 1) -> None:
    """A filter on the header over every row below it."""
    from openpyxl.utils import get_column_letter

    last = max(sheet.max_row, header_row + 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last}"


def solid_fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def workbook_bytes(book: Any) -> bytes:
    """The workbook as bytes, with every text kept as text: a title someone typed as
    "=HYPERLINK(…)" must not become a formula in a colleague's Excel."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
