"""The matrix cells and rows, built in Python rather than as template fragments: a matrix has
thousands of cells, and plain string building renders them an order of magnitude faster than
template loops and includes (see bench/run.py). The full page and the htmx responses use the
same functions, so a cell looks the same however it arrives."""

import html

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dijkwacht.programmes import progress
from dijkwacht.programmes.models import Status
from dijkwacht.programmes.selectors import Cell, Matrix

register = template.Library()


class _Texts:
    """Translated words and the programme's URL prefix, looked up once per render."""

    def __init__(self, programme_id: int) -> None:
        self.base = reverse("programmes:matrix", args=[programme_id])
        self.no_input = escape(_("no input"))
        self.stale = f'<span class="dw-stale">{self.no_input}</span>'
        # What a click on a cell does, for screen readers (the cell shows only its status).
        self.update = f'<span class="dw-visually-hidden">: {escape(_("Update"))}</span>'
        self.history = f'<span class="dw-visually-hidden">: {escape(_("History"))}</span>'
        self.saved = escape(_("Saved"))
        self.no_part = escape(_("takes no part"))
        self.without_theme = escape(_("Actions without a theme"))
        self.action_base = reverse("programmes:action_detail", args=[0]).removesuffix("0/")
        # A cell's status as shown, per status: six translations per render, not one per cell.
        self.status = {
            status: f'<span aria-hidden="true">{style.symbol}</span> {escape(Status(status).label)}'
            for status, style in progress.STYLES.items()
        }


def _cell_html(texts: _Texts, cell: Cell, just_saved: bool = False) -> str:
    """One f-string per cell with the words made once per render (`_Texts`): a matrix of
    6,000 cells is rebuilt after every change.

    The cell is filled with its status colour and shows its symbol and word; the whole cell is
    one link: to its editor, opened in place (htmx), for who may update it, otherwise to its
    history."""
    ids = f"{cell.action_id}/{cell.organisation_id}/"
    stale = texts.stale if cell.stale else ""
    period = (
        f'<span class="dw-cell__period">{html.escape(cell.planned_period)}</span>'
        if cell.planned_period
        else ""
    )
    # The swap target and style come from the surrounding element (htmx inherits hx-target
    # and hx-swap), which keeps each of the thousands of cells small.
    if cell.editable:
        link = f'<a class="dw-cell__open" href="{texts.base}{ids}" hx-get="{texts.base}{ids}">'
        action = texts.update
    else:
        link = f'<a class="dw-cell__open" href="{texts.base}{ids}geschiedenis/">'
        action = texts.history
    saved = f'<span class="dw-saved" role="status">{texts.saved}</span>' if just_saved else ""
    return (
        f'<div class="dw-cell dw-status--{progress.STYLES[cell.status].css}" '
        f'id="cell-{cell.action_id}-{cell.organisation_id}">'
        f"{link}{texts.status[cell.status]}{action}</a>{stale}{period}{saved}</div>"
    )


@register.simple_tag
def matrix_cell(programme_id: int, cell: Cell, just_saved: bool = False) -> SafeString:
    """One cell. Its container carries `hx-target="closest .dw-cell" hx-swap="outerHTML"`."""
    return mark_safe(_cell_html(_Texts(programme_id), cell, just_saved))  # noqa: S308 - escaped


@register.simple_tag
def matrix_body(matrix: Matrix) -> SafeString:
    """Every `<tbody>` of the matrix: a theme row, then a row per action."""
    texts = _Texts(matrix.programme.pk)
    span = len(matrix.organisations) + 1
    empty = (
        '<td class="utrecht-table__cell"><span class="dw-muted">—<span class="dw-visually-hidden">'
        f" {texts.no_part}</span></span></td>"
    )
    out: list[str] = []
    for group in matrix.groups:
        title = escape(group.theme.title) if group.theme else texts.without_theme
        out.append(
            f'<tbody class="utrecht-table__body"><tr class="dw-matrix__theme">'
            f'<th scope="colgroup" colspan="{span}">{title}</th></tr>'
        )
        for row in group.rows:
            action = row.action
            number = f"{escape(action.number)} " if action.number else ""
            out.append(
                f'<tr class="utrecht-table__row"><th class="utrecht-table__header-cell '
                f'dw-matrix__action" scope="row"><a class="utrecht-link utrecht-link--html-a" '
                f'href="{texts.action_base}{action.pk}/">{number}{escape(action.title)}</a>'
                + "".join(f'<br><span class="dw-muted">{escape(note)}</span>' for note in row.notes)
                + "</th>"
            )
            for cell in row.cells:
                if cell is None:
                    out.append(empty)
                else:
                    out.append(f'<td class="utrecht-table__cell">{_cell_html(texts, cell)}</td>')
            out.append("</tr>")
        out.append("</tbody>")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
