"""The annual report as documents: PDF/UA (table of contents, page numbers, charts as vectors)
and Word (real headings and tables, to go on in a provincial template), drawn from a
published version's frozen content, or from a draft's content read now.

The public version leaves out every person (who published it, the owners of actions); the
figures were suppressed for every reader already (`insights.annual`).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dijkwacht.core import charts
from dijkwacht.exports import docx
from dijkwacht.exports.jobs import long_document
from dijkwacht.exports.pdf import render_pdf
from dijkwacht.insights import annual, selectors
from dijkwacht.insights.models import AnnualReport, AnnualReportVersion
from dijkwacht.insights.permissions import can_compose_report
from dijkwacht.programmes.documents import STATUS_FILLS
from dijkwacht.programmes.progress import STYLES

FORMATS = ("pdf", "docx")
PUBLIC = "openbaar"
VARIANTS = ("intern", PUBLIC)
DRAFT = "concept"


@dataclass(frozen=True)
class Edition:
    """What the layout draws: the content, whether it is the public version, and which
    version it is (None: the draft as it reads now)."""

    content: dict[str, Any]
    public: bool
    number: int | None
    published_at: Any
    published_by: str  # empty in the public version

    @property
    def sections(self) -> list[dict[str, Any]]:
        """The sections with something to say: facts from the platform or a text."""
        return [s for s in self.content["sections"] if s["facts"] or s["text"]]

    @property
    def period(self) -> str:
        start, end = (datetime.date.fromisoformat(day) for day in self.content["period"])
        return f"{date_format(start)} – {date_format(end)}"

    @property
    def subject(self) -> str:
        """Whose report: the partnership, or an organisation in it."""
        if self.content["organisation"]:
            return f"{self.content['organisation']} ({self.content['partnership']})"
        return self.content["partnership"]

    @property
    def status(self) -> str:
        if self.number is None:
            return _("Draft of %(date)s") % {"date": date_format(timezone.localdate())}
        return _("Version %(number)s, published on %(date)s") % {
            "number": self.number,
            "date": date_format(timezone.localtime(self.published_at).date()),
        }


def without_persons(content: dict[str, Any]) -> dict[str, Any]:
    """The content with every person's name taken out (the owners of actions)."""
    public = copy.deepcopy(content)
    for section in public["sections"]:
        for programme in (section["facts"] or {}).get("programmes", []):
            for theme in programme.get("themes", []):
                for action in theme.get("actions", []):
                    action["owner"] = ""
    return public


def edition(
    user: Any, report: AnnualReport, version: AnnualReportVersion | None, *, public: bool
) -> Edition:
    content = version.content if version is not None else annual.content(report, user)
    return Edition(
        content=without_persons(content) if public else content,
        public=public,
        number=version.number if version else None,
        published_at=version.published_at if version else None,
        published_by="" if public or version is None else version.published_by_name,
    )


# --- Charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportChart:
    key: str
    title: str
    template: str
    chart: Any


def _number(text: str) -> float | None:
    return float(text) if text.isdigit() else None


def report_charts(content: dict[str, Any]) -> dict[str, list[ReportChart]]:
    """Per section the charts beside its tables: the share done per theme of each programme,
    the reports per quarter and kind. Suppressed counts draw no bar."""
    found: dict[str, list[ReportChart]] = {}
    for section in content["sections"]:
        facts = section["facts"] or {}
        if section["key"] == "themas":
            found["themas"] = [
                ReportChart(
                    key=f"themas-{n}",
                    title=_("Share of cells done per theme (%(programme)s)")
                    % {"programme": programme["name"]},
                    template="core/_bar_chart.html",
                    chart=charts.percent_bar_chart(
                        [
                            charts.BarValue(
                                theme["title"] or _("Actions without a theme"),
                                theme["percent"],
                                "—" if theme["percent"] is None else f"{theme['percent']}%",
                            )
                            for theme in programme["themes"]
                        ]
                    ),
                )
                for n, programme in enumerate(facts.get("programmes", []), start=1)
                if programme["themes"]
            ]
        elif section["key"] == "meldpunt" and facts:
            groups = [
                (
                    kind,
                    [
                        charts.BarValue(q["label"], _number(q["counts"][i]), q["counts"][i])
                        for q in facts["quarters"]
                    ],
                )
                for i, kind in enumerate(facts["kinds"])
            ]
            found["meldpunt"] = [
                ReportChart(
                    key="meldpunt",
                    title=_("Reports per quarter and kind"),
                    template="core/_small_multiples.html",
                    chart=charts.small_multiples(groups),
                )
            ]
    return found


