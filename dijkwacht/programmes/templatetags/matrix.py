"""The matrix cell, built in Python rather than as a template fragment: a matrix has thousands
of cells, and one small function renders them an order of magnitude faster than a template
include would. The full-page and the htmx responses use this same function."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dijkwacht.programmes.selectors import Cell

register = template.Library()


@register.simple_tag
def matrix_cell(programme_id: int, cell: Cell, just_saved: bool = False) -> SafeString:
    ids = (programme_id, cell.action_id, cell.organisation_id)
    edit_url = reverse("programmes:cell_edit", args=ids)
    history_url = reverse("programmes:cell_history", args=ids)
    dom_id = f"cell-{cell.action_id}-{cell.organisation_id}"
    parts = [
        format_html(
            '<span class="dw-status dw-status--{}"><span aria-hidden="true">{}</span> {}</span>',
            cell.style.css,
            cell.style.symbol,
            cell.label,
        )
    ]
    if cell.stale:
        parts.append(format_html('<span class="dw-stale">{}</span>', _("no input")))
    if cell.planned_period:
        parts.append(format_html('<span class="dw-cell__period">{}</span>', cell.planned_period))
    links = []
    if cell.editable:
        links.append(
            format_html(
                '<a class="utrecht-link utrecht-link--html-a" href="{}" hx-get="{}" '
                'hx-target="#{}" hx-swap="outerHTML">{}</a>',
                edit_url,
                edit_url,
                dom_id,
                _("Update"),
            )
        )
    links.append(
        format_html(
            '<a class="utrecht-link utrecht-link--html-a" href="{}">{}</a>',
            history_url,
            _("History"),
        )
    )
    parts.append(format_html('<span class="dw-cell__links">{}</span>', SafeString(" ".join(links))))
    if just_saved:
        parts.append(format_html('<span class="dw-saved" role="status">{}</span>', _("Saved")))
    return format_html(
        '<div class="dw-cell" id="{}">{}</div>',
        dom_id,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
