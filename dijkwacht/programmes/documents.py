"""The documents of a programme: the progress report (PDF and Word), the matrix workbook and
the plan workbook of the Excel round trip.

The progress report is first read as plain data (`progress_report`: it aggregates in the
database where it counts and hands the layout a small tree of dataclasses); the layout then
uses the domain-free helpers of `dijkwacht.exports`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dijkwacht.exports import docx, xlsx
from dijkwacht.exports.jobs import long_document
from dijkwacht.exports.pdf import render_pdf
from dijkwacht.programmes import progress, selectors
from dijkwacht.programmes.charts import progress_charts
from dijkwacht.programmes.models import Programme, ProgressRound, Status
from dijkwacht.programmes.progress import STYLES, BudgetSummary
from dijkwacht.programmes.selectors import Matrix
from dijkwacht.programmes.workbook import MATRIX_FIXED, PLAN_COLUMNS


@dataclass(frozen=True)
class StatusKey:
    """A status as the legend of the matrices names it."""

    label: str
    symbol: str


@dataclass(frozen=True)
class ReportCell:
    """A cell of a theme's small matrix: its colour, and its symbol so it reads in black and
    white too."""

    status: str
    symbol: str
    label: str
    fill: str  # hex, without "#"
    stale: bool


@dataclass(frozen=True)
class ReportAction:
    number: str
    title: str
    cells: list[ReportCell | None]  # per column of its theme's matrix
    notes: list[tuple[str, str]]  # (organisation, its note), for cells with a note
    budget_planned: Decimal | None
    budget_spent: Decimal | None
    budget_remaining: Decimal | None


@dataclass(frozen=True)
class ReportColumn:
    key: int  # the organisation's number in the report's key
    name: str


@dataclass(frozen=True)
class ReportTheme:
    title: str
    ambition: str
    progress: progress.Progress
    actions: list[ReportAction]
    text: str = ""  # the coordinator's, for this report
    budget: BudgetSummary | None = None
    columns: list[ReportColumn] = field(default_factory=list)  # of its small matrix

    @property
    def has_budget(self) -> bool:
        return any(a.budget_planned is not None or a.budget_spent is not None for a in self.actions)

    @property
    def notes(self) -> list[tuple[ReportAction, list[tuple[str, str]]]]:
        return [(action, action.notes) for action in self.actions if action.notes]


@dataclass(frozen=True)
class OrganisationLine:
    name: str
    progress: progress.Progress


@dataclass(frozen=True)
class ProgressReport:
    partnership: str
    programme: str
    steering_body: str
    period: str
    generated_on: datetime.date
    round: ProgressRound | None
    previous_round: ProgressRound | None
    changes_period: tuple[datetime.date, datetime.date] | None
    overall: progress.Progress
    budget: progress.BudgetSummary
    themes: list[ReportTheme]
    organisations: list[OrganisationLine]
    changes: list[selectors.CellChange]
    stale_cells: int
    history: selectors.RoundProgress | None = None
    legend: list[StatusKey] = field(default_factory=list)  # every status, its symbol


def _period(programme: Programme) -> str:

    if programme.period_start and programme.period_end:
        return f"{date_format(programme.period_start)} – {date_format(programme.period_end)}"
    return date_format(programme.period_start) if programme.period_start else ""


def progress_report(
    programme: Programme,
    user: Any,
    progress_round: ProgressRound | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> ProgressReport:
    """Everything the report shows. With a period: the changes in it; with a round: that
    round's changes against the round before; otherwise the latest round's."""
    if progress_round is None and period is None:
        progress_round = programme.rounds.order_by("-opened_at").first()
    overview = selectors.programme_overview(programme)
    table = selectors.matrix(programme, user)
    names = {o.pk: o.name for o in table.organisations}
    key = [ReportColumn(n, o.name) for n, o in enumerate(table.organisations, start=1)]
    themes: list[ReportTheme] = []
    stale_cells = 0
    theme_overviews = {t.theme.pk if t.theme else None: t for t in overview.themes}
    for group in table.groups:
        # A theme's small matrix has a column for each organisation taking part in it.
        used = [
            i
            for i in range(len(table.organisations))
            if any(row.cells[i] is not None for row in group.rows)
        ]
        actions = []
        for row in group.rows:
            notes: list[tuple[str, str]] = []
            for cell in row.cells:
                if cell is None:
                    continue
                stale_cells += cell.stale
                if cell.note.strip():
                    notes.append((names[cell.organisation_id], cell.note.strip()))
            action = row.action
            actions.append(
                ReportAction(
                    number=action.number,
                    title=action.title,
                    cells=[_report_cell(row.cells[i]) for i in used],
                    notes=notes,
                    budget_planned=action.budget_planned,
                    budget_spent=action.budget_spent,
                    budget_remaining=action.budget_remaining,
                )
            )
        theme_id = group.theme.pk if group.theme else None
        theme_overview = theme_overviews.get(theme_id)
        themes.append(
            ReportTheme(
                title=group.theme.title if group.theme else "",
                ambition=group.theme.ambition if group.theme else "",
                progress=theme_overview.progress if theme_overview else progress.progress({}),
                actions=actions,
                text=group.theme.report_text if group.theme else "",
                budget=theme_overview.budget if theme_overview else None,
                columns=[key[i] for i in used],
            )
        )
    if period is not None:
        previous, changes = None, selectors.period_changes(programme, *period)
    elif progress_round is not None:
        previous, changes = selectors.round_changes(progress_round)
    else:
        previous, changes = None, []
    return ProgressReport(
        partnership=programme.partnership.name,
        programme=programme.name,
        steering_body=programme.steering_body,
        period=_period(programme),
        generated_on=timezone.localdate(),
        round=progress_round,
        previous_round=previous,
        changes_period=period,
        overall=overview.overall,
        budget=overview.budget,
        themes=themes,
        organisations=sorted(
            (OrganisationLine(o.organisation.name, o.progress) for o in overview.organisations),
            key=lambda line: (line.progress.percent_done or 0, line.name),
        ),
        changes=changes,
        stale_cells=stale_cells,
        history=selectors.progress_over_rounds(programme, overview),
        legend=[StatusKey(str(s.label), progress.STYLES[s].symbol) for s in Status],
    )


def _report_cell(cell: Any) -> ReportCell | None:
    if cell is None:
        return None
    return ReportCell(
        status=cell.status,
        symbol=progress.STYLES[cell.status].symbol,
        label=str(Status(cell.status).label),
        fill=STATUS_FILLS[cell.status],
        stale=cell.stale,
    )


# --- Progress report: PDF and Word ----------------------------------------------------------


def _may_have_progress_report(user: Any, params: dict[str, str]) -> None:
    selectors.get_programme_for(user, params.get("programme"))
    if params.get("format") not in ("pdf", "docx"):
        raise Http404


@long_document(
    "programmes.progress_report",
    label=gettext_lazy("Progress report"),
    check=_may_have_progress_report,
)
def progress_report_in_background(
    user: Any, params: dict[str, str], progress: Callable[[int], None]
) -> tuple[bytes, str]:
    """The progress report made by the worker (a large programme takes a while)."""
    programme = selectors.get_programme_for(user, params["programme"])
    progress(10)
    report = progress_report(programme, user, None, None)
    progress(50)
    kind = params["format"]
    content = progress_report_pdf(report) if kind == "pdf" else progress_report_docx(report)
    return content, f"voortgang-{slugify(programme.name)}-{timezone.localdate():%Y-%m-%d}.{kind}"


def progress_document(
    user: Any,
    programme: Programme,
    kind: str,
    *,
    progress_round: ProgressRound | None,
    period: tuple[datetime.date, datetime.date] | None,
) -> tuple[bytes, str]:
    """The progress report (PDF, Word) or the matrix (Excel) and its file name: the same for
    the page's download and the API."""
    today = timezone.localdate()
    if kind == "xlsx":
        title = f"{programme.partnership.name} — {programme.name} ({date_format(today)})"
        content = matrix_workbook(selectors.matrix(programme, user), title=title)
    else:
        report = progress_report(programme, user, progress_round, period)
        content = progress_report_pdf(report) if kind == "pdf" else progress_report_docx(report)
    return content, f"voortgang-{slugify(programme.name)}-{today:%Y-%m-%d}.{kind}"


