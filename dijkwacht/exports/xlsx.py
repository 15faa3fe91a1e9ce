"""Excel files from plain data: functions over a selector's result that return bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dijkwacht.programmes.models import Status

if TYPE_CHECKING:
    from dijkwacht.programmes.selectors import Matrix

# The matrix colours of the screen (dijkwacht.css), as Excel fills: light background, the
# status word and symbol in the cell, so the sheet reads in black and white too.
STATUS_FILLS: dict[str, str] = {
    Status.STRUCTURAL: "DBE8FB",
    Status.COMPLETED: "DCF1DF",
    Status.IN_PROGRESS: "ECE3F7",
    Status.PLANNED: "EEEEEE",
    Status.NOT_TAKEN_UP: "FADCDC",
    Status.UNDETERMINED: "FDE7CC",
}
STALE_BORDER = Border(*(Side(style="dashed", color="A85400"),) * 4)
THIN = Side(style="thin", color="C7C7C7")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _save(book: Workbook) -> bytes:
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


def _fill(status: str) -> PatternFill:
    return PatternFill("solid", start_color=STATUS_FILLS[status], end_color=STATUS_FILLS[status])


def matrix_workbook(matrix: Matrix, *, title: str) -> bytes:
    """The matrix as a workbook: a sheet with one row per action and a column per
    organisation (status, planned period and "no input"), and a legend sheet."""
    from dijkwacht.programmes.progress import STYLES

    book = Workbook()
    sheet = book.create_sheet(_("Matrix")[:31], 0)
    book.remove(book.worksheets[1])  # the empty default sheet
    sheet.title = _("Matrix")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    header = [_("Number"), _("Action"), _("Theme"), *(o.name for o in matrix.organisations)]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = HEADER_FONT
        cell.alignment = WRAP
    for group in matrix.groups:
        theme = group.theme.title if group.theme else _("Actions without a theme")
        for row in group.rows:
            values = [row.action.number, row.action.title, theme]
            for cell in row.cells:
                if cell is None:
                    values.append("—")
                    continue
                text = f"{STYLES[cell.status].symbol} {cell.label}"
                if cell.planned_period:
                    text += f"\n{cell.planned_period}"
                if cell.stale:
                    text += f"\n({_('no input')})"
                values.append(text)
            sheet.append(values)
            excel_row = sheet.max_row
            for offset, cell in enumerate(row.cells):
                target = sheet.cell(row=excel_row, column=4 + offset)
                target.alignment = WRAP
                if cell is not None:
                    target.fill = _fill(cell.status)
                    target.border = STALE_BORDER if cell.stale else Border(THIN, THIN, THIN, THIN)
            sheet.cell(row=excel_row, column=2).alignment = WRAP
    sheet.freeze_panes = "D3"
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 24
    for index in range(len(matrix.organisations)):
        sheet.column_dimensions[get_column_letter(4 + index)].width = 18
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(header))}{max(sheet.max_row, 2)}"

    legend = book.create_sheet(_("Legend")[:31])
    legend.append([_("Status"), _("Symbol"), _("Meaning")])
    for cell in legend[1]:
        cell.font = HEADER_FONT
    meanings = {
        Status.STRUCTURAL: _("Carried out as part of the routine, and repeated."),
        Status.COMPLETED: _("Carried out."),
        Status.IN_PROGRESS: _("Being carried out now."),
        Status.PLANNED: _("Planned, not started."),
        Status.NOT_TAKEN_UP: _("Will not be taken up."),
        Status.UNDETERMINED: _("Not determined: no input received."),
    }
    for status in Status:
        legend.append([str(status.label), STYLES[status].symbol, meanings[status]])
        legend.cell(row=legend.max_row, column=1).fill = _fill(status)
    legend.append(
        [_("no input"), "", _("Nobody updated the cell recently; the last status stays.")]
    )
    legend.cell(row=legend.max_row, column=1).border = STALE_BORDER
    legend.column_dimensions["A"].width = 20
    legend.column_dimensions["C"].width = 60
    return _save(book)


def plan_workbook(programme: Any, actions: list[Any], matrix: Matrix) -> bytes:
    """The plan and the matrix for editing in Excel and importing again: sheet "Plan" with a
    row per action, sheet "Matrix" with a status word per cell (a drop-down), and the ids that
    let the import find everything back. `programmes.workbook` reads it."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from dijkwacht.programmes.workbook import MATRIX_FIXED, PLAN_COLUMNS

    book = Workbook()
    plan = book.create_sheet("Plan", 0)
    book.remove(book.worksheets[1])
    plan.append(PLAN_COLUMNS)
    for action in actions:
        plan.append(
            [
                action.pk,
                action.number,
                action.theme.title if action.theme else "",
                action.title,
                action.planned_period,
                float(action.budget_planned) if action.budget_planned is not None else None,
                float(action.budget_spent) if action.budget_spent is not None else None,
            ]
        )
    for cell in plan[1]:
        cell.font = HEADER_FONT
    for column, width in zip("ABCDEFG", (8, 10, 24, 60, 22, 12, 12), strict=True):
        plan.column_dimensions[column].width = width
    plan.freeze_panes = "B2"

    sheet = book.create_sheet("Matrix", 1)
    sheet.append([None, None, *(o.pk for o in matrix.organisations)])
    sheet.row_dimensions[1].hidden = True
    sheet.append([*MATRIX_FIXED, *(o.name for o in matrix.organisations)])
    for cell in sheet[2]:
        cell.font = HEADER_FONT
        cell.alignment = WRAP
    labels = [str(status.label) for status in Status]
    validation = DataValidation(type="list", formula1=f'"{",".join(labels)}"', allow_blank=True)
    validation.error = _("Choose one of the statuses.")
    sheet.add_data_validation(validation)
    for group in matrix.groups:
        for row in group.rows:
            sheet.append(
                [row.action.pk, row.action.title, *(c.label if c else "—" for c in row.cells)]
            )
            for offset, cell in enumerate(row.cells):
                if cell is not None:
                    target = sheet.cell(row=sheet.max_row, column=3 + offset)
                    target.fill = _fill(cell.status)
                    validation.add(target)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 50
    for index in range(len(matrix.organisations)):
        sheet.column_dimensions[get_column_letter(3 + index)].width = 16

    notes = book.create_sheet(_("Explanation")[:31])
    for line in (
        _("Change statuses on the Matrix sheet with the drop-down, and actions on the Plan sheet."),
        _("Add an action as a new row on the Plan sheet with an empty ID."),
        _("Do not change the ID columns, the hidden first row or the sheet names."),
        _("Import the file under “Import from Excel”: you see every change before it is saved."),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return _save(book)
