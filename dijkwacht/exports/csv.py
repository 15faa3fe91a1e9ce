"""CSV for Dutch Excel: semicolons, a byte-order mark, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(values: Iterable[object]) -> list[str]:
    """CSV cells that spreadsheets will not run as formulas (OWASP "CSV injection"): text
    starting with = + - @ gets a leading apostrophe."""
    cells = []
    for value in values:
        text = "" if value is None else str(value)
        cells.append(f"'{text}" if text.startswith(FORMULA_START) else text)
    return cells


def csv_document(header: Sequence[object], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV file as Dutch Excel opens it: byte-order mark, semicolons, safe cells."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";")
    writer.writerow(csv_safe(header))
    for row in rows:
        writer.writerow(csv_safe(row))
    return output.getvalue()
