"""Indicators: the list, an indicator's page with its trend and comparison, keeping an
indicator, and its values by file (and back as a file)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from dijkwacht.core.charts import Series, value_line_chart
from dijkwacht.core.forms import refuse_large_uploads
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.insights import dashboard, maps, services
from dijkwacht.insights import selectors as insights_selectors
from dijkwacht.insights.forms import IndicatorForm, ValuesUploadForm
from dijkwacht.insights.indicators import value_text
from dijkwacht.insights.models import Indicator, Level, Unit
from dijkwacht.insights.permissions import can_edit_indicator
from dijkwacht.insights.services import FIELDS
from dijkwacht.organisations import selectors
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import is_platform_admin


def _chosen_partnership(request: HttpRequest, indicator: Indicator) -> Partnership | None:
    """The partnership an indicator is read for: its own, or (a national one) the one asked
    for in the query string among the reader's, else the one they work in now."""
    if indicator.partnership is not None:
        return indicator.partnership
    asked = request.GET.get("samenwerkingsverband", "")
    for partnership in selectors.request_partnerships(request):
        if str(partnership.pk) == asked:
            return partnership
    return selectors.current_partnership(request)


@overview_page
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    indicators = list(insights_selectors.indicator_list_for(request.user))
    partnership = selectors.current_partnership(request)
    coordinated = list(selectors.coordinated_partnerships(request.user))
    return render(
        request,
        "insights/indicator_list.html",
        {
            "national": [i for i in indicators if i.partnership_id is None],
            "own": [i for i in indicators if i.partnership_id is not None],
            "partnership": partnership,
            "computed": _computed_indicators(request, partnership),
            "may_create": is_platform_admin(request.user) or bool(coordinated),
        },
    )


def _computed_indicators(request: HttpRequest, partnership: Partnership | None) -> list:
    """The figures Dijkwacht computes from its own modules, as the map offers them to this
    reader for the partnership they work in now."""
    if partnership is None:
        return []
    reader = dashboard.Reader(request.user, partnership, timezone.now())
    return [i for i in maps.indicators_for(reader, maps.PARTNERSHIP) if i.computed]


@overview_page
@require_GET
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = insights_selectors.get_indicator_for(request.user, pk)
    partnership = _chosen_partnership(request, indicator)
    figures = insights_selectors.indicator_figures(request.user, indicator, partnership)
    lines = _chart_lines(indicator, figures)
    chart = (
        value_line_chart(
            figures.labels,
            [Series(row.name, [c.number for c in row.cells]) for row in lines],
            tick_text=lambda v, decimals: value_text(v, indicator.unit, decimals),
        )
        if figures.periods and lines
        else None
    )
    on_map = (
        partnership is not None
        and indicator.level == Level.MUNICIPALITY
        and any(c.number is not None or c.text == "<5" for r in figures.members for c in r.cells)
    )
    return render(
        request,
        "insights/indicator_detail.html",
        {
            "indicator": indicator,
            "figures": figures,
            "chart": chart,
            "lines": lines,
            "compared": [row for row in figures.comparison if row not in lines],
            "partnerships": selectors.request_partnerships(request)
            if indicator.partnership_id is None
            else [],
            "partnership": partnership,
            "may_edit": can_edit_indicator(request.user, indicator),
            "map_key": maps.stored_key(indicator) if on_map else "",
        },
    )


def _chart_lines(
    indicator: Indicator, figures: insights_selectors.IndicatorFigures
) -> list[insights_selectors.AreaRow]:
    """The rows a chart can compare on one scale. Rates and shares: the partnership, its
    provinces and the country. Counts grow with the area, so one level: the partnership's
    own figure, else (a figure above the municipalities) the country's, else the members
    with values (at most six)."""
    with_values = [r for r in figures.members if any(c.number is not None for c in r.cells)]
    if indicator.unit != Unit.COUNT:
        return figures.comparison or with_values[:6]
    for kind in (Level.PARTNERSHIP, Level.COUNTRY):
        rows = [r for r in figures.comparison if r.kind == kind]
        if rows and (kind == Level.PARTNERSHIP or indicator.level != Level.MUNICIPALITY):
            return rows
    return with_values[:6]


@require_GET
def indicator_values_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Every value of the indicator, as the import reads them (code;naam;periode;waarde)."""
    indicator = insights_selectors.get_indicator_for(request.user, pk)
    rows = insights_selectors.value_rows(request.user, indicator)
    return attachment(
        csv_document(["code", "naam", "periode", "waarde"], rows),
        f"indicator-{indicator.pk}-{slugify(indicator.name)[:60]}.csv",
    )


def _indicator_form_context(request: HttpRequest) -> dict:
    return {
        "partnerships": list(selectors.coordinated_partnerships(request.user)),
        "national": is_platform_admin(request.user),
    }


def indicator_create(request: HttpRequest) -> HttpResponse:
    owners = _indicator_form_context(request)
    if not owners["national"] and not owners["partnerships"]:
        raise Http404
    form = IndicatorForm(request.POST or None, **owners)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            indicator = services.indicator_create(
                actor=request.user, partnership=form.owner_partnership(), **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The indicator has been created. Now add its values."))
            return redirect("insights:indicator_values", indicator.pk)
    return render(request, "insights/indicator_form.html", {"form": form, "indicator": None})


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = insights_selectors.get_indicator_for(request.user, pk)
    if not can_edit_indicator(request.user, indicator):
        raise Http404
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            services.indicator_update(actor=request.user, indicator=indicator, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("insights:indicator_detail", indicator.pk)
    return render(request, "insights/indicator_form.html", {"form": form, "indicator": indicator})


def indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file of values: every row is checked first; with any problem, nothing is
    written and each problem is listed with its row."""
    indicator = insights_selectors.get_indicator_for(request.user, pk)
    if not can_edit_indicator(request.user, indicator):
        raise Http404
    form = refuse_large_uploads(
        ValuesUploadForm(request.POST or None, request.FILES or None), request, "file"
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.indicator_values_import(
                actor=request.user,
                indicator=indicator,
                rows=form.cleaned_data["file"],
                replace_all=form.cleaned_data["replace_all"],
            )
        except services.ValuesRejected as rejected:
            form.show_problems(rejected.problems)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s value has been saved.",
                    "%(count)s values have been saved.",
                    done.written,
                )
                % {"count": done.written},
            )
            return redirect("insights:indicator_detail", indicator.pk)
    return render(
        request,
        "insights/indicator_values.html",
        {"form": form, "indicator": indicator, "example": _example_rows(indicator)},
    )


def _example_rows(indicator: Indicator) -> list[tuple[str, str, str]]:
    period = {"year": "2024", "quarter": "2024-K3", "month": "2024-03"}[indicator.period_type]
    code = {
        Level.MUNICIPALITY: "GM0153",
        Level.PROVINCE: "PV23",
        Level.PARTNERSHIP: indicator.partnership.slug if indicator.partnership else "NL01",
        Level.COUNTRY: "NL01",
    }[indicator.level]  # type: ignore[index]
    return [("code", "periode", "waarde"), (code, period, "12,5")]
