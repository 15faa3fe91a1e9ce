import pytest

from dijkwacht.programmes.models import Commitment, Status, StatusUpdate
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(twente, [enschede, hengelo], actions=2, name="Weerbaar Twente")


def _cell_url(programme, organisation):
    cell = Commitment.objects.filter(programme=programme, organisation=organisation).first()
    return f"/api/v1/programmes/{programme.pk}/matrix/{cell.action_id}/{organisation.pk}", cell


def test_programmes_list_only_own_partnerships(client, contributor, programme, utrecht):
    make_programme(utrecht, [], actions=0, name="Utrechts plan")
    client.force_login(contributor)
    body = client.get("/api/v1/programmes").json()
    assert [p["name"] for p in body] == ["Weerbaar Twente"]
    assert body[0]["partnership"]["slug"] == "twente-test"


def test_programme_detail_has_themes_and_actions(client, contributor, programme):
    client.force_login(contributor)
    body = client.get(f"/api/v1/programmes/{programme.pk}").json()
    assert [t["title"] for t in body["themes"]] == ["Thema 1"]
    assert [a["title"] for a in body["actions"]] == ["Actie 1.1", "Actie 1.2"]
    assert body["actions"][0]["theme"] == body["themes"][0]["id"]


def test_matrix_shape(client, contributor, programme, enschede, hengelo):
    client.force_login(contributor)
    body = client.get(f"/api/v1/programmes/{programme.pk}/matrix").json()
    assert [o["name"] for o in body["organisations"]] == ["Enschede", "Hengelo (O.)"]
    assert len(body["actions"]) == 2 and len(body["cells"]) == 4
    assert set(body["cells"][0]) >= {"action", "organisation", "status", "stale"}
    assert body["cells"][0]["status"] == "onbepaald"


def test_contributor_patches_own_cell_with_history(client, contributor, programme, enschede):
    url, cell = _cell_url(programme, enschede)
    client.force_login(contributor)
    response = client.patch(
        url, {"status": "in_uitvoering", "note": "Via de API"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_uitvoering"
    assert StatusUpdate.objects.get(commitment=cell).note == "Via de API"


def test_contributor_cannot_patch_another_organisations_cell(
    client, contributor, programme, hengelo
):
    url, cell = _cell_url(programme, hengelo)
    client.force_login(contributor)
    response = client.patch(url, {"status": "voltooid"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    cell.refresh_from_db()
    assert cell.status == Status.UNDETERMINED


def test_invalid_status_is_a_400_problem(client, contributor, programme, enschede):
    url, cell = _cell_url(programme, enschede)
    client.force_login(contributor)
    response = client.patch(url, {"status": "rood"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "status"
    assert not StatusUpdate.objects.filter(commitment=cell).exists()


def test_other_partnership_gets_404(client, other_coordinator, programme, enschede, verified):
    url, _cell = _cell_url(programme, enschede)
    client.force_login(other_coordinator)
    assert client.get(f"/api/v1/programmes/{programme.pk}/matrix").status_code == 404
    assert (
        client.patch(url, {"status": "voltooid"}, content_type="application/json").status_code
        == 404
    )


def test_matrix_response_matches_its_documented_schema(client, coordinator, programme, verified):
    from dijkwacht.programmes.api import MatrixOut

    client.force_login(coordinator)
    body = client.get(f"/api/v1/programmes/{programme.pk}/matrix").json()
    parsed = MatrixOut.model_validate(body)
    assert len(parsed.cells) == 4 and parsed.cells[0].status == Status.UNDETERMINED
