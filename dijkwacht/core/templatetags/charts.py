"""The repeated marks of a chart in one go (`core.charts`): a dashboard draws a bar per
organisation and a column per quarter, and a template loop costs more per mark than the
arithmetic behind it. The chart's frame stays in its template (`core/_bar_chart.html`, …)."""

from django import template
from django.utils.safestring import SafeString

from dijkwacht.core.charts import BarChart, SmallMultiples
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
