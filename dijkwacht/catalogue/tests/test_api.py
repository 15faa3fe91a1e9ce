"""The catalogue in the API: written through the same services, scoped like the pages."""

import pytest

from dijkwacht.catalogue.models import InformationSource, RequestStatus
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _body(holder, owner, **overrides):
    return {
        "holder": holder.pk,
        "title": "Register",
        "description": "Wat erin staat.",
        "owner": owner.pk,
        "contact_name": "Balie",
        "contact_email": "balie@example.test",
        "kind": "register",
        "access_level": "niet_publiek",
        "restriction_reason": "PRIVACY",
        "legal_basis": "avg_6_1_e",
        "how_to_request": "Bel de balie.",
        "themes": ["vastgoed"],
        **overrides,
    }


def _post(client, url, body):
    return client.post(url, data=body, content_type="application/json")


def test_a_keeper_describes_a_source(client, enschede, coordinator):
    from dijkwacht.catalogue.models import Theme

    Theme.objects.get_or_create(code="vastgoed", defaults={"name": "Vastgoed"})
    client.force_login(coordinator)
    response = _post(client, "/api/v1/sources", _body(enschede, coordinator))
    assert response.status_code == 201, response.content
    assert response.json()["themes"] == ["vastgoed"]
    assert response.json()["passport"]["legal_basis"] == "avg_6_1_e"


def test_bad_input_is_named_by_field_and_writes_nothing(client, enschede, hengelo, coordinator):
    client.force_login(coordinator)
    response = _post(
        client,
        "/api/v1/sources",
        _body(enschede, coordinator, legal_basis=None, themes=["bestaat-niet"]),
    )
    assert response.status_code in {400, 422}
    assert response["Content-Type"] == "application/problem+json"
    response = _post(client, "/api/v1/sources", _body(enschede, coordinator, legal_basis=None,
                                                       themes=[]))  # fmt: skip
    assert response.status_code == 422
    assert "legal_basis" in {p["name"] for p in response.json()["invalidParams"]}
    response = _post(client, "/api/v1/sources", _body(hengelo, coordinator, themes=[]))
    assert response.status_code == 422
    assert not InformationSource.objects.exists()


def test_asking_and_deciding_by_api(client, enschede, hengelo, coordinator):
    source = make_source(enschede, coordinator)
    asker = UserFactory(email="asker@example.test")
    MembershipFactory(user=asker, organisation=hengelo, role=Role.CONTRIBUTOR)
    client.force_login(asker)
    body = {"source": source.pk, "purpose": "Controle", "legal_basis": "wpg"}
    response = _post(client, "/api/v1/source-requests", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["organisation"] == hengelo.pk
    assert made["status"] == RequestStatus.SUBMITTED
    decision = f"/api/v1/source-requests/{made['id']}/decision"
    assert _post(client, decision, {"granted": True, "reason": "Ja"}).status_code == 403
    client.force_login(coordinator)
    response = _post(client, decision, {"granted": False, "reason": "Doel past niet."})
    assert response.status_code == 200
    assert response.json()["status"] == RequestStatus.REFUSED
    assert response.json()["reason"] == "Doel past niet."
