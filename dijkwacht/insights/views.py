"""The overviews: the home page (the dashboard of the partnership the user works in now), a
partnership's dashboard, and each of its figures as a download."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.exports.images import svg_to_png
from dijkwacht.insights import dashboard
from dijkwacht.insights.attention import attention
from dijkwacht.organisations import selectors
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate


def _partnership_context(request: HttpRequest, partnership: Partnership | None) -> dict:
    if partnership is None:
        return {"partnership": None}
    reader = dashboard.Reader(request.user, partnership, timezone.now())
    return {
        "partnership": partnership,
        "coordinates": can_coordinate(request.user, partnership),
        "attention": attention(reader),
        "sections": dashboard.sections(reader),
        "member_groups": selectors.partnership_member_groups(partnership),
        "map": selectors.partnership_map(partnership),
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
    partnership = selectors.get_partnership_for(request.user, pk)
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