# --- PDF and Word -------------------------------------------------------------------------------


def annual_report_pdf(made: Edition) -> bytes:
    return render_pdf(
        "insights/documents/annual_report.html",
        {
            "edition": made,
            "content": made.content,
            "charts": report_charts(made.content),
            "fills": [(STYLES[status].css, fill) for status, fill in STATUS_FILLS.items()],
        },
    )


def annual_report_docx(made: Edition) -> bytes:
    content = made.content
    clean = docx.clean
    document = docx.new_document(footer=clean(f"{content['title']} — {made.status}"))
    document.add_heading(clean(content["title"]), level=0)
    document.add_paragraph(clean(made.subject))
    facts = [(_("Period"), made.period), (_("Status"), made.status)]
    if made.published_by:
        facts.append((_("Published by"), made.published_by))
    if made.public:
        facts.append((_("Edition"), _("Public version: without the names of persons.")))
    docx.add_table(document, [_("Subject"), _("Value")], [[k, v] for k, v in facts])
    # Looks like a heading, but is not one: Word's contents field would list itself.
    document.add_paragraph(_("Contents"), style="TOC Heading")
    docx.table_of_contents(document, _("Update the field to see the contents (F9)."))
    for section in made.sections:
        document.add_page_break()
        document.add_heading(clean(section["title"]), level=1)
        if section["text"]:
            for paragraph in section["text"].split("\n\n"):
                document.add_paragraph(clean(paragraph))
        write = _DOCX_SECTIONS.get(section["key"])
        if write and section["facts"]:
            write(document, section["facts"], made)
    return docx.document_bytes(document)


def _docx_summary(document: Any, facts: dict[str, Any], made: Edition) -> None:
    if facts["programmes"]:
        docx.add_table(
            document,
            [_("Programme"), _("Cells"), _("Done"), _("Share done")],
            [
                [p["name"], str(p["total"]), str(p["done"]), _percent(p["percent"])]
                for p in facts["programmes"]
            ],
        )


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _docx_themes(document: Any, facts: dict[str, Any], made: Edition) -> None:
    for programme in facts["programmes"]:
        document.add_heading(docx.clean(programme["name"]), level=2)
        for theme in programme["themes"]:
            document.add_heading(
                docx.clean(theme["title"] or _("Actions without a theme")), level=3
            )
            if theme["ambition"]:
                document.add_paragraph(docx.clean(f"{_('Ambition')}: {theme['ambition']}"))
            for paragraph in theme["text"].split("\n\n") if theme["text"] else []:
                document.add_paragraph(docx.clean(paragraph))
            document.add_paragraph(
                _("%(done)s of %(total)s cells done.")
                % {"done": theme["done"], "total": theme["total"]}
            )
            header = [_("Action"), _("Lead"), _("Status of the cells")]
            if not made.public:
                header.insert(2, _("Owner"))
            rows = []
            for action in theme["actions"]:
                row = [
                    f"{action['number']} {action['title']}".strip(),
                    action["lead"],
                    ", ".join(f"{c['symbol']} {c['label']} {c['n']}" for c in action["cells"]),
                ]
                if not made.public:
                    row.insert(2, action["owner"])
                rows.append(row)
            table = docx.add_table(document, header, rows)
            # The first status colours the cell, as in the matrix; its word and symbol stay.
            for table_row, action in zip(table.rows[1:], theme["actions"], strict=True):
                if action["cells"]:
                    docx.shade(table_row.cells[-1], STATUS_FILLS[action["cells"][0]["status"]])