def progress_report_pdf(report: ProgressReport) -> bytes:
    charts = progress_charts(report.history) if report.history else None
    return render_pdf(
        "programmes/documents/progress_report.html",
        {"report": report, "fills": STATUS_FILLS, "charts": charts},
    )


def _euro(amount: Any) -> str:
    return f"€ {number_format(amount, 0, use_l10n=True, force_grouping=True)}"


def progress_report_docx(report: ProgressReport) -> bytes:
    # What people typed goes through docx.clean: Word holds no control characters.
    clean = docx.clean
    document = docx.new_document(
        footer=clean(
            f"{report.partnership} — {report.programme}, {date_format(report.generated_on)}"
        )
    )

    document.add_heading(clean(report.programme), level=0)
    document.add_paragraph(
        clean(report.partnership)
        + (
            f" — {_('progress report for %(body)s') % {'body': clean(report.steering_body)}}"
            if report.steering_body
            else ""
        )
    )
    facts = [
        (_("Date"), date_format(report.generated_on)),
        (_("Period"), report.period),
        (
            _("Progress"),
            _("%(done)s of %(total)s done (%(percent)s%%)")
            % {
                "done": report.overall.done,
                "total": report.overall.total,
                "percent": report.overall.percent_done or 0,
            },
        ),
        (_("Without recent input"), str(report.stale_cells)),
    ]
    if report.round is not None:
        facts.insert(2, (_("Progress round"), report.round.title))
    if report.budget.execution_budget is not None:
        facts.append(
            (
                _("Execution budget"),
                f"{_euro(report.budget.execution_budget)}; {_('spent')} "
                f"{_euro(report.budget.spent)}; {_('remaining')} {_euro(report.budget.remaining)}",
            )
        )
    docx.add_table(document, [_("Subject"), _("Value")], [[k, v] for k, v in facts if v])

    document.add_heading(_("Summary per theme"), level=1)
    docx.add_table(
        document,
        [
            _("Theme"),
            _("Done"),
            _("In progress"),
            _("Planned"),
            _("Not taken up"),
            _("Undetermined"),
        ],
        [
            [
                theme.title or _("Actions without a theme"),
                f"{theme.progress.done} / {theme.progress.total}",
                str(theme.progress.in_progress),
                str(theme.progress.planned),
                str(theme.progress.not_taken_up),
                str(theme.progress.undetermined),
            ]
            for theme in report.themes
        ],
    )
    document.add_page_break()

    history = report.history
    if history is not None and history.has_history:
        document.add_heading(_("Progress over the rounds"), level=1)
        document.add_paragraph(
            _(
                "The share of cells done per theme at each closed progress round, as the round "
                "froze them, and now."
            )
        )
        for first, lines in (
            (_("Theme"), history.themes),
            (_("Organisation"), history.organisations),
        ):
            docx.add_table(
                document,
                [first, *history.labels],
                [
                    [line.name, *("—" if value is None else f"{value}%" for value in line.values)]
                    for line in lines
                ],
            )
        document.add_page_break()
    legend = " · ".join(f"{status.symbol} {status.label}" for status in report.legend)
    document.add_paragraph(f"{legend} · * {_('no recent input')}")
    for theme in report.themes:
        document.add_heading(clean(theme.title) or _("Actions without a theme"), level=1)
        if theme.ambition:
            document.add_paragraph(f"{_('Ambition')}: {clean(theme.ambition)}")
        if theme.text:
            paragraph = document.add_paragraph()
            paragraph.add_run(_("From the coordinator")).bold = True
            paragraph.add_run("\n" + clean(theme.text))
        _docx_theme_matrix(document, theme)
        if theme.has_budget:
            document.add_heading(_("Budget"), level=2)
            rows = [
                [
                    f"{action.number} {action.title}".strip(),
                    *(
                        _euro(amount) if amount is not None else ""
                        for amount in (
                            action.budget_planned,
                            action.budget_spent,
                            action.budget_remaining,
                        )
                    ),
                ]
                for action in theme.actions
            ]
            if theme.budget is not None:
                remaining = theme.budget.remaining
                rows.append(
                    [
                        _("Total"),
                        _euro(theme.budget.planned),
                        _euro(theme.budget.spent),
                        _euro(remaining) if remaining is not None else "",
                    ]
                )
            docx.add_table(document, [_("Action"), _("Planned"), _("Spent"), _("Remaining")], rows)
        if theme.notes:
            document.add_heading(_("Notes from the organisations"), level=2)
            for action, notes in theme.notes:
                heading = document.add_paragraph()
                heading.add_run(clean(f"{action.number} {action.title}".strip())).bold = True
                for organisation, note in notes:
                    document.add_paragraph(clean(f"{organisation}: {note}"), style="List Bullet")

    if report.changes:
        if report.changes_period:
            title = _("Changes from %(start)s to %(end)s") % {
                "start": date_format(report.changes_period[0]),
                "end": date_format(report.changes_period[1]),
            }
        else:
            previous = report.previous_round.title if report.previous_round else ""
            title = _("Changes since “%(title)s”") % {"title": previous}
        document.add_heading(clean(title), level=1)
        docx.add_table(
            document,
            [_("Action"), _("Organisation"), _("Was"), _("Now")],
            [[c.action, c.organisation, c.old_label, c.new_label] for c in report.changes],
        )
    return docx.document_bytes(document)


