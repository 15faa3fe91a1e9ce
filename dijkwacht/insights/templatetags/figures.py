"""The repeated parts of the dashboard and the maps in one go: the national map draws 342
municipalities and lists them in its table, and a template loop costs more per area or cell
than the figures themselves."""

import datetime

from django import template
from django.utils.safestring import SafeString

from dijkwacht.core.markup import markup, markup_join
from dijkwacht.insights.indicators import period_label

register = template.Library()

# The lines around an area: darker around the areas the map is about.
MEMBER_LINE, NEIGHBOUR_LINE = "#4b4b4b", "#c8c8c8"


@register.filter
def period(day: datetime.date | None, period_type: str) -> str:
    """A period as its indicator names it ("2024", "2024 K3", "mrt 2024"); "" for none."""
    return period_label(day, period_type) if day else ""


@register.simple_tag
def map_areas(indicator_map) -> SafeString:
    """A `<path>` per area of a `maps.IndicatorMap`, each value escaped. An area on the map is
    focusable and carries its value for the readout; a neighbour is only drawn."""
    stroke = indicator_map.stroke
    return markup_join(
        '<path class="dw-choropleth__area{}" d="{}" fill="{}" stroke="{}" stroke-width="{}"'
        ' fill-rule="evenodd"{}><title>{}</title></path>',
        (
            (
                "" if area.on_map else " dw-choropleth__area--neighbour",
                area.path,
                area.fill,
                MEMBER_LINE if area.on_map else NEIGHBOUR_LINE,
                stroke,
                markup(' tabindex="0" role="img" data-value="{}"', area.text)
                if area.on_map
                else "",
                area.text,
            )
            for area in indicator_map.areas
        ),
    )


@register.simple_tag
def map_rows(indicator_map) -> SafeString:
    """The map's table: per area on the map its name, value and class ("—" without one)."""
    return markup_join(
        '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{}</th>'
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>'
        '<td class="utrecht-table__cell">{}</td></tr>',
        ((row.name, row.value, row.band or "—") for row in indicator_map.rows),
    )


@register.simple_tag
def figure_rows(figure) -> SafeString:
    """A `dashboard.Figure`'s table body: each row's first cell heads the row, the others are
    figures."""
    return markup_join(
        '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{}</th>'
        "{}</tr>",
        (
            (
                first,
                markup_join(
                    '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>',
                    ((cell,) for cell in rest),
                ),
            )
            for first, *rest in figure.rows
        ),
    )
