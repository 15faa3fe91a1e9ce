"""The overviews: the home page (the dashboard of the partnership the user works in now), a
partnership's dashboard and its map, the map of the Netherlands, and each figure as a download."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.exports.images import svg_to_png
from dijkwacht.insights import dashboard, layers, maps
from dijkwacht.insights.attention import attention
from dijkwacht.organisations import selectors
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate, is_platform_admin


def _partnership_context(request: HttpRequest, partnership: Partnership | None) -> dict:
    if partnership is None:
        return {"partnership": None}
    reader = dashboard.Reader(request.user, partnership, timezone.now())
    progress = maps.progress_indicator()
    return {
        "partnership": partnership,
        "coordinates": can_coordinate(request.user, partnership),
        "attention": attention(reader),
        "sections": dashboard.sections(reader),
        "member_groups": selectors.partnership_member_groups(reader.members),
        # With a running programme, the members coloured by their progress; else who they are.
        "progress_map": maps.indicator_map(reader, progress.key, maps.PARTNERSHIP, [progress])
        if reader.running_programmes
        else None,
        "map": None if reader.running_programmes else selectors.partnership_map(reader.members),
    }


@overview_page
def home(request: HttpRequest) -> HttpResponse:
    partnership = selectors.current_partnership(request)
    return render(
        request,
        "insights/home.html",
        {
            "partnerships": selectors.request_partnerships(request),
            **_partnership_context(request, partnership),
        },
    )


@overview_page
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.request_partnership(request, pk)
    return render(
        request, "insights/partnership_detail.html", _partnership_context(request, partnership)
    )


FIGURE_FORMATS = ("svg", "png", "csv")


@require_GET
def figure_download(request: HttpRequest, pk: int, key: str, fmt: str) -> HttpResponse:
    """One figure of the dashboard: its chart as SVG or PNG, its table as CSV (Dutch Excel).
    The same reader as the page, so the same suppression."""
    if fmt not in FIGURE_FORMATS:
        raise Http404
    partnership = selectors.get_partnership_for(request.user, pk)
    figure = dashboard.figure(request.user, partnership, key)
    filename = f"{slugify(partnership.name)}-{key}.{fmt}"
    if fmt == "csv":
        return attachment(csv_document(figure.header, figure.rows), filename)
    svg = render_to_string(
        figure.template, {"chart": figure.chart, "chart_id": key, "chart_title": figure.title}
    )
    if fmt == "svg":
        return attachment('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, filename)
    return attachment(svg_to_png(svg, figure.chart.width, figure.chart.height), filename)


SCOPE_LABELS = {
    maps.PARTNERSHIP: _("The partnership"),
    maps.PROVINCE: _("The whole province"),
}


def _map_page(request: HttpRequest, reader: dashboard.Reader, scopes: list[str]) -> HttpResponse:
    """The map of the indicator and scope asked for in the query string; an unknown one falls
    back to the first offered (a link from elsewhere may name one the reader does not get)."""
    scope = request.GET.get("gebied", "")
    scope = scope if scope in scopes else scopes[0]
    indicators = maps.indicators_for(reader, scope)
    keys = [i.key for i in indicators]
    key = request.GET.get("indicator", "")
    key = key if key in keys else keys[0]
    indicator_map = maps.indicator_map(reader, key, scope, indicators)
    return render(
        request,
        "insights/map.html",
        {
            "partnership": reader.partnership,
            "indicators": indicators,
            "scopes": [(s, SCOPE_LABELS.get(s, _("The Netherlands"))) for s in scopes],
            "scope": scope,
            "chosen": key,
            "map": indicator_map,
            "layers": indicator_map
            and layers.overlay(request.user, request.GET.getlist("laag"), indicator_map.view_box),
        },
    )


@overview_page
@require_GET
def partnership_map(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.request_partnership(request, pk)
    reader = dashboard.Reader(request.user, partnership, timezone.now())
    return _map_page(request, reader, [maps.PARTNERSHIP, maps.PROVINCE])


@overview_page
@require_GET
def national_map(request: HttpRequest) -> HttpResponse:
    """All 342 municipalities, for platform admins (anyone else: 404)."""
    if not is_platform_admin(request.user):
        raise Http404
    reader = dashboard.Reader(request.user, None, timezone.now())
    return _map_page(request, reader, [maps.COUNTRY])


# --- Indicators ------------------------------------------------------------------------------
