"""Mijn acties: ten actions take ten quick saves, each leading back to the next one."""

import re

import pytest

from dijkwacht.programmes.models import Commitment, Status
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(twente, enschede):
    programme = make_programme(twente, [enschede], actions=3, name="Weerbaar Twente")
    return list(
        Commitment.objects.filter(programme=programme, organisation=enschede).order_by(
            "action__position", "action_id"
        )
    )


def _edit_url(cell):
    return f"/programmas/{cell.programme_id}/matrix/{cell.action_id}/{cell.organisation_id}/"


def _next_row(html: str) -> str:
    row = re.search(r'<tr[^>]*id="volgende"[^>]*>(.*?)</tr>', html, re.S)
    assert row, "no next action marked"
    return row.group(1)


def test_saving_from_mijn_acties_leads_to_the_next_action_still_to_update(
    client, contributor, cells
):
    client.force_login(contributor)
    first, second, third = cells
    page = client.get("/mijn-acties/").content.decode()
    assert f'href="{_edit_url(first)}?terug=mijn-acties"' in _next_row(page)

    form = client.get(_edit_url(first) + "?terug=mijn-acties").content.decode()
    assert 'name="terug" value="mijn-acties"' in form and 'href="/mijn-acties/"' in form
    response = client.post(
        _edit_url(first), {"status": Status.IN_PROGRESS, "note": "", "terug": "mijn-acties"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/mijn-acties/?opgeslagen=")
    assert response["Location"].endswith("#volgende")

    page = client.get(response["Location"]).content.decode()
    assert "Opgeslagen: " + first.action.title in page
    assert f'href="{_edit_url(second)}?terug=mijn-acties"' in _next_row(page)

    # With htmx the form is posted in place; the browser is sent on the same way.
    response = client.post(
        _edit_url(second),
        {"status": Status.COMPLETED, "note": "", "terug": "mijn-acties"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"].endswith("#volgende")
    page = client.get("/mijn-acties/").content.decode()
    assert f'href="{_edit_url(third)}?terug=mijn-acties"' in _next_row(page)

    client.post(_edit_url(third), {"status": Status.PLANNED, "terug": "mijn-acties"})
    page = client.get("/mijn-acties/").content.decode()
    assert 'id="volgende"' not in page and "Alle acties zijn bijgewerkt" in page


def test_anything_else_than_mijn_acties_leads_back_to_the_matrix(client, contributor, cells):
    client.force_login(contributor)
    cell = cells[0]
    response = client.post(
        _edit_url(cell), {"status": Status.COMPLETED, "terug": "https://elders.example/"}
    )
    assert response["Location"].startswith(f"/programmas/{cell.programme_id}/matrix/#cell-")


def test_a_cell_saved_still_undetermined_does_not_come_back_as_next(client, contributor, cells):
    client.force_login(contributor)
    first, second, _third = cells
    response = client.post(
        _edit_url(first),
        {"status": Status.UNDETERMINED, "note": "Nog navragen", "terug": "mijn-acties"},
    )
    assert response["Location"] == (
        f"/mijn-acties/?opgeslagen={first.action_id}-{first.organisation_id}#volgende"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'href="{_edit_url(second)}?terug=mijn-acties"' in _next_row(page)
