"""The Bibob team's documents: a letter to the applicant (Word and PDF) and a year's figures
(Excel). The letter is in Dutch whatever language the officer reads: it goes to the applicant.
The figures are counts only, as the reader may see them (`selectors.figures`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.bibob.letters import Letter, long_date
from dijkwacht.bibob.models import AdviceConclusion, Domain, Outcome
from dijkwacht.bibob.selectors import Figures, Shown, terms_lines
from dijkwacht.core.suppression import shown
from dijkwacht.exports import docx, xlsx
from dijkwacht.exports.pdf import render_pdf


def letter_pdf(letter: Letter) -> bytes:
    with translation.override("nl"):
        return render_pdf("bibob/documents/letter.html", {"letter": letter})


def letter_docx(letter: Letter) -> bytes:
    from docx.shared import Mm, Pt

    with translation.override("nl"):
        document = docx.new_document(footer=f"{_('Confidential')} — {letter.reference}", size=10.5)
        section = document.sections[0]
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        sender = document.add_paragraph().add_run(docx.clean(letter.organisation))
        sender.bold, sender.font.size = True, Pt(14)
        document.add_paragraph().add_run(_("Confidential")).bold = True
        document.add_paragraph()
        _lines(document.add_paragraph(), [[line] for line in letter.address])
        document.add_paragraph()
        for label, value in (
            (_("Date"), letter.date),
            (_("Our reference"), letter.reference),
            (_("Subject"), letter.subject),
        ):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"{label}:\t").italic = True
            paragraph.add_run(docx.clean(value))
        document.add_paragraph()
        for block in (*letter.body, None, *letter.closing):
            if block is None:
                document.add_paragraph()
                continue
            _lines(document.add_paragraph(), [block])
        return docx.document_bytes(document)


def _lines(paragraph: Any, blocks: list[list[str]]) -> None:
    """Lines in one paragraph, with line breaks between them."""
    lines = [line for block in blocks for line in block]
    for index, line in enumerate(lines):
        run = paragraph.add_run(docx.clean(line))
        if index < len(lines) - 1:
            run.add_break()


def _value(count: Shown) -> int | str:
    """A count as a number Excel can add up, or "<5" / "×" where it is not shown."""
    return count if isinstance(count, int) else shown(count)


def figures_xlsx(counts: Figures, names: list[str]) -> bytes:
    """The year's figures in four sheets: what they are, opened per domain and quarter,
    decisions (per domain for the team), and the LBB with the terms met."""
    domains = [(code, str(label)) for code, label in Domain.choices]
    book, about = xlsx.new_workbook(_("About"))
    about.append([_("Bibob figures %(year)s") % {"year": counts.year}])
    xlsx.bold_row(about, 1, size=14, wrap=False)
    about.append([_("Organisations"), ", ".join(names) or _("every organisation")])
    about.append([_("Made on"), long_date(timezone.localdate())])
    if counts.suppressed:
        about.append(
            [
                _("Note"),
                _(
                    'Counts only. A count of 1 to 4 reads "<5"; "×" marks a count left out '
                    "because a member could subtract its own part from it, or a total that "
                    "would give a hidden count away."
                ),
            ]
        )
    xlsx.set_widths(about, [22, 90])
    xlsx.wrap_columns(about, [2])

    opened = book.create_sheet(_("Opened"))
    xlsx.table_sheet(
        opened,
        [_("Domain"), *(_("Q%(quarter)s") % {"quarter": q} for q in range(1, 5)), _("Total")],
        [
            [
                label.capitalize(),
                *(_value(counts.opened[code][q]) for q in range(1, 5)),
                _value(counts.opened_total[code]),
            ]
            for code, label in domains
        ]
        + [[_("Total"), "", "", "", "", _value(counts.total)]],
        widths=[34, 10, 10, 10, 10, 10],
    )

    decided = book.create_sheet(_("Decisions"))
    outcomes = list(Outcome.choices)
    if counts.decided:  # the team: per domain too
        xlsx.table_sheet(
            decided,
            [_("Domain"), *(str(label).capitalize() for _code, label in outcomes), _("Total")],
            [
                [
                    label.capitalize(),
                    *(_value(counts.decided[code][o]) for o, _label in outcomes),
                    _value(counts.decided_total[code]),
                ]
                for code, label in domains
            ]
            + [[_("All domains"), *(_value(counts.decisions[o]) for o, _label in outcomes), ""]],
            widths=[34, *([16] * (len(outcomes) + 1))],
        )
    else:
        xlsx.table_sheet(
            decided,
            [_("Decision"), _("Screenings")],
            [[str(label).capitalize(), _value(counts.decisions[o])] for o, label in outcomes],
            widths=[34, 14],
        )

    lbb = book.create_sheet(_("LBB and terms"))
    rows: list[list[Any]] = [
        [_("LBB advice requested"), _value(counts.lbb_requests)],
        *(
            [
                _("LBB advice received: %(conclusion)s") % {"conclusion": label},
                _value(counts.lbb_conclusions[code]),
            ]
            for code, label in AdviceConclusion.choices
        ),
        [_("Entered in the national Bibob register"), _value(counts.registered)],
        [_("Running now (not decided)"), _value(counts.running)],
    ]
    if counts.terms is not None:
        rows += [[label, value] for label, value in terms_lines(counts.terms)]
    xlsx.table_sheet(lbb, [_("What"), _("Screenings")], rows, widths=[52, 14])
    return xlsx.workbook_bytes(book)
