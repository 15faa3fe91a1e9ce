"""Every page a signed-in person opens reads as Dutch and is built the same way.

Walks every page (with its object, as `tests/url_registry.py` makes it) as the object's owner,
in Dutch, and checks what a reader notices: no English from Django itself ("Select an
option"), choices that start with a capital, and one `h1` per page.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.factories import make_programme
from tests.test_url_walk import APP_ROUTES, _is_api, _url
from tests.url_registry import CALLS, OBJECT_OWNER, PUBLIC, Cast

ENGLISH = ("Select an option", "This field is required", "Enter a valid")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.options: list[str] = []
        self._option: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        elif tag == "option":
            self._option = []

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options.append("".join(self._option).strip())
            self._option = None


@pytest.fixture
def cast(twente, enschede, coordinator, contributor) -> Cast:
    return Cast(twente=twente, enschede=enschede, coordinator=coordinator, contributor=contributor)


PAGES = [
    r
    for r in APP_ROUTES
    if not _is_api(r) and r.name not in CALLS and not r.name.startswith("api-v1:")
]


def _problems(url: str, html: str) -> list[str]:
    problems = [f"{url} shows Django's English “{e}”" for e in ENGLISH if e in html]
    page = _Page()
    page.feed(html)
    if "<html" in html and page.h1 != 1:
        problems.append(f"{url} has {page.h1} h1 elements")
    lower = [o for o in page.options if re.match(r"[a-z]", o)]
    if lower:
        problems.append(f"{url} has choices starting with a small letter: {lower}")
    return problems


@pytest.mark.django_db
def test_every_page_reads_as_dutch_with_one_h1_and_capitalised_choices(
    client: Client, cast: Cast, verified
):
    problems: list[str] = []
    pages = 0
    for route in PAGES:
        url = _url(route, cast)
        client.logout()
        if route.name not in PUBLIC:
            client.force_login(getattr(cast, OBJECT_OWNER.get(route.name, "coordinator")))
        response = client.get(url, headers={"Accept-Language": "nl"})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue  # a download, or an action that only takes POST
        pages += 1
        problems += _problems(url, response.content.decode())
    assert pages >= 40, f"only {pages} pages were checked"
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_an_optional_choice_offers_a_dutch_empty_choice(client: Client, cast: Cast, verified):
    programme = make_programme(cast.twente, [cast.enschede], actions=1)
    client.force_login(cast.coordinator)
    html = client.get(f"/programmas/{programme.pk}/bewerken/").content.decode()
    assert '<option value="" selected>— Kies —</option>' in html
