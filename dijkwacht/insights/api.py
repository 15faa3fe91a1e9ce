"""Insights in the API: the dashboard (the same sections and figures as the page, under the
same permissions and suppression: a count of 1–4 reads "<5" for whoever may not see the
records), the indicators with their values, kept through the same services as the pages, and
the annual reports with their documents."""

import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.prechecks import permission_first, permitted
from dijkwacht.api.schemas import CREATE_ERRORS, LIST_ERRORS, WRITE_ERRORS, Problem, Strict, Text
from dijkwacht.core.http import problem
from dijkwacht.exports.download import attachment
from dijkwacht.insights import dashboard, documents, services
from dijkwacht.insights import selectors as insights_selectors
from dijkwacht.insights.indicator_files import MAX_ROWS, RawRow
from dijkwacht.insights.models import Indicator, Level, PeriodType, Polarity, Unit
from dijkwacht.insights.permissions import can_edit_indicator
from dijkwacht.organisations import selectors

router = Router(tags=["inzichten"])


class FigureOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]


class DashboardOut(Schema):
    partnership: str
    generated_at: datetime.datetime
    sections: list[SectionOut]


@router.get(
    "/partnerships/{slug}/dashboard",
    response={200: DashboardOut, 401: Problem, 404: Problem},
    summary="Het dashboard van een samenwerkingsverband: de cijfers per onderdeel",
    description=(
        "Per onderdeel (programma's, scans, meldpunt, …) de figuren van het dashboard, elk als "
        "tabel: kolomnamen en rijen zoals het scherm ze toont. Kleine aantallen (1–4) staan er "
        "als `<5` voor wie de onderliggende gegevens niet mag zien."
    ),
)
def get_dashboard(request: HttpRequest, slug: str):
    partnership = selectors.get_partnership_by_slug_for(request.user, slug)
    now = timezone.now()
    reader = dashboard.Reader(request.user, partnership, now)
    return {
        "partnership": partnership.slug,
        "generated_at": now,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "figures": [
                    {"key": f.key, "title": f.title, "columns": f.header, "rows": f.rows}
                    for f in section.figures
                ],
            }
            for section in dashboard.sections(reader)
        ],
    }


# --- Indicators -------------------------------------------------------------------------------


class SourceOut(Schema):
    name: str = Field(..., description="Wie de cijfers publiceert, en waar.")
    url: str = Field(..., description="Link naar de bron (leeg als die er niet is).")
    licence: str = Field(..., description="Licentie of gebruiksvoorwaarden.")
    date: datetime.date | None = Field(..., description="Datum van de bron.")


class IndicatorOut(Schema):
    id: int
    name: str
    definition: str
    unit: Unit = Field(..., description="Eenheid van de waarden.")
    decimals: int = Field(..., description="Aantal decimalen waarmee waarden worden getoond.")
    period_type: PeriodType = Field(..., description="Per jaar, kwartaal of maand.")
    level: Level = Field(..., description="Het fijnste gebied waarvoor waarden bestaan.")
    polarity: Polarity = Field(..., description="Of hoger beter of slechter is.")
    suppress_small: bool = Field(..., description="Aantallen 1–4 verschijnen als `<5`.")
    measures_population: bool = Field(
        ..., description="Inwonertallen: de noemer van 'per 10.000 inwoners'."
    )
    fictitious: bool = Field(..., description="Verzonnen voorbeeldcijfers (demonstratie).")
    partnership: str | None = Field(
        ..., description="Slug van het samenwerkingsverband; leeg voor een landelijk cijfer."
    )
    source: SourceOut

    @staticmethod
    def resolve_partnership(obj: Indicator) -> str | None:
        return obj.partnership.slug if obj.partnership else None

    @staticmethod
    def resolve_source(obj: Indicator) -> dict:
        return {
            "name": obj.source_name,
            "url": obj.source_url,
            "licence": obj.source_licence,
            "date": obj.source_date,
        }


