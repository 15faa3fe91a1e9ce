"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
`live_server`.

- Every test under `tests/browser/` is marked `browser` (run them with `make test-browser`)
  and `xdist_group("browser")`, so `make test -n 2 --dist loadgroup` keeps them on one worker.
- The browser is Debian's Chromium at /usr/bin/chromium (`CHROMIUM` overrides); it is never
  downloaded. When it is missing the tests fail, they do not skip: `make test` installs it.
- `live_server` uses a transactional database that is flushed after every test, so each test
  loads the demo data itself (`demo`), and runs with the settings demo mode uses.
- `page` records the browser console; a Content Security Policy complaint or an uncaught
  JavaScript error on any page fails the test: the app must work under its strict CSP (no
  inline script or style).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.loader import render_to_string
from django.test import RequestFactory
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Route,
    sync_playwright,
)

from dijkwacht.organisations.demo import DEMO_PASSWORD

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "test-results" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Runs in the page after axe-core is injected; returns only what a developer needs to fix.
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: JSON.stringify(n.target), html: n.html, summary: n.failureSummary,
    })),
  }));
}"""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything in this directory, before `-m` and xdist's grouping look at the marks."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Debian's Chromium is missing at {CHROMIUM}. The browser tests need it and never "
            "download a browser: install it with `apt-get install chromium` (`make test` and "
            "`make test-browser` do that through `make browser`).",
            pytrace=False,
        )
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Console:
    """What the browser complained about while the test ran, with the page it was on."""

    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage, url: str) -> None:
        if message.type == "error":
            self.errors.append(f"{url}: {message.text}")

    def csp_errors(self) -> list[str]:
        return [
            e
            for e in self.errors
            if "Content Security Policy" in e or "Content-Security-Policy" in e
        ]

    def script_errors(self) -> list[str]:
        return [e for e in self.errors if ": uncaught " in e]

    def assert_clean(self) -> None:
        """No CSP violation and no uncaught JavaScript error on any page so far."""
        problems = self.csp_errors() + self.script_errors()
        assert not problems, "The browser console reports:\n" + "\n".join(problems)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    # An English-speaking browser: the app must speak Dutch until the user chooses otherwise.
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, console: Console) -> Iterator[Page]:
    page = context.new_page()
    page.on("console", lambda message: console.record(message, page.url))
    page.on("pageerror", lambda error: console.errors.append(f"{page.url}: uncaught {error}"))
    yield page
    console.assert_clean()


# --- Data and settings ----------------------------------------------------------------------


@pytest.fixture
def demo(live_server: Any, settings: Any) -> str:
    """Demo mode's settings and the demo data (reference data, partnerships, users).

    Returns the live server's URL.
    """
    settings.SECOND_FACTOR_REQUIRED = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("load_demo_data", stdout=io.StringIO())
    return live_server.url


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker: Any) -> Iterator[None]:
    """`live_server`'s flush empties the test database; other tests on this worker expect the
    reference data that `django_db_setup` loaded once, so put it back afterwards."""
    yield
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
        from dijkwacht.awareness.defaults import ensure_defaults as awareness_defaults
        from dijkwacht.bibob.defaults import ensure_defaults as bibob_defaults
        from dijkwacht.meldpunt.defaults import ensure_defaults

        ensure_defaults()
        bibob_defaults()
        awareness_defaults()


# --- Helpers, as fixtures -------------------------------------------------------------------


def _submit(page: Page, button: Locator) -> None:
    """Click a submit button and wait for the page the form leads to."""
    with page.expect_navigation(wait_until="load"):
        button.click()


@pytest.fixture
def submit(page: Page) -> Callable[[Locator], None]:
    """`submit(button)`: click a form's submit button and wait for the page it leads to."""
    return lambda button: _submit(page, button)


@pytest.fixture
def log_in(page: Page, demo: str) -> Callable[..., None]:
    def log_in(email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/inloggen/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(email)
        form.locator("input[name=password]").fill(password)
        _submit(page, form.locator("button[type=submit]"))

    return log_in


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    def screenshot(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE_JS}: run `npm ci` (or `make install`).", pytrace=False
        )
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} accessibility violation(s) (axe-core, WCAG 2.1 A/AA)"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html']}")
            summary = " ".join(str(node["summary"] or "").split())
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def accessibility_problems(
    page: Page, axe_source: str, console: Console
) -> Callable[[str], list[str]]:
    """Run axe-core on the page as it is now; returns the problems found (empty when clean).

    CSP complaints and uncaught JavaScript errors count as problems too. axe-core is injected
    with `page.evaluate`, which the page's CSP does not block (a `<script>` tag would be).
    """

    def problems(where: str) -> list[str]:
        page.wait_for_load_state()  # a page still loading has no document to check yet
        page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        found = [format_violations(f"{where} ({page.url})", violations)] if violations else []
        csp = [e for e in console.csp_errors() if e not in _reported]
        script = [e for e in console.script_errors() if e not in _reported]
        _reported.update(csp + script)
        found += [f"{where}: CSP violation: {e}" for e in csp]
        found += [f"{where}: JavaScript error: {e}" for e in script]
        return found

    _reported: set[str] = set()
    return problems


@dataclass(frozen=True)
class RenderedPage:
    status: int
    body: str
    headers: dict[str, str]


def _render_error_page(template: str, status: int, *, user: Any = None) -> RenderedPage:
    """Render an error template as Django would, with the CSP header and a matching nonce.

    With a `user` the template gets a request (context processors, `{% csrf_token %}`, the
    header); without one it is rendered request-free, as Django's `server_error` does.
    """
    request = RequestFactory().get("/")
    request.user = user if user is not None else AnonymousUser()
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)  # the nonce the template and the header share
    html = render_to_string(template, request=request if user is not None else None)
    response = HttpResponse(html, status=status)
    middleware.process_response(request, response)
    headers = {
        key: value
        for key, value in response.headers.items()
        if key.lower().startswith("content-security")
    }
    return RenderedPage(status=status, body=html, headers=headers)


@pytest.fixture
def render_error_page() -> Callable[..., RenderedPage]:
    """`render_error_page(template, status, user=None)`; see `_render_error_page`."""
    return _render_error_page


@pytest.fixture
def serve(page: Page, live_server: Any) -> Callable[[str, RenderedPage], str]:
    """Serve a rendered page at `path` under the live server (so /static/ loads from it)."""

    def serve(path: str, rendered: RenderedPage) -> str:
        url = f"{live_server.url}{path}"

        def fulfill(route: Route) -> None:
            route.fulfill(
                status=rendered.status,
                content_type="text/html; charset=utf-8",
                headers=rendered.headers,
                body=rendered.body,
            )

        page.route(url, fulfill)
        return url

    return serve