def _docx_indicators(document: Any, facts: dict[str, Any], made: Edition) -> None:
    year = facts["year"]
    docx.add_table(
        document,
        [_("Indicator"), _("Plan"), str(year), str(year - 1), _("Deviation")],
        [
            [
                row["name"] + (f" ({_('example figures')})" if row.get("marked") else ""),
                row["plan"] or "—",
                row["actual"] + (" *" if row["partial"] else ""),
                row["previous"],
                _deviation_text(row),
            ]
            for row in facts["indicators"]
        ],
    )
    if any(row["partial"] for row in facts["indicators"]):
        document.add_paragraph(_("* The sum of the periods with a value, not the whole year."))
    for row in facts["indicators"]:
        if row["explanation"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(docx.clean(row["name"])).bold = True
            paragraph.add_run("\n" + docx.clean(row["explanation"]))


def _deviation_text(row: dict[str, Any]) -> str:
    verdicts = {
        "better": _("better than planned"),
        "worse": _("worse than planned"),
        "on_plan": _("as planned"),
    }
    if not row["deviation"]:
        return "—"
    verdict = verdicts.get(row["verdict"], "")
    return f"{row['deviation']} ({verdict})" if verdict else row["deviation"]


def _docx_budget(document: Any, facts: dict[str, Any], made: Edition) -> None:
    for programme in facts["programmes"]:
        document.add_heading(docx.clean(programme["name"]), level=2)
        rows = [
            [r["theme"] or _("Actions without a theme"), _euro(r["planned"]), _euro(r["spent"])]
            for r in programme["rows"]
        ]
        rows.append([_("Total"), _euro(programme["planned"]), _euro(programme["spent"])])
        docx.add_table(document, [_("Theme"), _("Planned"), _("Spent")], rows)
        if programme["execution_budget"]:
            document.add_paragraph(
                f"{_('Execution budget')}: {_euro(programme['execution_budget'])}"
            )


def _euro(amount: str | None) -> str:
    if amount is None:
        return "—"
    return f"€ {number_format(Decimal(amount), 0, use_l10n=True, force_grouping=True)}"


def _docx_scans(document: Any, facts: dict[str, Any], made: Edition) -> None:
    for framework in facts["frameworks"]:
        document.add_heading(docx.clean(framework["name"]), level=2)
        docx.add_table(
            document,
            [
                _("Round"),
                _("Organisations"),
                _("Basis op orde"),
                _("Share with basis op orde"),
                _("Norms met (weighted)"),
            ],
            [
                [r["title"], r["organisations"], r["basis"], r["basis_percent"], r["score_percent"]]
                for r in framework["rounds"]
            ],
        )
        if framework["threads"]:
            document.add_paragraph(_("The rode draden of the newest round:"))
            for thread in framework["threads"]:
                document.add_paragraph(
                    docx.clean(
                        f"{thread['code']} {thread['text']} "
                        f"({thread['below']} {_('of')} {thread['total']})"
                    ),
                    style="List Number",
                )


def _docx_meldpunt(document: Any, facts: dict[str, Any], made: Edition) -> None:
    docx.add_table(
        document,
        [_("Quarter"), *facts["kinds"]],
        [[q["label"], *q["counts"]] for q in facts["quarters"]] + [[_("Total"), *facts["totals"]]],
    )
    if facts["clocks"]:
        docx.add_table(
            document,
            [_("Kind"), _("Acknowledged within the term"), _("Feedback within the term")],
            [[c["kind"], c["acknowledged"], c["feedback"]] for c in facts["clocks"]],
        )


def _docx_information(document: Any, facts: dict[str, Any], made: Edition) -> None:
    docx.add_table(
        document, [_("Access"), _("Sources")], [[r["access"], r["count"]] for r in facts["sources"]]
    )
    if facts["requests"]:
        docx.add_table(
            document,
            [_("Source"), _("Requests"), _("Granted"), _("Refused"), _("Waiting"),
             _("Decided within the term")],
            [[f"{r['source']} ({r['holder']})", r["total"], r["granted"], r["refused"],
              r["waiting"], r["in_time"]] for r in facts["requests"]],
        )  # fmt: skip
    if facts["outcomes"]:
        docx.add_table(
            document,
            [_("Outcome"), _("Involve"), _("Number")],
            [[r["outcome"], r["party"], r["count"]] for r in facts["outcomes"]],
        )
    if facts["gaps"]:
        document.add_paragraph(_("Municipalities without a known register:"))
        for row in facts["gaps"]:
            document.add_paragraph(_("%(kind)s: %(gaps)s of %(total)s") % row, style="List Bullet")


def _docx_bibob(document: Any, facts: dict[str, Any], made: Edition) -> None:
    docx.add_table(
        document,
        [_("Domain"), *(_("Q%(quarter)s") % {"quarter": q} for q in range(1, 5)), _("Total")],
        [[r["domain"], *r["quarters"], r["total"]] for r in facts["opened"]]
        + [[_("Total"), "", "", "", "", facts["total"]]],
    )
    docx.add_table(
        document,
        [_("What"), _("Screenings")],
        [[r["outcome"], r["count"]] for r in facts["decisions"]]
        + [[_("LBB advice requested"), facts["lbb_requests"]]]
        + [[_("Advice received: %(conclusion)s") % {"conclusion": r["conclusion"]}, r["count"]]
           for r in facts["lbb_conclusions"]]
        + [[_("Entered in the national Bibob register"), facts["registered"]]]
        + [[label, count] for label, count in facts.get("terms", [])],
    )  # fmt: skip
    document.add_paragraph(_policy_standing(facts))


def _docx_awareness(document: Any, facts: dict[str, Any], made: Edition) -> None:
    document.add_paragraph(
        ngettext(
            "%(counter)s session held of %(activities)s activities, with %(participants)s "
            "participants.",
            "%(counter)s sessions held of %(activities)s activities, with %(participants)s "
            "participants.",
            facts["sessions"],
        )
        % {
            "counter": facts["sessions"],
            "activities": facts["activities"],
            "participants": facts["participants"],
        }
    )
    if facts["reach"]:
        docx.add_table(
            document,
            [_("Target group"), _("Participants"), _("Size"), _("Share reached"),
             _("Members without a size")],
            [[r["group"], str(r["reached"]), r["size"], r["share"], str(r["unknown"])]
             for r in facts["reach"]],
        )  # fmt: skip
    if facts["campaigns"]:
        docx.add_table(
            document,
            [_("Campaign"), _("Period"), _("People reached")],
            [[r["title"], r["period"], r["people_reached"]] for r in facts["campaigns"]],
        )
    for row in facts["courses"]:
        document.add_paragraph(
            _("Learning module “%(title)s”: completions counting at the end of the period: "
              "%(completed)s (%(share)s of “%(group)s”).") % row
        )  # fmt: skip


def _policy_standing(facts: dict[str, Any]) -> str:
    said = ngettext(
        "Bibob policy recorded: %(recorded)s of %(counter)s member.",
        "Bibob policy recorded: %(recorded)s of %(counter)s members.",
        facts["members"],
    ) % {"recorded": facts["with_policy"], "counter": facts["members"]}
    if facts["below"] is not None:
        said += " " + ngettext(
            "%(counter)s member is below the agreed reference on at least one category.",
            "%(counter)s members are below the agreed reference on at least one category.",
            facts["below"],
        ) % {"counter": facts["below"]}
    return said


_DOCX_SECTIONS: dict[str, Callable[[Any, dict[str, Any], Edition], None]] = {
    "samenvatting": _docx_summary,
    "themas": _docx_themes,
    "indicatoren": _docx_indicators,
    "budget": _docx_budget,
    "scans": _docx_scans,
    "meldpunt": _docx_meldpunt,
    "informatiepositie": _docx_information,
    "bibob": _docx_bibob,
    "bewustwording": _docx_awareness,
}


# --- Made on the worker, or at once for the API --------------------------------------------------


def annual_report_document(
    user: Any,
    report: AnnualReport,
    version: AnnualReportVersion | None,
    kind: str,
    *,
    public: bool,
) -> tuple[bytes, str]:
    """The report as PDF or Word, and its file name (a draft is read with the user's
    access: only its composers have it made)."""
    made = edition(user, report, version, public=public)
    content = annual_report_pdf(made) if kind == "pdf" else annual_report_docx(made)
    name = slugify(report.organisation.name if report.organisation else report.partnership.name)
    which = DRAFT if version is None else f"v{version.number}"
    suffix = f"-{PUBLIC}" if public else ""
    return content, f"jaarverslag-{name}-{report.year}-{which}{suffix}.{kind}"


def chosen(user: Any, params: dict[str, str]) -> tuple[AnnualReport, AnnualReportVersion | None]:
    """The report and version the parameters name, for this user: 404 for what they may not
    have (a draft is for its composers only)."""
    report = selectors.get_annual_report_for(user, params.get("report"))
    if params.get("format") not in FORMATS or params.get("variant", "intern") not in VARIANTS:
        raise Http404
    if params.get("version", DRAFT) == DRAFT:
        if not can_compose_report(user, report.partnership):
            raise Http404
        return report, None
    return report, selectors.get_report_version(report, params.get("version"))


@long_document("insights.annual_report", label=gettext_lazy("Annual report"), check=chosen)
def annual_report_in_background(
    user: Any, params: dict[str, str], progress: Callable[[int], None]
) -> tuple[bytes, str]:
    report, version = chosen(user, params)
    progress(20)
    return annual_report_document(
        user, report, version, params["format"], public=params.get("variant") == PUBLIC
    )