class IndicatorIn(Strict):
    name: Text = Field(..., min_length=1, max_length=200)
    definition: Text = Field(..., min_length=1, max_length=5000)
    unit: Unit
    decimals: int = Field(0, ge=0, le=4)
    period_type: PeriodType = PeriodType.YEAR
    level: Level = Level.MUNICIPALITY
    polarity: Polarity = Polarity.NEUTRAL
    suppress_small: bool = False
    measures_population: bool = False
    fictitious: bool = False
    source_name: Text = Field(..., min_length=1, max_length=300)
    source_url: Text = Field("", max_length=500)
    source_licence: Text = Field("", max_length=100)
    source_date: datetime.date | None = None
    partnership: str | None = Field(
        None,
        pattern=r"^[-a-z0-9_]+$",
        max_length=200,
        description="Slug van het samenwerkingsverband (coördinator); leeg: landelijk (beheerder).",
    )


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **LIST_ERRORS},
    summary="Indicatoren",
)
def list_indicators(request: HttpRequest, response: HttpResponse, query: Query[PageQuery]):
    """De landelijke indicatoren en die van de samenwerkingsverbanden waarin je werkt."""
    return page_of(request, response, insights_selectors.indicator_list_for(request.user), query)


@router.post(
    "/indicators",
    response={201: IndicatorOut, **CREATE_ERRORS, 404: Problem},
    summary="Een indicator toevoegen",
)
def create_indicator(request: AuthenticatedHttpRequest, body: IndicatorIn):
    """Een landelijke indicator (platformbeheerders) of een van een samenwerkingsverband
    (zijn coördinatoren). Waarden volgen met `PUT /indicators/{id}/values`."""
    values: dict[str, Any] = body.model_dump()
    slug = values.pop("partnership")
    partnership = selectors.get_partnership_by_slug_for(request.user, slug) if slug else None
    indicator = services.indicator_create(actor=request.user, partnership=partnership, **values)
    return Status(201, indicator)


class ValueOut(Schema):
    code: str = Field(..., description="CBS-code (GM0153, PV23), NL01 of de slug.")
    period: str = Field(..., description="`2024`, `2024-K3` of `2024-03`.")
    value: float | None = Field(..., description="De waarde; leeg als die is afgeschermd.")
    suppressed: bool = Field(..., description="Een aantal van 1–4, afgeschermd als `<5`.")


class ValueIn(Schema):
    code: Text = Field(..., min_length=1, max_length=200)
    period: Text | int = Field(..., description="`2024`, `2024-K3` of `2024-03`.")
    value: float | Text = Field(..., description="Een getal (ook als tekst, `12,5`).")


class ValuesIn(Strict):
    values: list[ValueIn] = Field(..., max_length=MAX_ROWS)


class ValuesWritten(Schema):
    written: int
    removed: int


def _indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    return insights_selectors.get_indicator_for(request.user, indicator_id)


def _editable_indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    """404 for an indicator the user does not see, 403 for one they may not keep."""
    indicator = _indicator(request, indicator_id)
    if not can_edit_indicator(request.user, indicator):
        raise PermissionDenied(_("Only who keeps the indicator changes its values."))
    return indicator


@router.get(
    "/indicators/{indicator_id}/values",
    response={200: list[ValueOut], 404: Problem, **LIST_ERRORS},
    summary="De waarden van een indicator",
)
@permission_first(_indicator)
def list_indicator_values(
    request: HttpRequest, response: HttpResponse, indicator_id: int, query: Query[PageQuery]
):
    """Per gebied en periode, op volgorde van periode en gebied. Aantallen van 1–4 zijn
    afgeschermd (`suppressed`) voor wie de indicator niet beheert, als de indicator dat vraagt."""
    indicator = permitted(request, _indicator, indicator_id)
    rows = page_of(request, response, insights_selectors.value_list(indicator), query)
    return insights_selectors.values_out(request.user, indicator, rows)