def _docx_theme_matrix(document: Any, theme: ReportTheme) -> None:
    """The theme's small matrix: a column per organisation (numbered, named below), each cell
    filled with its status colour and carrying its symbol."""
    if not theme.columns:
        document.add_paragraph(_("No organisation takes part."))
        return
    rows = [
        [
            f"{action.number} {action.title}".strip(),
            *((cell.symbol + ("*" if cell.stale else "")) if cell else "" for cell in action.cells),
        ]
        for action in theme.actions
    ]
    table = docx.add_table(
        document, [_("Action"), *(str(column.key) for column in theme.columns)], rows
    )
    for row, action in zip(table.rows[1:], theme.actions, strict=True):
        for cell, report_cell in zip(row.cells[1:], action.cells, strict=True):
            if report_cell is not None:
                docx.shade(cell, report_cell.fill)
    key = " · ".join(f"{column.key} {column.name}" for column in theme.columns)
    docx.small_print(document.add_paragraph(docx.clean(key)), 8)


# --- Workbooks ------------------------------------------------------------------------------

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
STALE_COLOUR = "A85400"
THIN_COLOUR = "C7C7C7"


def _fill(status: str) -> Any:
    return xlsx.solid_fill(STATUS_FILLS[status])


def _border(style: str, colour: str) -> Any:
    from openpyxl.styles import Border, Side

    return Border(*(Side(style=style, color=colour),) * 4)


