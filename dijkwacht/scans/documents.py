"""The documents of a scan round: the rode-dradenbeeld (PDF and Word), the results workbook and
one organisation's results (PDF).

`round_document_context` gathers what the round documents show, already cut to what the user
may see of the round (`permissions.round_view`); the documents only lay it out, with the
machinery of `dijkwacht.exports`.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dijkwacht.core.ordering import natural_key
from dijkwacht.core.suppression import shown
from dijkwacht.exports import docx, xlsx
from dijkwacht.exports.pdf import render_pdf
from dijkwacht.organisations.access import Access
from dijkwacht.organisations.permissions import access_for
from dijkwacht.programmes import progress
from dijkwacht.scans import answer_sheet, scoring, selectors
from dijkwacht.scans.models import Scan, ScanKind, ScanRound
from dijkwacht.scans.permissions import RoundView, round_view

# Colour is never the only carrier: each tone has a symbol, and every cell its answer in words,
# so the documents read in black and white too. Fills as in the programme matrix.
TONES: dict[str, tuple[str, str]] = {
    "met": ("✓", "DCF1DF"),
    "partial": ("◐", "FDE7CC"),
    "short": ("✕", "FADCDC"),
    "na": ("–", "EEEEEE"),
    "none": ("?", "FFFFFF"),
}
CHANGE_MARKS = {1: "▲", -1: "▼", 0: ""}
# At most this many norms side by side on a landscape page; a larger theme is split evenly.
HEATMAP_COLUMNS = 16


def _percent(score: scoring.Score | None) -> str:
    if score is None or score.percent is None:
        return "—"
    return f"{number_format(score.percent, 1)}%"


def _short(label: str) -> str:
    """A heatmap cell's answer in a few letters: short labels as they are, longer ones by their
    initials ("Structureel geborgd" → "SG"), the legend gives the full label."""
    words = label.split()
    if len(label) <= 8:
        return label
    if len(words) > 1:
        return "".join(word[0] for word in words).upper()
    return f"{label[:6]}."


@dataclass(frozen=True)
class Figure:
    label: str
    score: scoring.Score | None  # None: withheld, too few organisations
    code: str = ""

    @property
    def percent(self) -> str:
        return _percent(self.score)

    @property
    def bar(self) -> float | None:
        """The width of a bar beside the figure, 0–100; None without a figure."""
        return None if self.score is None else self.score.percent


@dataclass(frozen=True)
class PictureSummary:
    """The weerbaarheidsbeeld as the documents print it."""

    themes: list[Figure]
    overall: Figure
    organisations: str
    basis_op_orde: str
    withheld: bool  # the percentages are not shown: fewer than five organisations


@dataclass(frozen=True)
class FindingLine:
    organisation: str
    finding: str
    recommendation: str


@dataclass(frozen=True)
class ActionLine:
    title: str
    programme: str
    done: int
    total: int

    @property
    def sentence(self) -> str:
        return _("Joint action “%(title)s” (%(programme)s): %(done)s of %(total)s done") % {
            "title": self.title,
            "programme": self.programme,
            "done": self.done,
            "total": self.total,
        }


@dataclass(frozen=True)
class ThreadLine:
    rank: int
    code: str
    text: str
    theme: str
    below: str
    total: str
    findings: list[FindingLine]
    actions: list[ActionLine]

    @property
    def share(self) -> str:
        return _("%(below)s of %(total)s organisations fall short") % {
            "below": self.below,
            "total": self.total,
        }


@dataclass(frozen=True)
class HeatCell:
    answer: str  # the option's label; "" without an answer
    short: str
    tone: str
    change: int

    @property
    def symbol(self) -> str:
        return TONES[self.tone][0]

    @property
    def fill(self) -> str:
        return TONES[self.tone][1]

    @property
    def text(self) -> str:
        return " ".join(
            part for part in (self.symbol, self.short, CHANGE_MARKS[self.change]) if part
        )


@dataclass(frozen=True)
class HeatLine:
    label: str
    cells: list[HeatCell]
    percent: str  # of the theme


@dataclass(frozen=True)
class HeatTable:
    theme: str
    part: str  # "1/2" when the theme is split over several tables
    norms: list[tuple[str, str]]  # (code, text)
    rows: list[HeatLine]


@dataclass(frozen=True)
class OrganisationLine:
    label: str
    overall: str
    basis_op_orde: bool
    themes: list[scoring.Score | None]  # in the order of the picture's themes

    @property
    def theme_percents(self) -> list[str]:
        return [_percent(s) for s in self.themes]


@dataclass(frozen=True)
class LegendItem:
    symbol: str
    short: str
    label: str
    fill: str


def _picture_summary(picture: selectors.Picture) -> PictureSummary:
    return PictureSummary(
        themes=[
            Figure(f"{f.theme.code} {f.theme.title}", f.score, f.theme.code) for f in picture.themes
        ],
        overall=Figure(_("All themes"), picture.overall),
        organisations=shown(picture.organisations),
        basis_op_orde=shown(picture.basis_op_orde),
        withheld=picture.overall is None,
    )


def _heat_cell(cell: selectors.Cell) -> HeatCell:
    label = cell.option.label if cell.option is not None else ""
    return HeatCell(label, _short(label) if label else "", cell.tone, cell.change)


def _chunks(count: int, size: int) -> list[range]:
    """0…count-1 in even parts of at most `size`."""
    parts = max(1, math.ceil(count / size))
    step = math.ceil(count / parts) if count else 0
    return [range(i, min(i + step, count)) for i in range(0, count, step or 1)]


def _theme_scores(
    access: Access, scan_round: ScanRound, theme_ids: list[int]
) -> dict[int, dict[int, Any]]:
    """Theme → organisation → score, aggregated in the database in one grouped query."""
    scores = selectors.theme_scores_by_organisation(access, scan_round)
    return {theme_id: scores.get(theme_id, {}) for theme_id in theme_ids}


def _heat_tables(
    heat: selectors.Heatmap, theme_scores: dict[int, dict[int, Any]]
) -> list[HeatTable]:
    tables: list[HeatTable] = []
    indexed = list(enumerate(heat.norms))
    for _theme_id, group in groupby(indexed, key=lambda item: item[1].theme_id):
        members = list(group)
        theme = members[0][1].theme
        parts = _chunks(len(members), HEATMAP_COLUMNS)
        for number, part in enumerate(parts, start=1):
            chosen = [members[i] for i in part]
            tables.append(
                HeatTable(
                    theme=f"{theme.code} {theme.title}",
                    part=f"{number}/{len(parts)}" if len(parts) > 1 else "",
                    norms=[(norm.code, norm.text) for _i, norm in chosen],
                    rows=[
                        HeatLine(
                            label=row.label,
                            cells=[_heat_cell(row.cells[i]) for i, _norm in chosen],
                            percent=_percent(theme_scores[theme.pk].get(row.organisation.pk)),
                        )
                        for row in heat.rows
                    ],
                )
            )
    return tables


def _legend(heat: selectors.Heatmap) -> list[LegendItem]:
    items = []
    for option in heat.options:
        tone = selectors.Cell(option, None).tone
        items.append(LegendItem(TONES[tone][0], _short(option.label), option.label, TONES[tone][1]))
    if any(cell.option is None for row in heat.rows for cell in row.cells):
        items.append(LegendItem(TONES["none"][0], "", _("no answer"), TONES["none"][1]))
    return items


def round_document_context(scan_round: ScanRound, user: Any) -> dict[str, Any]:
    """Everything the round documents show, cut to what the user may see: every organisation by
    name (FULL), the participants by name or label (PARTICIPANT, as the round is anonymised or
    not), or only the figures across the partnership with small counts withheld (AGGREGATE:
    no heatmap and no findings). The caller checks that the user may see the round at all."""
    participants = selectors.participant_ids(scan_round)
    view = round_view(user, scan_round, participants)
    aggregate = view == RoundView.AGGREGATE
    anonymised = view == RoundView.PARTICIPANT and scan_round.anonymise
    access = access_for(user)
    threads, picture = selectors.rode_draden(access, scan_round, suppressed=aggregate)
    context: dict[str, Any] = {
        "round": scan_round,
        "title": scan_round.title,
        "kind": scan_round.get_kind_display(),
        "partnership": scan_round.partnership.name,
        "framework": str(scan_round.framework),
        "generated_on": timezone.localdate(),
        "view": view.value,
        "anonymised": anonymised,
        "picture": _picture_summary(picture),
        "threads": [],
        "clear": 0,  # norms nobody falls short of
        "details": not aggregate,
        "heatmap": [],
        "organisations": [],
        "legend": [],
    }
    context["clear"] = sum(1 for t in threads if t.below == 0)
    threads = [t for t in threads if t.below != 0]
    if aggregate:
        context["threads"] = [
            ThreadLine(
                t.rank,
                t.norm.code,
                t.norm.text,
                t.norm.theme.title,
                shown(t.below),
                shown(t.total),
                [],
                [],
            )
            for t in threads
        ]
        return context

    labels = None
    if anonymised:
        own = set(access.organisation_ids) & participants
        labels = selectors.anonymous_labels(scan_round, participants, own)
    heat = selectors.heatmap(access, scan_round, labels=labels)
    names = {row.organisation.pk: row.label for row in heat.rows}
    findings = selectors.thread_findings(scan_round)
    actions = selectors.thread_actions(scan_round)
    context["threads"] = [
        ThreadLine(
            rank=t.rank,
            code=t.norm.code,
            text=t.norm.text,
            theme=t.norm.theme.title,
            below=shown(t.below),
            total=shown(t.total),
            findings=sorted(
                (
                    FindingLine(
                        names.get(f.organisation_id, _("Participant")),
                        f.finding,
                        f.recommendation,
                    )
                    for f in findings.get(t.norm.pk, [])
                ),
                key=lambda line: natural_key(line.organisation),
            ),
            actions=[_action_line(a) for a in actions.get(t.norm.pk, [])],
        )
        for t in threads
    ]
    theme_ids = [f.theme.pk for f in picture.themes]
    theme_scores = _theme_scores(access, scan_round, theme_ids)
    context["heatmap"] = _heat_tables(heat, theme_scores)
    context["legend"] = _legend(heat)
    context["organisations"] = [
        OrganisationLine(
            label=row.label,
            overall=_percent(row.score),
            basis_op_orde=row.basis_op_orde,
            themes=[theme_scores[pk].get(row.organisation.pk) for pk in theme_ids],
        )
        for row in heat.rows
    ]
    return context


def _action_line(linked: selectors.LinkedAction) -> ActionLine:

    return ActionLine(
        title=linked.action.title,
        programme=linked.action.programme.name,
        done=progress.progress(linked.counts).done,
        total=linked.total,
    )


# --- Rode-dradenbeeld -----------------------------------------------------------------------


def common_threads_pdf(scan_round: ScanRound, user: Any) -> bytes:
    context = round_document_context(scan_round, user)
    return render_pdf("scans/reports/common_threads.html", {**context, "say": _sentences(context)})


def common_threads_docx(scan_round: ScanRound, user: Any) -> bytes:
    c = round_document_context(scan_round, user)
    picture: PictureSummary = c["picture"]
    say = _sentences(c)
    document = docx.new_document(
        footer=f"{c['partnership']} — {_('Rode-dradenbeeld')} {c['title']}, "
        f"{date_format(c['generated_on'])}"
    )
    document.add_heading(f"{_('Rode-dradenbeeld')}: {c['title']}", level=0)
    document.add_paragraph(c["partnership"])
    docx.add_table(
        document,
        [_("Subject"), _("Value")],
        [
            [_("Round"), f"{c['title']} ({c['kind']})"],
            [_("Partnership"), c["partnership"]],
            [_("Framework"), c["framework"]],
            [_("Date"), date_format(c["generated_on"])],
            [_("Organisations with results"), picture.organisations],
        ],
    )
    if c["anonymised"]:
        document.add_paragraph(say["anonymised"])
    if c["view"] == RoundView.AGGREGATE.value:
        document.add_paragraph(say["aggregate"])

    document.add_heading(_("Weerbaarheidsbeeld"), level=1)
    docx.add_table(
        document,
        [_("Theme"), _("Norms met")],
        [[f.label, f.percent] for f in [*picture.themes, picture.overall]],
    )
    if picture.withheld:
        document.add_paragraph(say["withheld"])
    document.add_paragraph(say["basis_op_orde"])

    document.add_heading(_("Common threads"), level=1)
    document.add_paragraph(say["threads"])
    docx.add_table(
        document,
        [_("Rank"), _("Code"), _("Norm"), _("Organisations falling short")],
        [[str(t.rank), t.code, t.text, f"{t.below} / {t.total}"] for t in c["threads"]],
    )
    if c["clear"]:
        document.add_paragraph(say["clear"])

    detailed = [t for t in c["threads"] if t.findings or t.actions]
    if c["details"] and detailed:
        document.add_heading(_("Findings and recommendations per thread"), level=1)
        for thread in detailed:
            document.add_heading(f"{thread.rank}. {thread.code} {thread.text}", level=2)
            document.add_paragraph(thread.share).runs[0].italic = True
            if thread.findings:
                docx.add_table(
                    document,
                    [_("Organisation"), _("Finding"), _("Recommendation")],
                    [[f.organisation, f.finding, f.recommendation] for f in thread.findings],
                )
            for action in thread.actions:
                document.add_paragraph(action.sentence, style="List Bullet")

    if c["heatmap"]:
        docx.landscape_section(document, margin_mm=12)
        document.add_heading(_("Heatmap"), level=1)
        document.add_paragraph(say["heatmap"])
        document.add_paragraph(
            "; ".join(
                f"{item.symbol} {item.short} = {item.label}"
                if item.short
                else f"{item.symbol} = {item.label}"
                for item in c["legend"]
            )
            + (f"; {say['change']}" if c["round"].previous_id else "")
        )
        docx.add_table(
            document,
            [
                _("Organisation"),
                _("Norms met"),
                _("Basis op orde"),
                *(f.code for f in picture.themes),
            ],
            [
                [o.label, o.overall, _("yes") if o.basis_op_orde else _("no"), *o.theme_percents]
                for o in c["organisations"]
            ],
        )
        docx.small_print(document.tables[-1], 8)
        for table in c["heatmap"]:
            title = f"{table.theme} ({table.part})" if table.part else table.theme
            document.add_heading(title, level=2)
            docx.add_table(
                document,
                [_("Organisation"), *(code for code, _text in table.norms), _("Norms met")],
                [
                    [row.label, *(cell.text for cell in row.cells), row.percent]
                    for row in table.rows
                ],
            )
            grid = document.tables[-1]
            for row, line in zip(grid.rows[1:], table.rows, strict=True):
                for cell, heat_cell in zip(row.cells[1:-1], line.cells, strict=True):
                    docx.shade(cell, heat_cell.fill)
            docx.small_print(grid, 7)
            key = document.add_paragraph("; ".join(f"{code} {text}" for code, text in table.norms))
            docx.small_print(key, 7)
    return docx.document_bytes(document)


def _sentences(context: dict[str, Any]) -> dict[str, str]:
    """The longer sentences of the rode-dradenbeeld, said once for the PDF and Word."""
    picture: PictureSummary = context["picture"]
    return {
        "anonymised": _(
            "The coordinator chose to anonymise this round: other organisations appear as "
            "participants with a number; your own organisation keeps its name."
        ),
        "aggregate": _(
            "This version shows figures across the partnership only. Counts below 5 are shown "
            "as “<5”, so that no single organisation can be recognised."
        ),
        "withheld": _("Percentages are not shown: fewer than 5 organisations have results."),
        "basis_op_orde": _(
            "Basis op orde (every essential norm met): %(n)s of %(total)s organisations."
        )
        % {"n": picture.basis_op_orde, "total": picture.organisations},
        "threads": _(
            "The norms that organisations fall short of, most first: the number of "
            "organisations whose final answer does not meet the norm, of those to which the "
            "norm applies."
        ),
        "clear": ngettext(
            "%(count)s norm is met by every organisation to which it applies.",
            "%(count)s norms are met by every organisation to which they apply.",
            context["clear"],
        )
        % {"count": context["clear"]},
        "heatmap": _(
            "The final answer of every organisation per norm, by theme. Each cell shows the "
            "answer in words and a symbol, so the table also reads in black and white."
        ),
        "change": _("▲ better, ▼ worse than the previous round"),
    }


# --- The results workbook -------------------------------------------------------------------


def results_xlsx(scan_round: ScanRound, user: Any) -> bytes:
    """Every final answer of the round, a sheet per organisation's figures and the common
    threads. Names only: for users who see the organisations of the round by name."""
    participants = selectors.participant_ids(scan_round)
    view = round_view(user, scan_round, participants)
    if not (view == RoundView.FULL or (view == RoundView.PARTICIPANT and not scan_round.anonymise)):
        raise PermissionDenied(_("You may not download the results of this round by name."))

    def yes_no(value: bool) -> str:
        return "ja" if value else "nee"

    book, results = xlsx.new_workbook("Resultaten")
    access = access_for(user)
    xlsx.table_sheet(
        results,
        [
            "Organisatie",
            "Normcode",
            "Norm",
            "Antwoord",
            "Waarde",
            "Voldaan",
            "Van toepassing",
            "Bron",
        ],
        (
            [name, code, text, label, value, yes_no(met), yes_no(applicable), source]
            for name, code, text, label, value, met, applicable, source in selectors.round_results(
                access, scan_round
            )
        ),
        widths=[28, 10, 70, 20, 8, 9, 14, 12],
        wrap=[3],
    )

    heat = selectors.heatmap(access, scan_round)
    themes = [
        (theme.pk, f"{theme.code} {theme.title}")
        for theme in dict.fromkeys(norm.theme for norm in heat.norms)
    ]
    theme_scores = _theme_scores(access, scan_round, [pk for pk, _title in themes])
    per = xlsx.table_sheet(
        book.create_sheet("Per organisatie"),
        ["Organisatie", "% voldaan", "Basis op orde", *(f"% {title}" for _pk, title in themes)],
        (
            [
                row.organisation.name,
                row.score.percent,
                yes_no(row.basis_op_orde),
                *(
                    score.percent if (score := theme_scores[pk].get(row.organisation.pk)) else None
                    for pk, _title in themes
                ),
            ]
            for row in heat.rows
        ),
        widths=[28, 11, 13, *(16 for _theme in themes)],
    )
    for values in per.iter_rows(min_row=2, min_col=2):
        for cell in values:
            if isinstance(cell.value, float | int):
                cell.number_format = "0.0"
    xlsx.table_sheet(
        book.create_sheet("Rode draden"),
        ["Rang", "Code", "Norm", "Onder de norm", "Totaal"],
        (
            [thread.rank, thread.norm.code, thread.norm.text, thread.below, thread.total]
            for thread in selectors.common_threads(access, scan_round)
        ),
        widths=[7, 10, 70, 14, 9],
        wrap=[3],
    )
    return xlsx.workbook_bytes(book)


# --- One organisation -----------------------------------------------------------------------


@dataclass(frozen=True)
class NormLine:
    code: str
    text: str
    essential: bool
    answer: str
    tone: str
    source: str
    previous: str  # the answer in the previous round
    change: int

    @property
    def symbol(self) -> str:
        return TONES[self.tone][0]

    @property
    def fill(self) -> str:
        return TONES[self.tone][1]

    @property
    def change_text(self) -> str:
        if not self.previous:
            return ""
        if self.change == 0:
            # To or from "not applicable" is no change in either direction, nor "the same".
            return _("same") if self.previous == self.answer else ""
        return f"▲ {_('better')}" if self.change > 0 else f"▼ {_('worse')}"


@dataclass(frozen=True)
class ThemeBlock:
    figure: Figure
    norms: list[NormLine]


@dataclass(frozen=True)
class TrendLine:
    title: str
    deadline: datetime.date
    percent: str
    basis_op_orde: bool
    current: bool


@dataclass(frozen=True)
class GapLine:
    code: str
    text: str
    self_answer: str
    review_answer: str
    finding: str
    recommendation: str


def _gap_lines(user: Any, scan_round: ScanRound, organisation: Any) -> list[GapLine] | None:
    """The norms on which self-scan and review disagree, or None when there is no submitted
    review to compare with or the user may not see both scans."""
    scans = {s.kind: s for s in Scan.objects.filter(round=scan_round, organisation=organisation)}
    self_scan, review = scans.get(ScanKind.SELF), scans.get(ScanKind.REVIEW)
    if self_scan is None or review is None or not review.is_submitted:
        return None
    gaps = selectors.scan_gaps(user, self_scan)
    if gaps is None:
        return None

    def label(answer: Any) -> str:
        return answer.option.label if answer is not None else _("no answer")

    return [
        GapLine(
            code=gap.norm.code,
            text=gap.norm.text,
            self_answer=label(gap.self_answer),
            review_answer=label(gap.review_answer),
            finding=gap.review_answer.finding if gap.review_answer is not None else "",
            recommendation=(
                gap.review_answer.recommendation if gap.review_answer is not None else ""
            ),
        )
        for gap in gaps
        if gap.differs
    ]


def organisation_report_context(
    scan_round: ScanRound, organisation: Any, user: Any
) -> dict[str, Any]:
    """One organisation's results in the round; the caller checks the user may see them."""
    access = access_for(user)
    results = selectors.organisation_results(access, scan_round, organisation)
    per_theme = results.per_theme
    texts = {norm.code: norm.text for norm in results.norms}
    themes: list[ThemeBlock] = []
    for _theme_id, group in groupby(results.norms, key=lambda norm: norm.theme_id):
        norms = list(group)
        theme = norms[0].theme
        lines = []
        for norm in norms:
            option = results.options.get(norm.code)
            previous = results.previous.get(norm.code)
            cell = selectors.Cell(option, previous)
            lines.append(
                NormLine(
                    code=norm.code,
                    text=norm.text,
                    essential=norm.essential,
                    answer=option.label if option is not None else _("no answer"),
                    tone=cell.tone,
                    source=results.sources.get(norm.code, ""),
                    previous=previous.label if previous is not None else "",
                    change=cell.change,
                )
            )
        themes.append(
            ThemeBlock(
                Figure(f"{theme.code} {theme.title}", per_theme.get(theme.code), theme.code),
                lines,
            )
        )
    trend = [
        TrendLine(
            title=point.round.title,
            deadline=point.round.deadline,
            percent=_percent(point.score),
            basis_op_orde=point.basis_op_orde,
            current=point.round.pk == scan_round.pk,
        )
        for point in selectors.organisation_trend(access, scan_round.partnership, organisation)
    ]
    return {
        "round": scan_round,
        "title": scan_round.title,
        "kind": scan_round.get_kind_display(),
        "partnership": scan_round.partnership.name,
        "framework": str(scan_round.framework),
        "organisation": organisation.name,
        "generated_on": timezone.localdate(),
        "complete": results.complete,
        "overall": Figure(_("All themes"), results.overall),
        "basis_op_orde": results.basis_op_orde,
        "shortfalls": [(code, texts[code]) for code in results.shortfalls],
        "themes": themes,
        "has_previous": bool(scan_round.previous_id),
        "trend": trend,
        "gaps": _gap_lines(user, scan_round, organisation),
        "legend": [
            LegendItem(symbol, "", label, fill)
            for symbol, label, fill in (
                (TONES["met"][0], _("met"), TONES["met"][1]),
                (TONES["partial"][0], _("partly met"), TONES["partial"][1]),
                (TONES["short"][0], _("not met"), TONES["short"][1]),
                (TONES["na"][0], _("not applicable"), TONES["na"][1]),
            )
        ],
    }


def organisation_report_pdf(scan_round: ScanRound, organisation: Any, user: Any) -> bytes:
    """The organisation's results in the round; the caller checks the user may see them."""
    return render_pdf(
        "scans/reports/organisation.html",
        organisation_report_context(scan_round, organisation, user),
    )


def answers_sheet(scan: Scan) -> bytes:
    """The scan's norms and its answers so far, as the workbook the scan page takes back."""
    parts = selectors.framework_parts(scan.round.framework)
    answers = {a.norm_id: a for a in scan.answers.select_related("option")}
    return answer_sheet.answers_workbook(
        parts.norms, answers, list(parts.options.values()), review=scan.kind == ScanKind.REVIEW
    )
