"""The API checks permission before input: a request the caller may not make answers 403 or
404 — never a 400 or 422 that describes the fields it sent.

Every API operation with an object in its path (tests/url_registry.py) is called by someone of
another partnership, with every method the operation takes and a body that is wrong in every
way. New operations are covered by default.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_walk import OBJECT_ROUTES, Route
from tests.url_registry import OBJECT_URLS, PUBLIC, SHARED, Cast

pytestmark = pytest.mark.django_db

API_ROUTES = [
    r for r in OBJECT_ROUTES
    if r.route.startswith("api/") and r.name not in PUBLIC | SHARED
]  # fmt: skip
WRONG = {"status": 12, "code": [], "value": "veel", "note": {"x": 1}, "partnership": "x"}


@pytest.fixture
def cast(twente, enschede, coordinator, contributor) -> Cast:
    return Cast(twente=twente, enschede=enschede, coordinator=coordinator, contributor=contributor)


def _methods(client: Client, url: str) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    path = "/" + url.lstrip("/")
    for template, operations in schema["paths"].items():
        parts, actual = template.strip("/").split("/"), path.strip("/").split("/")
        if len(parts) == len(actual) and all(
            p.startswith("{") or p == a for p, a in zip(parts, actual, strict=True)
        ):
            return [method.upper() for method in operations]
    return ["GET"]


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.label)
def test_an_outsider_learns_nothing_from_a_wrong_request(
    route: Route, client: Client, cast: Cast, other_coordinator, verified
):
    url = reverse(route.name, kwargs=OBJECT_URLS[route.name](cast))
    client.force_login(other_coordinator)
    for method in _methods(client, url):
        response = client.generic(
            method,
            f"{url}?format=kapot&page=0&page_size=-1",
            json.dumps(WRONG),
            content_type="application/json",
        )
        assert response.status_code in {403, 404}, f"{method} {url}: {response.status_code}"
        assert "invalidParams" not in response.json(), f"{method} {url} described its input"


def test_who_only_reads_a_cell_gets_403_whatever_they_send(
    client, twente, enschede, viewer, verified
):
    from tests.factories import make_programme

    programme = make_programme(twente, [enschede])
    action = programme.actions.first()
    client.force_login(viewer)
    url = f"/api/v1/programmes/{programme.pk}/matrix/{action.pk}/{enschede.pk}"
    response = client.patch(url, {"status": "onzin"}, content_type="application/json")
    assert response.status_code == 403 and "invalidParams" not in response.json()


def test_a_contributor_opening_a_round_gets_403_before_any_field_is_judged(
    client, contributor, verified
):
    client.force_login(contributor)
    response = client.post("/api/v1/scans/rounds", {"name": 3}, content_type="application/json")
    assert response.status_code == 403 and "invalidParams" not in response.json()
