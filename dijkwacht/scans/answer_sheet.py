"""A scan's answers as an Excel sheet, out and back in.

An organisation downloads its scan as a workbook, fills it offline (or pastes what another
survey tool exported into the same columns) and uploads it. Reading checks every row before
anything is saved and names the row of each problem; the answers are then saved as one bulk
write (`services.answers_save`), each with its own audit line.

The layout, as `answers_workbook` writes it:

- sheet "Antwoorden": header row ``Normcode | Thema | Norm | Antwoord (code) | Toelichting |
  Bewijs (link)``, for a review followed by ``Bevinding | Aanbeveling``; then a norm per row.
  Only ``Normcode`` and ``Antwoord (code)`` are needed; columns are found by their header, in
  any order. A row without an answer is left as it is in the scan, and so is a text whose
  column the sheet does not have.
- sheet "Schaal": the framework's answers (code, label, value), for reference.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dijkwacht.core.uploads import check_workbook
from dijkwacht.exports import xlsx
from dijkwacht.scans.models import Norm, ScaleOption

SHEET = "Antwoorden"
SCALE_SHEET = "Schaal"
CODE, THEME, TEXT, ANSWER = "Normcode", "Thema", "Norm", "Antwoord (code)"
TEXTS = {"Toelichting": "explanation", "Bewijs (link)": "evidence_url"}
REVIEW_TEXTS = {"Bevinding": "finding", "Aanbeveling": "recommendation"}
MAX_ROWS = 2000  # far beyond any framework; a sheet with more is refused before reading
MAX_TEXT = 4000  # as on screen and in the API
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SheetAnswer:
    row: int  # as Excel numbers it
    norm: Norm
    option: ScaleOption
    # The texts whose columns the sheet has: explanation, evidence_url (and finding and
    # recommendation for a review). A text without a column keeps what is stored.
    texts: dict[str, str]


Problem = tuple[int | None, str]  # the row (None: the file or the sheet), the message


def answers_workbook(
    norms: Sequence[Norm],
    answers: dict[int, Any],
    options: Sequence[ScaleOption],
    *,
    review: bool,
) -> bytes:
    """The scan's norms with its answers so far; the answer column offers the scale's codes
    (from the "Schaal" sheet, so any code and any number of them make a valid list)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    texts = {**TEXTS, **(REVIEW_TEXTS if review else {})}
    book, sheet = xlsx.new_workbook(SHEET)
    rows = []
    for norm in norms:
        answer = answers.get(norm.pk)
        rows.append(
            [
                norm.code,
                f"{norm.theme.code} {norm.theme.title}",
                norm.text,
                answer.option.code if answer else "",
                *(getattr(answer, field) if answer else "" for field in texts.values()),
            ]
        )
    xlsx.table_sheet(
        sheet,
        [CODE, THEME, TEXT, ANSWER, *texts],
        rows,
        widths=[10, 24, 60, 16, *([40] * len(texts))],
        wrap=[3, *range(5, 5 + len(texts))],
    )
    if norms:
        choose = DataValidation(
            type="list",
            formula1=f"{SCALE_SHEET}!$A$2:$A${len(options) + 1}",
            allow_blank=True,
            error=_("Choose an answer from the scale (sheet Schaal)."),
            showErrorMessage=True,
        )
        choose.add(f"D2:D{len(norms) + 1}")
        sheet.add_data_validation(choose)
    scale = book.create_sheet(SCALE_SHEET)
    xlsx.table_sheet(
        scale,
        ["Code", "Antwoord", "Waarde"],
        ([o.code, o.label, o.value] for o in options),
        widths=[16, 40, 10],
    )
    return xlsx.workbook_bytes(book)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(data: bytes) -> list[tuple[Any, ...]] | None:
    """The answer sheet's rows, at most MAX_ROWS + 1; None when the sheet is missing."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if SHEET not in book.sheetnames:
            return None
        rows: list[tuple[Any, ...]] = []
        for values in book[SHEET].iter_rows(max_col=20, values_only=True):
            rows.append(tuple(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def read_answers_workbook(
    data: bytes,
    *,
    norms_by_code: dict[str, Norm],
    options: Sequence[ScaleOption],
    review: bool,
) -> tuple[list[SheetAnswer], list[Problem]]:
    """The sheet's answers, or its problems (then no answers): never raises for bad input."""
    try:
        check_workbook(data)
    except ValidationError as error:
        return [], [(None, " ".join(error.messages))]
    try:
        rows = _rows(data)
    except Exception:
        return [], [(None, _("This is not an Excel workbook (.xlsx)."))]
    if rows is None:
        return [], [(None, _("The workbook has no sheet “%(sheet)s”.") % {"sheet": SHEET})]
    if len(rows) > MAX_ROWS + 1:
        return [], [(None, _("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})]
    header = [_cell_text(v).casefold() for v in (rows[0] if rows else ())]
    texts = {**TEXTS, **(REVIEW_TEXTS if review else {})}
    columns = {
        name: header.index(name.casefold())
        for name in (CODE, ANSWER, *texts)
        if name.casefold() in header
    }
    missing = [name for name in (CODE, ANSWER) if name not in columns]
    if missing:
        return [], [
            (1, _("The header names no column “%(column)s”.") % {"column": name})
            for name in missing
        ]
    by_code = {o.code.casefold(): o for o in options}
    norms = {code.casefold(): norm for code, norm in norms_by_code.items()}
    scale = ", ".join(o.code for o in options)
    found: list[SheetAnswer] = []
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for number, values in enumerate(rows[1:], start=2):

        def cell(name: str, values: tuple[Any, ...] = values) -> str:
            index = columns.get(name)
            return _cell_text(values[index]) if index is not None and index < len(values) else ""

        code, answer = cell(CODE), cell(ANSWER)
        if not code and not answer:
            continue  # a blank row
        norm = norms.get(code.casefold())
        if norm is None:
            problems.append(
                (number, _("No norm %(code)s in this scan's framework.") % {"code": code})
            )
            continue
        if not answer:
            continue  # not answered (yet): left as it is
        option = by_code.get(answer.casefold())
        if option is None:
            problems.append(
                (
                    number,
                    _("“%(answer)s” is not an answer on the scale; choose from: %(codes)s")
                    % {"answer": answer, "codes": scale},
                )
            )
            continue
        if norm.pk in seen:
            problems.append(
                (
                    number,
                    _("Norm %(code)s is also answered in row %(row)s.")
                    % {"code": code, "row": seen[norm.pk]},
                )
            )
            continue
        seen[norm.pk] = number
        given = {field: cell(name) for name, field in texts.items() if name in columns}
        too_long = [name for name, field in texts.items() if len(given.get(field, "")) > MAX_TEXT]
        for name in too_long:
            problems.append(
                (
                    number,
                    _("“%(column)s” is longer than %(max)s characters.")
                    % {"column": name, "max": MAX_TEXT},
                )
            )
        if not too_long:
            found.append(SheetAnswer(number, norm, option, given))
    if problems:
        return [], problems
    return found, []


def column_of(field: str) -> str:
    """The sheet's column for an answer's field, to name it in a problem."""
    names = {f: name for name, f in {**TEXTS, **REVIEW_TEXTS}.items()}
    return names.get(field, ANSWER)