@router.put(
    "/indicators/{indicator_id}/values",
    response={200: ValuesWritten, **WRITE_ERRORS},
    summary="Alle waarden van een indicator vervangen",
)
@permission_first(_editable_indicator)
def put_indicator_values(request: AuthenticatedHttpRequest, indicator_id: int, body: ValuesIn):
    """Vervangt alle waarden door de meegestuurde, na dezelfde controles als de import: een
    onbekende code, een periode die niet bij de indicator past, iets dat geen getal is, of een
    gebied en periode die twee keer voorkomen. Bij één fout wordt niets geschreven en noemt
    `invalidParams` elke fout (`values[3]`)."""
    indicator = permitted(request, _editable_indicator, indicator_id)
    rows = [
        RawRow(index, value.code, value.period, value.value)
        for index, value in enumerate(body.values)
    ]
    try:
        done = services.indicator_values_import(
            actor=request.user, indicator=indicator, rows=rows, replace_all=True
        )
    except services.ValuesRejected as rejected:
        return problem(
            request,
            422,
            _("Invalid input"),
            _("No value has been written."),
            invalidParams=[
                {"name": f"values[{p.row}]" if p.row is not None else "values", "reason": p.message}
                for p in rejected.problems
            ],
        )
    return {"written": done.written, "removed": done.removed}


# --- Annual reports ---------------------------------------------------------------------------


class AnnualReportOut(Schema):
    id: int
    partnership: str = Field(description="De slug van het samenwerkingsverband.")
    organisation: int | None = Field(description="De organisatie, bij het verslag van één lid.")
    year: int
    title: str
    status: str = Field(description="`draft` (nog niet gepubliceerd) of `published`.")
    versions: int = Field(description="Het aantal gepubliceerde versies.")
    published_at: datetime.datetime | None


def _report_out(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "partnership": report.partnership.slug,
        "organisation": report.organisation_id,
        "year": report.year,
        "title": report.title,
        "status": "published" if report.published_at else "draft",
        "versions": report.version_count,
        "published_at": report.published_at,
    }


@router.get(
    "/reports/annual",
    response={200: list[AnnualReportOut], **LIST_ERRORS},
    summary="Jaarverslagen",
    description=(
        "De jaarverslagen die je mag lezen: gepubliceerde van je samenwerkingsverbanden, en de "
        "concepten van de samenwerkingsverbanden die je coördineert."
    ),
)
def list_annual_reports(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    rows = page_of(request, response, insights_selectors.annual_reports_for(request.user), pages)
    return [_report_out(r) for r in rows]


class DocumentFormat(StrEnum):
    pdf = "pdf"
    docx = "docx"


class Variant(StrEnum):
    intern = "intern"
    openbaar = "openbaar"


def _readable_report(request: HttpRequest, report_id: Any) -> Any:
    return insights_selectors.get_annual_report_for(request.user, report_id)


@router.get(
    "/reports/annual/{report_id}",
    response={200: None, 401: Problem, 404: Problem},
    summary="Een jaarverslag als PDF of Word",
    description=(
        "De laatst gepubliceerde versie, of met `version` een eerdere. Zonder gepubliceerde "
        "versie krijgt een coördinator het concept zoals het nu luidt. `variant=openbaar` laat "
        "de namen van personen weg; kleine aantallen zijn in elke versie onderdrukt."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Het document.",
                "content": {
                    "application/pdf": {},
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                },
            }
        }
    },
)
@permission_first(_readable_report)
def get_annual_report(
    request: HttpRequest,
    report_id: int,
    format: DocumentFormat = DocumentFormat.pdf,
    version: int | None = Query(None, description="Het versienummer; standaard de laatste."),
    variant: Variant = Variant.intern,
):
    report = permitted(request, _readable_report, report_id)
    if version is None:
        latest = insights_selectors.report_versions(report).first()
        number = str(latest.number) if latest else documents.DRAFT
    else:
        number = str(version)
    params = {"report": str(report.pk), "version": number, "format": format.value}
    found, chosen_version = documents.chosen(request.user, {**params, "variant": variant.value})
    return attachment(
        *documents.annual_report_document(
            request.user, found, chosen_version, format.value, public=variant == Variant.openbaar
        )
    )
