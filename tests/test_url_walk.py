"""The safety net under every page: walks every URL pattern of the project.

- Anonymous requests to non-public URLs are sent to the login page (the API answers 401).
- For URLs with an object in them, the owner reaches the object and a user of another
  organisation gets 404, exactly as for an object that does not exist.
New URLs are covered without editing this file; a URL with an object must say how to make one
in `tests/url_registry.py`, or this test fails and names it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_registry import (
    CALLS,
    CONFIGURED_ONLY,
    OBJECT_OWNER,
    OBJECT_URLS,
    PUBLIC,
    SHARED,
    Cast,
)


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]
    namespaces: tuple[str, ...]
    pattern: URLPattern

    @property
    def is_admin(self) -> bool:
        return "admin" in self.namespaces

    @property
    def label(self) -> str:
        return self.name or self.route


def _walk(resolver: URLResolver, namespaces=(), prefix="") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry,
                (*namespaces, entry.namespace) if entry.namespace else namespaces,
                prefix + str(entry.pattern),
            )
        else:
            name = ":".join((*namespaces, entry.name or "")) if entry.name else ""
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(name, prefix + str(entry.pattern), params, namespaces, entry)


ROUTES = list(_walk(get_resolver()))
APP_ROUTES = [r for r in ROUTES if not r.is_admin]
ADMIN_ROUTES = [r for r in ROUTES if r.is_admin]
OBJECT_ROUTES = [r for r in APP_ROUTES if r.params]


API_DOCS = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}


def _is_api(route: Route) -> bool:
    """API operations answer 401 themselves; the API's documentation pages are pages."""
    return route.route.startswith("api/") and route.name not in API_DOCS


def _admin_kwargs(route: Route) -> dict[str, str]:
    return {p: ("accounts" if p == "app_label" else "1") for p in route.params}


def _login_path() -> str:
    return reverse(settings.LOGIN_URL)


# A valid body for API operations that change something, so the walk reaches the object
# lookup instead of stopping at input validation.
API_BODY = {"status": "voltooid"}


def _request(client: Client, url: str, route: Route | None = None, cast: Cast | None = None):
    """GET; or POST for views that only take POST; or PATCH for API operations; or the call
    the registry gives for an operation that needs a body or a header (CALLS)."""
    if route is not None and route.name in CALLS:
        return CALLS[route.name](client, url, cast)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    if response.status_code == 405:
        response = client.patch(url, data=API_BODY, content_type="application/json")
    return response


def test_every_route_has_a_name():
    nameless = [r.route for r in APP_ROUTES if not r.name]
    assert not nameless, f"URL patterns without a name cannot be checked: {nameless}"


def test_every_url_with_an_object_is_registered():
    missing = [r.name for r in OBJECT_ROUTES if r.name not in OBJECT_URLS]
    assert not missing, (
        "These URLs name an object; say how to make one in tests/url_registry.py "
        f"(OBJECT_URLS): {missing}"
    )


def test_public_urls_exist():
    names = {r.name for r in ROUTES}
    assert set(PUBLIC) <= names


@pytest.fixture
def cast(twente, enschede, coordinator, contributor) -> Cast:
    return Cast(twente=twente, enschede=enschede, coordinator=coordinator, contributor=contributor)


def _url(route: Route, cast: Cast | None) -> str:
    if route.is_admin:
        if not route.name:
            # The admin's unnamed redirects and catch-all: any value reaches the view.
            return "/" + re.sub(r"<\w+:(\w+)>|\(\?P<\w+>[^)]*\)", "1", route.route).rstrip("$")
        return reverse(route.name, kwargs=_admin_kwargs(route))
    if route.params:
        return reverse(route.name, kwargs=OBJECT_URLS[route.name](cast))
    return reverse(route.name)


@pytest.mark.django_db
@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda r: r.label)
def test_anonymous_is_sent_to_login(route: Route, client: Client, cast: Cast):
    url = _url(route, cast)
    response = _request(client, url, route, cast)
    if route.name in PUBLIC:
        if route.name in CONFIGURED_ONLY:  # sign-in with a provider: 404 unless configured
            assert response.status_code == 404, url
            return
        assert response.status_code < 400 or response.status_code == 405, url
        if response.status_code == 302:
            assert not response["Location"].startswith(_login_path())
        return
    if _is_api(route):
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
        return
    assert response.status_code == 302, f"{url} answered {response.status_code} to anonymous"
    assert urlsplit(response["Location"]).path == _login_path(), url


@pytest.mark.django_db
@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.label)
def test_admin_is_for_platform_admins_only(route: Route, client: Client, contributor, verified):
    url = _url(route, None)
    anonymous = client.get(url, follow=True)
    assert anonymous.request["PATH_INFO"] == _login_path(), f"{url} did not end at the login page"
    client.force_login(contributor)
    response = client.get(url, follow=True)
    assert response.status_code == 403, f"{url} answered {response.status_code} to a non-admin"


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.label)
def test_other_organisation_gets_404(
    route: Route, client: Client, cast: Cast, other_coordinator, verified
):
    if route.name not in OBJECT_URLS:
        pytest.fail(f"{route.name} is not registered in tests/url_registry.py")
    url = _url(route, cast)

    client.force_login(other_coordinator)
    if route.name in SHARED:
        status = _request(client, url, route, cast).status_code
        assert status in {200, 201}, f"{url} is shared reference data"
    else:
        status = _request(client, url, route, cast).status_code
        assert status == 404, f"{url} leaks to another organisation"

    owner = getattr(cast, OBJECT_OWNER.get(route.name, "coordinator"))
    client.force_login(owner)
    status = _request(client, url, route, cast).status_code
    assert status in {200, 201, 204, 302}, f"{url} is not reachable for its owner"
