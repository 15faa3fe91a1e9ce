"""Every page each role reaches by clicking passes axe, and none overflows the window sideways.

For each demo role the test follows the links on the pages it reaches, from the home page (the
platform admin also through the admin at /beheer/), one page per kind of URL (`/programmas/3/`
stands for every programme), and checks each with axe-core (WCAG 2.1 A/AA) and for a page wider
than the window (a wide table scrolls inside its own frame, the page keeps its margins).
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

ROLES = {
    "coordinator": "coordinator@dijkwacht.test",
    "contributor": "enschede@dijkwacht.test",
    "assessor": "assessor@dijkwacht.test",
    "viewer": "viewer@dijkwacht.test",
    "handler": "handler@dijkwacht.test",
    "bibob": "bibob@dijkwacht.test",
    "admin": "admin@dijkwacht.test",
}
MAX_PAGES = 80  # pages of the app, per role
MAX_ADMIN_PAGES = 80  # and of Django's admin, for the platform admin
# Links that are not pages: files, the API's own operations, switching language, logging out.
NOT_A_PAGE = re.compile(
    r"\.(pdf|xlsx|csv|docx|yaml|json|svg|png|zip)$|^/(static|media|i18n|uitloggen)/"
    r"|^/api/(?!v1/docs$)|/bestand/$|/bijlagen/\d+/$|/bewijs/\d+/$"
    # The admin's logout, and its form to set another person's password.
    r"|^/beheer/logout/|/password/$"
)

LINKS = """() => [...document.querySelectorAll('a[href]')]
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.getAttribute('href'))"""
# Pages kept as screenshots under test-results/, per role, to look at.
SCREENSHOTS = {"/": "home", "/meldpunt/cijfers/": "meldpunt-figures", "/mijn-acties/": "my-actions"}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The outermost elements that stick out on the right: where to look when a page overflows.
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')].filter(e => {
        const box = e.getBoundingClientRect();
        return box.right > width + 1 && box.width > 0;
    });
    return out.filter(e => !out.includes(e.parentElement)).slice(0, 3)
        .map(e => [e.tagName.toLowerCase(), ...String(e.className).split(' ')]
            .filter(Boolean).join('.'));
}"""


def _kind(url: str) -> str:
    """One visit per kind of URL: numbers and the values of the query stand for any."""
    parts = urlsplit(url)
    keys = sorted(p.split("=")[0] for p in parts.query.split("&") if p)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _links(page: Page) -> list[str]:
    found = []
    for href in page.evaluate(LINKS):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if NOT_A_PAGE.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_passes_axe_and_fits_the_window(
    role, page: Page, log_in, accessibility_problems, screenshot
):
    log_in(ROLES[role])
    start = ["/", "/beheer/"] if role == "admin" else ["/"]
    queue = deque(start)
    seen = {_kind(url) for url in start}
    problems: list[str] = []
    visited: list[str] = []
    counted = {True: 0, False: 0}  # pages opened, in the admin and in the app
    while queue:
        url = queue.popleft()
        in_admin = url.startswith("/beheer/")
        if counted[in_admin] >= (MAX_ADMIN_PAGES if in_admin else MAX_PAGES):
            continue
        counted[in_admin] += 1
        response = page.goto(url)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{role}: {url} answered {response.status}")
            continue
        visited.append(url)
        if url in SCREENSHOTS:
            screenshot(f"{role}-{SCREENSHOTS[url]}")
        problems += accessibility_problems(f"{role} {url}")
        overflow = page.evaluate(OVERFLOW)
        if overflow > 1:
            culprits = ", ".join(page.evaluate(STICKING_OUT))
            problems.append(f"{role}: {url} is {overflow}px wider than the window ({culprits})")
        for link in _links(page):
            if _kind(link) not in seen:
                seen.add(_kind(link))
                queue.append(link)
    assert len(visited) >= 8, f"{role} reached only {visited}"
    assert not problems, f"{len(visited)} pages visited\n" + "\n\n".join(problems)
