"""Every API list comes in pages, with how much there is in its headers."""

import datetime
import json
import re

import pytest

from config.api import api
from dijkwacht.api.pages import MAX_PAGE_SIZE
from dijkwacht.organisations.models import Organisation
from dijkwacht.scans.models import RoundKind, ScanKind
from dijkwacht.scans.services import answer_save, scan_round_open, scan_submit
from tests.factories import make_framework

pytestmark = pytest.mark.django_db


def _links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}


def test_every_list_operation_takes_pages_and_documents_its_headers():
    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    lists = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        ok = get["responses"]["200"]
        body = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") != "array":
            continue
        lists.append(path)
        names = {p["name"]: p for p in get.get("parameters", [])}
        assert {"page", "page_size"} <= set(names), f"{path} is not paginated"
        assert names["page_size"]["schema"]["maximum"] == MAX_PAGE_SIZE, path
        assert {"X-Total-Count", "Link"} <= set(ok.get("headers", {})), path
    assert "/api/v1/organisations" in lists and "/api/v1/memberships" in lists


def test_pages_cover_the_list_once_in_a_stable_order(client, admin_user, verified):
    client.force_login(admin_user)
    total = Organisation.objects.count()
    assert total > 300  # the CBS reference data
    seen: list[int] = []
    url = "/api/v1/organisations?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Total-Count"] == str(total)
        assert response["X-Pagination-Limit"] == "100"
        seen += [o["id"] for o in response.json()]
        url = _links(response).get("next", "")
    assert len(seen) == total == len(set(seen))


def test_a_page_says_where_it_lies_and_keeps_the_filter(
    client, contributor, twente, enschede, hengelo, overijssel, verified
):
    client.force_login(contributor)
    response = client.get(f"/api/v1/organisations?partnership={twente.slug}&page=2&page_size=1")
    assert response.status_code == 200
    assert [o["name"] for o in response.json()] == ["Hengelo (O.)"]
    assert response["X-Total-Count"] == "3" and response["X-Pagination-Page"] == "2"
    links = _links(response)
    assert set(links) == {"first", "prev", "next", "last"}
    assert "page=1&" in links["prev"] and "page=3&" in links["last"]
    assert all(f"partnership={twente.slug}" in link for link in links.values())
    # Past the end: an empty page, not an error.
    beyond = client.get(f"/api/v1/organisations?partnership={twente.slug}&page=9&page_size=1")
    assert beyond.status_code == 200 and beyond.json() == []
    assert "next" not in _links(beyond)


@pytest.mark.parametrize(
    "query, name",
    [
        (f"page_size={MAX_PAGE_SIZE + 1}", "page_size"),
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("page=veel", "page"),
        ("page=99999999999999999999", "page"),
    ],
)
def test_a_page_outside_the_bounds_is_a_400_naming_it(client, contributor, verified, query, name):
    client.force_login(contributor)
    response = client.get(f"/api/v1/organisations?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_a_plain_json_list_carries_its_page_headers_too(
    client, coordinator, twente, enschede, verified
):
    """The round results are answered as plain JSON (thousands of rows): same headers."""
    scan_round = _answered_round(twente, enschede)
    client.force_login(coordinator)
    response = client.get(f"/api/v1/scans/rounds/{scan_round.pk}/results?page_size=1")
    assert response.status_code == 200
    assert len(response.json()) == 1
    assert response["X-Total-Count"] == "3"
    assert "next" in _links(response)


def _answered_round(twente, enschede):
    """A Twente round with Enschede's self-scan answered 'ja' everywhere and submitted."""
    framework = make_framework(name="Pagina's", norms=3)
    scan_round = scan_round_open(
        actor=None, partnership=twente, framework=framework, title="Pagina's",
        kind=RoundKind.SELF, deadline=datetime.date(2030, 1, 1), organisations=[enschede],
    )  # fmt: skip
    scan = scan_round.scans.get(kind=ScanKind.SELF)
    yes = framework.scale.get(code="ja")
    for norm in framework.norms.all():
        answer_save(actor=None, scan=scan, norm=norm, option=yes)
    scan_submit(actor=None, scan=scan)
    return scan_round
