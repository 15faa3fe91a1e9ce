"""Every list or overview page, and every GET operation of the API, issues the same number of
queries at two data sizes. Pages are found by the `@overview_page` marker, API operations in the
OpenAPI document; the data grows through tests/growth.py."""

import json
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.api import api
from tests.growth import grow
from tests.test_url_walk import APP_ROUTES, Route
from tests.url_registry import (
    API_HEADERS,
    API_OWNER,
    API_PARAMETERS,
    OBJECT_OWNER,
    OBJECT_URLS,
    PREPARE,
    Cast,
)

OVERVIEW_ROUTES = [
    r for r in APP_ROUTES if getattr(r.pattern.callback, "dijkwacht_overview", False)
]


def _api_get_paths() -> list[str]:
    """Every GET operation of the API, lists and single objects alike."""
    # Through JSON, as clients see it (ninja keys responses by int in Python).
    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    return [path for path, operations in schema["paths"].items() if "get" in operations]


API_GETS = _api_get_paths()


def test_there_are_pages_and_api_lists_to_check():
    assert {r.name for r in OVERVIEW_ROUTES} >= {"insights:home", "accounts:profile"}
    assert "/api/v1/partnerships" in API_GETS
    assert "/api/v1/programmes/{programme_id}/matrix" in API_GETS


@pytest.fixture
def cast(twente, enschede, coordinator, contributor, verified) -> Cast:
    # Home shows the chosen partnership; keep it the one that grows.
    coordinator.preferred_partnership = twente
    coordinator.save()
    return Cast(twente=twente, enschede=enschede, coordinator=coordinator, contributor=contributor)


def _count(client, url: str, headers: dict[str, str] | None = None) -> int:
    # Measure the work itself, not a cache hit: the uncached path is the one that must not grow.
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def _measure(
    client, cast: Cast, url_for, user: str = "coordinator", headers=None
) -> tuple[int, int]:
    client.force_login(getattr(cast, user))
    _count(client, url_for(), headers)  # warm caches (content types, translations)
    small = _count(client, url_for(), headers)
    grow(cast, 6)
    large = _count(client, url_for(), headers)
    return small, large


@pytest.mark.django_db
@pytest.mark.parametrize("route", OVERVIEW_ROUTES, ids=lambda r: r.name)
def test_overview_page_queries_do_not_grow(route: Route, client, cast: Cast):
    kwargs = OBJECT_URLS[route.name](cast) if route.params else {}
    if route.name in PREPARE:
        PREPARE[route.name](cast)
    user = OBJECT_OWNER.get(route.name, "coordinator")
    small, large = _measure(client, cast, lambda: reverse(route.name, kwargs=kwargs), user)
    assert small == large, f"{route.name}: {small} queries with little data, {large} with more"


@pytest.mark.django_db
@pytest.mark.parametrize("path", API_GETS)
def test_api_queries_do_not_grow(path: str, client, cast: Cast):
    names = re.findall(r"{(\w+)}", path)
    missing = [n for n in names if n not in API_PARAMETERS]
    assert not missing, f"Say how to fill {missing} in tests/url_registry.py (API_PARAMETERS)"
    url = path.format(**{n: API_PARAMETERS[n](cast) for n in names})
    if path in PREPARE:
        PREPARE[path](cast)
    headers = API_HEADERS[path](cast) if path in API_HEADERS else None
    user = API_OWNER.get(path, "coordinator")
    small, large = _measure(client, cast, lambda: url, user, headers=headers)
    assert small == large, f"{path}: {small} queries with little data, {large} with more"


@pytest.mark.django_db
def test_api_list_filtered_by_partnership_queries_do_not_grow(client, cast: Cast):
    url = f"/api/v1/organisations?partnership={cast.twente.slug}"
    small, large = _measure(client, cast, lambda: url)
    assert small == large


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["samenwerkingsverband", "provincie"])
@pytest.mark.parametrize(
    "indicator",
    ["voortgang", "meldingen", "scan", "basis", "cijfer", "meldingen-per-inwoners", "gebieden"],
)
def test_every_map_indicator_and_area_keeps_its_queries(
    client, cast: Cast, indicator: str, scope: str
):
    import datetime

    from dijkwacht.insights.models import Indicator, IndicatorValue

    PREPARE["insights:partnership_map"](cast)
    inhabitants = Indicator.objects.create(
        name="Inwoners", definition="x", unit="count", measures_population=True, source_name="x"
    )
    IndicatorValue.objects.create(
        indicator=inhabitants, area="GM0153", period=datetime.date(2024, 1, 1), value=160000
    )
    key = f"{indicator}-{cast.framework.pk}" if indicator in ("scan", "basis") else indicator
    if indicator == "cijfer":
        key = f"cijfer-{cast.indicator.pk}"
    if indicator == "gebieden":
        key = "gebieden-vakantieparken-in-aanpak"
    assert cast.area  # a holiday park "in aanpak"; the layers of parks and business parks on
    path = reverse("insights:partnership_map", kwargs={"pk": cast.twente.pk})
    url = f"{path}?indicator={key}&gebied={scope}&laag=vakantieparken&laag=bedrijventerreinen"
    small, large = _measure(client, cast, lambda: url)
    assert small == large, f"{indicator} ({scope}): {small} queries, then {large}"
    assert f'<option value="{key}" selected>' in client.get(url).content.decode()