def matrix_workbook(matrix: Matrix, *, title: str) -> bytes:
    """The matrix as a workbook: a sheet with one row per action and a column per
    organisation (status, planned period and "no input"), and a legend sheet."""
    book, sheet = xlsx.new_workbook(_("Matrix"))
    sheet.append([title])
    xlsx.bold_row(sheet, 1, size=14, wrap=False)
    header = [_("Number"), _("Action"), _("Theme"), *(o.name for o in matrix.organisations)]
    sheet.append(header)
    xlsx.bold_row(sheet, 2)
    stale_border, thin_border = _border("dashed", STALE_COLOUR), _border("thin", THIN_COLOUR)
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
                xlsx.wrap_cell(target)
                if cell is not None:
                    target.fill = _fill(cell.status)
                    target.border = stale_border if cell.stale else thin_border
            xlsx.wrap_cell(sheet.cell(row=excel_row, column=2))
    sheet.freeze_panes = "D3"
    xlsx.set_widths(sheet, [8, 50, 24, *(18 for _o in matrix.organisations)])
    xlsx.add_filter(sheet, len(header), header_row=2)

    legend = book.create_sheet(_("Legend")[:31])
    legend.append([_("Status"), _("Symbol"), _("Meaning")])
    xlsx.bold_row(legend, 1, wrap=False)
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
    legend.cell(row=legend.max_row, column=1).border = stale_border
    xlsx.set_widths(legend, [20, None, 60])
    return xlsx.workbook_bytes(book)


def plan_workbook(programme: Any, actions: list[Any], matrix: Matrix) -> bytes:
    """The plan and the matrix for editing in Excel and importing again: sheet "Plan" with a
    row per action, sheet "Matrix" with a status word per cell (a drop-down), and the ids that
    let the import find everything back. `programmes.workbook` reads it."""
    from openpyxl.worksheet.datavalidation import DataValidation

    book, plan = xlsx.new_workbook("Plan")
    xlsx.table_sheet(
        plan,
        PLAN_COLUMNS,
        (
            [
                action.pk,
                action.number,
                action.theme.title if action.theme else "",
                action.title,
                action.planned_period,
                float(action.budget_planned) if action.budget_planned is not None else None,
                float(action.budget_spent) if action.budget_spent is not None else None,
            ]
            for action in actions
        ),
        widths=[8, 10, 24, 60, 22, 12, 12],
        freeze="B2",
        filters=False,
    )

    sheet = book.create_sheet("Matrix", 1)
    sheet.append([None, None, *(o.pk for o in matrix.organisations)])
    sheet.row_dimensions[1].hidden = True
    sheet.append([*MATRIX_FIXED, *(o.name for o in matrix.organisations)])
    xlsx.bold_row(sheet, 2)
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
    xlsx.set_widths(sheet, [None, 50, *(16 for _o in matrix.organisations)])

    notes = book.create_sheet(_("Explanation")[:31])
    for line in (
        _("Change statuses on the Matrix sheet with the drop-down, and actions on the Plan sheet."),
        _("Add an action as a new row on the Plan sheet with an empty ID."),
        _("Do not change the ID columns, the hidden first row or the sheet names."),
        _("Import the file under “Import from Excel”: you see every change before it is saved."),
    ):
        notes.append([line])
    xlsx.set_widths(notes, [100])
    return xlsx.workbook_bytes(book)
