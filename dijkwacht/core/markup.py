"""HTML and SVG fragments built in Python, for the marks a page repeats hundreds of times (the
national map's 342 areas, a chart's bars, a table's cells).

`format_html` and `format_html_join` escape the same way, but through `escape`'s lazy-string
wrapper on every value: on a map that cost three times the rest of the drawing. These escape
each value as `conditional_escape` does (a value that is already markup stays as it is) and
write numbers as text, so the result is the same, byte for byte.
"""

from collections.abc import Iterable
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe


def _escaped(value: Any) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    if isinstance(value, int | float):
        return str(value)
    return escape(str(value))


def markup(template: str, *args: Any) -> SafeString:
    """`template.format(*args)`, each argument escaped: `format_html`."""
    return mark_safe(template.format(*map(_escaped, args)))  # noqa: S308 - every value escaped


def markup_join(template: str, rows: Iterable[Iterable[Any]]) -> SafeString:
    """`markup(template, *row)` for each row, joined: `format_html_join("", …)`."""
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(template.format(*map(_escaped, row)) for row in rows)
    )
