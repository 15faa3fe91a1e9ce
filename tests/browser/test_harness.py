"""The checks check: a page with a known accessibility fault and inline script and style must
be caught by the same helpers the page tests use. Otherwise a clean report proves nothing."""

from dataclasses import replace

from playwright.sync_api import Page

BAD_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Fout</title>
<style>main { color: red; }</style></head>
<body><main><h1>Fout</h1><img src="/static/dijkwacht/favicon.svg">
<p style="color: blue">inline</p><script>document.title = "inline script ran";</script>
</main></body></html>"""


def test_axe_and_the_csp_listener_catch_faults(
    page: Page, live_server, render_error_page, serve, accessibility_problems, console
):
    # The CSP header as Django sends it for an error page, on a page that breaks it.
    error_page = render_error_page("500.html", 500)
    assert any("script-src 'self'" in value for value in error_page.headers.values())
    response = page.goto(serve("/kapot-test/", replace(error_page, status=200, body=BAD_PAGE)))
    assert response is not None
    assert "script-src" in response.headers["content-security-policy"]

    assert page.title() == "Fout", "the CSP must have blocked the inline script"
    problems = "\n".join(accessibility_problems("bad page"))
    assert "image-alt" in problems
    assert "<img" in problems, "the failing element is shown"
    assert "CSP violation" in problems
    assert "inline" in problems
    # The page fixture fails any test with CSP errors; this one provoked them on purpose.
    console.errors.clear()
