"""The cells of an indicator's table in one go: a page shows hundreds of values (members ×
ten periods), and a template loop costs more per cell than the figures themselves."""

from django import template
from django.utils.safestring import SafeString

from dijkwacht.core.markup import markup_join

register = template.Library()


@register.simple_tag
def value_cells(row) -> SafeString:
    """`<td>` per period of a `selectors.AreaRow`, each value escaped."""
    return markup_join(
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>',
        ((cell.text,) for cell in row.cells),
    )
