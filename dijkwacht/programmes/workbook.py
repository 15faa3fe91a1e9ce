"""The Excel round trip of a programme: read a workbook that `exports.xlsx.plan_workbook`
wrote and a person edited, into plain rows and a list of problems (sheet, row, column).

ORM-free: `selectors.workbook_changes` compares the rows with the database, and
`services.programme_apply_workbook` writes them, after the person confirmed the preview.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dijkwacht.core.problems import Problems
from dijkwacht.core.uploads import check_workbook
from dijkwacht.programmes.models import Status

PLAN_SHEET = "Plan"
MATRIX_SHEET = "Matrix"
PLAN_COLUMNS = ["ID", "Nummer", "Thema", "Actie", "Geplande periode", "Begroot", "Besteed"]
# Row 1 of the matrix sheet holds the organisation ids (hidden), row 2 their names.
MATRIX_FIXED = ["ID", "Actie"]
MAX_ROWS = 5000


def status_words() -> dict[str, str]:
    """Accepted cell values: the status in the active language, in Dutch, or its code."""

    words = {}
    for status in Status:
        words[status.value.casefold()] = status.value
        words[str(status.label).casefold()] = status.value
        with translation.override("nl"):
            words[str(status.label).casefold()] = status.value
        words[status.value.replace("_", " ").casefold()] = status.value
    return words


@dataclass(frozen=True)
class PlanRow:
    row: int
    action_id: int | None
    number: str
    theme: str
    title: str
    planned_period: str
    budget_planned: Decimal | None
    budget_spent: Decimal | None


@dataclass(frozen=True)
class CellValue:
    row: int
    column: str  # the organisation's name, as the sheet shows it
    action_id: int
    organisation_id: int
    status: str


@dataclass(frozen=True)
class WorkbookProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedWorkbook:
    plan: list[PlanRow] = field(default_factory=list)
    cells: list[CellValue] = field(default_factory=list)
    problems: Problems[WorkbookProblem] = field(default_factory=Problems)


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _amount(value: object) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    try:
        amount = Decimal(str(value).replace("€", "").replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": _text(value)}) from error
    if not amount.is_finite() or amount.adjusted() >= 10:  # "NaN", "Infinity", ≥ 10 billion
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": _text(value)})
    if amount < 0:
        raise ValueError(_("An amount cannot be negative."))
    return amount


def _int(value: object) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("“%(value)s” is not an ID from Dijkwacht.") % {"value": text})
    return int(text)


def read_workbook(content: bytes) -> ParsedWorkbook:
    """Never raises for bad input: every problem names its sheet, row and column. A workbook
    that unpacks to too much is refused before it is parsed; problems stop being collected
    after `core.problems.LIMIT` (the rest are counted)."""
    result = ParsedWorkbook()
    try:
        check_workbook(content)
    except ValidationError as error:
        result.problems.append(WorkbookProblem("—", 0, "—", " ".join(error.messages)))
        return result
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        result.problems.append(
            WorkbookProblem("—", 0, "—", _("This is not an Excel workbook (.xlsx)."))
        )
        return result
    for sheet in (PLAN_SHEET, MATRIX_SHEET):
        if sheet not in book.sheetnames:
            result.problems.append(
                WorkbookProblem(sheet, 0, "—", _("The sheet is missing from the workbook."))
            )
    if result.problems:
        return result
    _read_plan(book[PLAN_SHEET], result)
    _read_matrix(book[MATRIX_SHEET], result)
    return result


def _read_plan(sheet, result: ParsedWorkbook) -> None:
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    if header[: len(PLAN_COLUMNS)] != PLAN_COLUMNS:
        result.problems.append(
            WorkbookProblem(
                PLAN_SHEET,
                1,
                "—",
                _("The first row must be: %(columns)s.") % {"columns": ", ".join(PLAN_COLUMNS)},
            )
        )
        return
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            result.problems.append(WorkbookProblem(PLAN_SHEET, number, "—", _("Too many rows.")))
            return
        values = (*values, *([None] * len(PLAN_COLUMNS)))[: len(PLAN_COLUMNS)]
        if all(_text(v) == "" for v in values):
            continue
        parsed: dict[str, Any] = {}
        for column, value in zip(PLAN_COLUMNS, values, strict=True):
            try:
                if column == "ID":
                    parsed[column] = _int(value)
                elif column in ("Begroot", "Besteed"):
                    parsed[column] = _amount(value)
                else:
                    parsed[column] = _text(value)
            except ValueError as error:
                result.problems.append(WorkbookProblem(PLAN_SHEET, number, column, str(error)))
        if len(parsed) < len(PLAN_COLUMNS):
            continue
        if not parsed["Actie"]:
            result.problems.append(
                WorkbookProblem(PLAN_SHEET, number, "Actie", _("An action needs a title."))
            )
            continue
        result.plan.append(
            PlanRow(
                row=number,
                action_id=parsed["ID"],
                number=parsed["Nummer"][:20],
                theme=parsed["Thema"],
                title=parsed["Actie"][:500],
                planned_period=parsed["Geplande periode"][:100],
                budget_planned=parsed["Begroot"],
                budget_spent=parsed["Besteed"],
            )
        )


def _read_matrix(sheet, result: ParsedWorkbook) -> None:
    rows = sheet.iter_rows(values_only=True)
    id_row = list(next(rows, ()))
    name_row = [_text(v) for v in next(rows, ())]
    if name_row[: len(MATRIX_FIXED)] != MATRIX_FIXED:
        result.problems.append(
            WorkbookProblem(
                MATRIX_SHEET,
                2,
                "—",
                _("The second row must start with: %(columns)s.")
                % {"columns": ", ".join(MATRIX_FIXED)},
            )
        )
        return
    columns: list[tuple[int, str, int]] = []
    for index in range(len(MATRIX_FIXED), len(name_row)):
        name = name_row[index]
        if not name:
            continue
        try:
            organisation_id = _int(id_row[index] if index < len(id_row) else None)
        except ValueError:
            organisation_id = None
        if organisation_id is None:
            result.problems.append(
                WorkbookProblem(
                    MATRIX_SHEET,
                    1,
                    name,
                    _("This column has no organisation ID: add organisations in Dijkwacht."),
                )
            )
            continue
        columns.append((index, name, organisation_id))
    words = status_words()
    for number, values in enumerate(rows, start=3):
        if number > MAX_ROWS:
            result.problems.append(WorkbookProblem(MATRIX_SHEET, number, "—", _("Too many rows.")))
            return
        if all(_text(v) == "" for v in values):
            continue
        try:
            action_id = _int(values[0] if values else None)
        except ValueError as error:
            result.problems.append(WorkbookProblem(MATRIX_SHEET, number, "ID", str(error)))
            continue
        if action_id is None:
            result.problems.append(
                WorkbookProblem(
                    MATRIX_SHEET,
                    number,
                    "ID",
                    _("A matrix row needs the action's ID; add new actions on the Plan sheet."),
                )
            )
            continue
        for index, name, organisation_id in columns:
            value = _text(values[index] if index < len(values) else None)
            if value in ("", "—", "-"):
                continue
            status = words.get(value.casefold())
            if status is None:
                result.problems.append(
                    WorkbookProblem(
                        MATRIX_SHEET,
                        number,
                        name,
                        _("“%(value)s” is not a status. Use one of: %(statuses)s.")
                        % {"value": value, "statuses": ", ".join(str(s.label) for s in Status)},
                    )
                )
                continue
            result.cells.append(CellValue(number, name, action_id, organisation_id, status))
