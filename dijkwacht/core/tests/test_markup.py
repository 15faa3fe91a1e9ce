"""`core.markup` writes what `format_html` writes, only faster: every value escaped, markup
kept as it is, numbers as text."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from dijkwacht.core.markup import markup, markup_join

VALUES = [
    "<script>alert('x')</script> & \"zo\"",
    mark_safe("<b>al opgemaakt</b>"),
    gettext_lazy("no data"),
    12.5,
    7,
    None,
]


def test_markup_escapes_as_format_html_does():
    template = "<p title='{}'>{}{}{}{}{}</p>"
    written = markup(template, *VALUES)
    assert written == format_html(template, *VALUES)
    assert isinstance(written, SafeString)
    assert "<script>" not in written and "<b>al opgemaakt</b>" in written


def test_markup_join_is_format_html_join_without_a_separator():
    rows = [("<a>", 1.5), (mark_safe("&nbsp;"), "ja & nee")]
    assert markup_join("<td>{}</td><td>{}</td>", rows) == format_html_join(
        "", "<td>{}</td><td>{}</td>", rows
    )
