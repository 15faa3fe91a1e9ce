"""Small rules every export follows."""

from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(values: Iterable[object]) -> list[str]:
    """CSV cells that spreadsheets will not run as formulas (OWASP "CSV injection"): text
    starting with = + - @ gets a leading apostrophe."""
    cells = []
    for value in values:
        text = "" if value is None else str(value)
        cells.append(f"'{text}" if text.startswith(_FORMULA_START) else text)
    return cells
