"""Changing a matrix cell at the floor: the statements of the hot path are pinned here (the
time is measured in `make bench`). Who is asking (session and user), their grants, the cell
read with its visibility check and locked, then four writes: the cell, its history line, the
programme's matrix version (cached renderings are out of date) and the audit line."""

import pytest

from dijkwacht.core.models import AuditEvent
from dijkwacht.programmes.models import Commitment, Status, StatusUpdate
from tests.factories import make_programme
from tests.statements import data_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(twente, enschede, hengelo):
    programme = make_programme(twente, [enschede, hengelo], actions=2, name="Weerbaar Twente")
    return Commitment.objects.filter(programme=programme, organisation=enschede).first()


def _path(cell):
    return f"{cell.programme_id}/matrix/{cell.action_id}/{cell.organisation_id}"


def test_a_cell_by_the_api_is_eight_statements(client, contributor, cell):
    client.force_login(contributor)
    with data_statements() as statements:
        response = client.patch(
            f"/api/v1/programmes/{_path(cell)}",
            {"status": Status.IN_PROGRESS, "note": " Gestart "},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert len(statements) == 8, "\n".join(statements)
    cell.refresh_from_db()
    assert (cell.status, cell.note) == (Status.IN_PROGRESS, "Gestart")
    assert StatusUpdate.objects.get(commitment=cell).new_status == Status.IN_PROGRESS
    event = AuditEvent.objects.get(action="programmes.commitment_update")
    assert event.changes == {"status": [Status.UNDETERMINED, Status.IN_PROGRESS]}


def test_a_cell_on_screen_is_eight_statements_and_shown_from_what_was_saved(
    client, contributor, cell
):
    client.force_login(contributor)
    with data_statements() as statements:
        response = client.post(
            f"/programmas/{_path(cell)}/",
            {"status": Status.COMPLETED, "planned_period": "Q3 2027", "note": ""},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200, response.content
    assert len(statements) == 8, "\n".join(statements)
    html = response.content.decode()
    assert "dw-status--completed" in html and "Q3 2027" in html and 'role="status"' in html
