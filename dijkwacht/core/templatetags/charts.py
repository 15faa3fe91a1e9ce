"""The repeated marks of a chart in one go (`core.charts`): a dashboard draws a bar per
organisation and a column per quarter, and a template loop costs more per mark than the
arithmetic behind it. The chart's frame stays in its template (`core/_bar_chart.html`, …)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from dijkwacht.core.charts import BarChart, LineChart, SmallMultiples
from dijkwacht.core.markup import markup, markup_join

register = template.Library()


@register.simple_tag
def bar_chart_marks(chart: BarChart) -> SafeString:
    """The scale's ticks, then per row its label, its bar (none without a value) and its
    value as text, the row's full label as its tooltip."""
    ticks = markup_join(
        '<line x1="{0}" x2="{0}" y1="4" y2="{1}" stroke="#c8c8c8" stroke-width="1"/>'
        '<text x="{0}" y="{2}" text-anchor="middle" fill="#333">{3}</text>\n  ',
        ((tick.position, chart.bottom, tick.text_at, tick.text) for tick in chart.ticks),
    )
    bars = markup_join(
        '<g><title>{}: {}</title><text x="{}" y="{}" text-anchor="end" fill="#1a1a1a">{}</text>'
        '{}<text x="{}" y="{}" fill="#1a1a1a">{}</text></g>\n  ',
        (
            (
                bar.title,
                bar.text,
                chart.label_x,
                bar.baseline,
                bar.label,
                markup(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="#154273"/>',
                    chart.left,
                    bar.y,
                    bar.length,
                    chart.bar_height,
                )
                if bar.length
                else "",
                bar.text_x,
                bar.baseline,
                bar.text,
            )
            for bar in chart.bars
        ),
    )
    return ticks + bars


@register.simple_tag
def small_multiples_panels(chart: SmallMultiples) -> SafeString:
    """Per panel its title, its baseline and per column its bar (none at zero), its value
    above and its label below."""
    return markup_join(
        '<g transform="translate({} {})">\n    <text x="10" y="14" font-size="12"'
        ' font-weight="bold" fill="#1a1a1a">{}</text>\n    <line x1="10" x2="{}" y1="{}" y2="{}"'
        ' stroke="#757575" stroke-width="1"/>\n    {}</g>\n  ',
        (
            (
                panel.x,
                panel.y,
                panel.title,
                chart.axis_end,
                chart.baseline,
                chart.baseline,
                markup_join(
                    '{}<text x="{}" y="{}" text-anchor="middle" fill="#1a1a1a">{}</text>'
                    '<text x="{}" y="{}" text-anchor="middle" fill="#333">{}</text>\n    ',
                    (
                        (
                            markup(
                                '<rect x="{}" y="{}" width="{}" height="{}" fill="#154273"/>',
                                column.x,
                                column.y,
                                column.width,
                                column.height,
                            )
                            if column.height
                            else "",
                            column.centre,
                            column.text_y,
                            column.text,
                            column.centre,
                            chart.label_y,
                            column.label,
                        )
                        for column in panel.columns
                    ),
                ),
            )
            for panel in chart.panels
        ),
    )


# A series' marker, told apart without colour: a point's shape per `charts.MARKERS`.
_MARKS = {
    "circle": '<circle cx="{0.x}" cy="{0.y}" r="3.5"/>',
    "circle-open": '<circle cx="{0.x}" cy="{0.y}" r="3.5" fill="#fff" stroke-width="1.5"/>',
    "square": '<rect x="{0.corner_x}" y="{0.corner_y}" width="7" height="7"/>',
    "square-open": '<rect x="{0.corner_x}" y="{0.corner_y}" width="7" height="7" fill="#fff"'
    ' stroke-width="1.5"/>',
    "triangle": '<polygon points="{0.triangle}"/>',
}
_DIAMOND = '<polygon points="{0.diamond}"/>'


@register.simple_tag
def line_chart_marks(chart: LineChart) -> SafeString:
    """The grid with its percentages, the labels along the bottom, then per series its line
    (dashed its own way), a marker per point and its name at the right edge."""
    grid = markup_join(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c8c8c8" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" fill="#333">{}</text>\n  ',
        (
            (chart.left, chart.right, t.position, t.position, chart.axis_text_x, t.text_at, t.text)
            for t in chart.y_ticks
        ),
    )
    labels = markup_join(
        '<text x="{}" y="{}" text-anchor="{}" fill="#333">{}</text>\n  ',
        ((t.position, t.text_at, t.anchor, t.text) for t in chart.x_ticks),
    )
    lines = markup_join(
        '<g stroke="{0}" fill="{0}">\n    <polyline points="{1}" fill="none" stroke-width="2"{2}/>'
        '\n    {3}\n    <text x="{4}" y="{5}" stroke="none">{6}</text>\n  </g>\n  ',
        (
            (
                line.colour,
                line.polyline,
                markup(' stroke-dasharray="{}"', line.dash) if line.dash else "",
                # The points' coordinates are numbers: nothing in them to escape.
                mark_safe(  # noqa: S308
                    "".join(
                        _MARKS.get(line.marker, _DIAMOND).format(point) for point in line.points
                    )
                ),
                line.label_x,
                line.label_y,
                line.name,
            )
            for line in chart.series
        ),
    )
    return grid + labels + lines
