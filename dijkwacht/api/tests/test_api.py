import json
import re
from pathlib import Path

import pytest

from config.openapi import COMMITTED, current_schema

pytestmark = pytest.mark.django_db


def test_partnerships_lists_only_the_users_own(
    client, contributor, other_contributor, twente, verified
):
    client.force_login(contributor)
    response = client.get("/api/v1/partnerships")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": twente.pk,
            "slug": twente.slug,
            "name": twente.name,
            "description": twente.description,
            "members": sorted(twente.members.values_list("pk", flat=True)),
        }
    ]
    assert response["API-Version"] == "1.3.0"


def test_organisations_of_a_partnership(
    client, contributor, twente, enschede, hengelo, overijssel, verified
):
    client.force_login(contributor)
    response = client.get(f"/api/v1/organisations?partnership={twente.slug}")
    assert response.status_code == 200
    body = response.json()
    assert [o["name"] for o in body] == ["Enschede", "Hengelo (O.)", "Provincie Overijssel"]
    assert body[0] == {
        "id": enschede.pk, "slug": "enschede", "name": "Enschede", "kind": "gemeente",
        "cbs_code": "GM0153", "province": enschede.province_id, "valid_from": None,
        "valid_to": None,
    }  # fmt: skip


def test_organisations_without_filter_are_scoped_to_the_user(
    client, contributor, utrecht_city, verified
):
    client.force_login(contributor)
    names = {o["name"] for o in client.get("/api/v1/organisations").json()}
    assert "Enschede" in names and utrecht_city.name not in names
    assert len(names) == 3


def test_another_partnership_answers_404_as_a_problem(client, contributor, utrecht, verified):
    client.force_login(contributor)
    for slug in (utrecht.slug, "bestaat-niet"):
        response = client.get(f"/api/v1/organisations?partnership={slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_bad_input_is_a_400_problem_naming_the_parameter(client, contributor, verified):
    client.force_login(contributor)
    response = client.get("/api/v1/organisations?partnership=Geen%20slug!")
    assert response.status_code == 400
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["invalidParams"][0]["name"] == "partnership"


def test_anonymous_gets_401_problem_with_version_header(client):
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response["API-Version"] == "1.3.0"
    assert response.json()["title"]


def test_openapi_document_is_served_and_matches_the_committed_one(client, contributor, verified):
    client.force_login(contributor)
    served = client.get("/api/v1/openapi.json").json()
    assert served["info"]["contact"]["email"]
    assert json.loads(current_schema()) == json.loads(
        Path(COMMITTED).read_text(encoding="utf-8")
    ), "docs/api/openapi.json is out of date: run `make openapi`"
    assert {"/api/v1/partnerships", "/api/v1/organisations"} <= set(served["paths"])


def test_api_docs_are_served_locally(client, contributor, verified):
    client.force_login(contributor)
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Every script and style comes from this site: no other host is named (a random CSP
    # nonce may contain any letters, so look for addresses, not words).
    assert not re.findall(r"(?:src|href)=\"(?:https?:)?//", html)
