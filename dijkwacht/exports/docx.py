"""Word documents from plain data (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def _page_number_footer(document: Any, text: str) -> None:
    """'<text> — Pagina N' in the footer, with a real page-number field."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = f"{text} — {_('Page')} "
    run = paragraph.add_run()
    for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _euro(amount: Any) -> str:
    return f"€ {number_format(amount, 0, use_l10n=True, force_grouping=True)}"


def progress_report_docx(report: Any) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    _page_number_footer(
        document, f"{report.partnership} — {report.programme}, {date_format(report.generated_on)}"
    )

    document.add_heading(report.programme, level=0)
    document.add_paragraph(
        report.partnership
        + (f" — {_('progress report for %(body)s') % {'body': report.steering_body}}"
           if report.steering_body else "")
    )  # fmt: skip
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
    _table(document, [_("Subject"), _("Value")], [[k, v] for k, v in facts if v])

    document.add_heading(_("Summary per theme"), level=1)
    _table(
        document,
        [_("Theme"), _("Done"), _("In progress"), _("Planned"), _("Not taken up"),
         _("Undetermined")],
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
    )  # fmt: skip
    document.add_page_break()

    for theme in report.themes:
        document.add_heading(theme.title or _("Actions without a theme"), level=1)
        if theme.ambition:
            document.add_paragraph(f"{_('Ambition')}: {theme.ambition}")
        for action in theme.actions:
            heading = document.add_paragraph()
            heading.add_run(f"{action.number} {action.title}".strip()).bold = True
            for group in action.groups:
                document.add_paragraph(
                    f"{group.symbol} {group.label}: {', '.join(group.organisations)}",
                    style="List Bullet",
                )
            if action.stale:
                document.add_paragraph(
                    f"{_('No recent input')}: {', '.join(action.stale)}", style="List Bullet"
                ).runs[0].italic = True

    if report.changes:
        if report.changes_period:
            title = _("Changes from %(start)s to %(end)s") % {
                "start": date_format(report.changes_period[0]),
                "end": date_format(report.changes_period[1]),
            }
        else:
            title = _("Changes since “%(title)s”") % {"title": report.previous_round.title}
        document.add_heading(title, level=1)
        _table(
            document,
            [_("Action"), _("Organisation"), _("Was"), _("Now")],
            [[c.action, c.organisation, c.old_label, c.new_label] for c in report.changes],
        )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
