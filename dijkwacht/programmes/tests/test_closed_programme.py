"""A programme whose period is over is closed: its matrix shows the final state."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dijkwacht.programmes import services
from dijkwacht.programmes.models import Commitment, Status
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(
        twente, [enschede, hengelo], actions=2, name="Weerbaar 2019",
        period_start=datetime.date(2019, 1, 1), period_end=datetime.date(2019, 12, 31),
    )  # fmt: skip


def _edit(client, programme, **fields):
    data = {
        "save_programme": "1", "name": programme.name, "stale_after_days": 90,
        "period_start": "2019-01-01", "period_end": "2019-12-31", **fields,
    }  # fmt: skip
    return client.post(f"/programmas/{programme.pk}/bewerken/", data)


def _cell_url(programme, organisation):
    cell = Commitment.objects.filter(programme=programme, organisation=organisation).first()
    return f"/programmas/{programme.pk}/matrix/{cell.action_id}/{organisation.pk}/"


def test_an_open_programme_counts_the_days_without_input(client, contributor, programme):
    client.force_login(contributor)
    html = client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    assert "de afgelopen 90 dagen" in html and "dw-stale" in html
    assert "afgesloten" not in html


def test_the_coordinator_closes_it_and_the_matrix_shows_the_final_state(
    client, coordinator, contributor, programme, enschede, verified
):
    client.force_login(coordinator)
    response = _edit(client, programme, closed_on="2020-01-31")
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.closed_on == datetime.date(2020, 1, 31)

    client.force_login(contributor)
    html = client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    assert "Dit programma is afgesloten op 31 januari 2020" in html
    assert "dagen" not in html and "dw-stale" not in html and 'name="stale"' not in html
    assert "afgesloten" in client.get("/programmas/").content.decode()
    # Nobody updates a closed programme's cells, not even its coordinator.
    url = _cell_url(programme, enschede)
    assert f'href="{url}"' not in html
    assert client.post(url, {"status": Status.COMPLETED}).status_code in (403, 404)
    client.force_login(coordinator)
    assert client.post(url, {"status": Status.COMPLETED}).status_code in (403, 404)
    assert not Commitment.objects.filter(programme=programme, status=Status.COMPLETED).exists()


def test_mijn_acties_leaves_closed_programmes_out(client, contributor, programme, coordinator):
    client.force_login(contributor)
    assert "Weerbaar 2019" in client.get("/mijn-acties/").content.decode()
    services.programme_update(
        actor=coordinator, programme=programme, closed_on=timezone.localdate()
    )
    assert "Weerbaar 2019" not in client.get("/mijn-acties/").content.decode()


def test_a_closed_programme_gets_no_new_round(programme, coordinator):
    services.programme_update(
        actor=coordinator, programme=programme, closed_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="afgesloten"):
        services.round_open(
            actor=coordinator, programme=programme, title="Ronde", deadline=timezone.localdate()
        )


def test_closing_is_refused_with_a_round_open_or_a_date_that_does_not_fit(
    client, coordinator, programme, verified
):
    client.force_login(coordinator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for value, message in (
        (tomorrow.isoformat(), "niet in de toekomst"),
        ("2018-12-31", "voordat het begint"),
    ):
        html = _edit(client, programme, closed_on=value).content.decode()
        assert message in html and 'aria-invalid="true"' in html
    services.round_open(
        actor=coordinator, programme=programme, title="Ronde", deadline=timezone.localdate()
    )
    html = _edit(client, programme, closed_on="2020-01-31").content.decode()
    assert "Sluit eerst de open voortgangsronde" in html
    programme.refresh_from_db()
    assert programme.closed_on is None


def test_reopening_brings_the_cells_back(client, coordinator, contributor, programme, enschede):
    services.programme_update(
        actor=coordinator, programme=programme, closed_on=timezone.localdate()
    )
    services.programme_update(actor=coordinator, programme=programme, closed_on=None)
    client.force_login(contributor)
    response = client.post(_cell_url(programme, enschede), {"status": Status.COMPLETED})
    assert response.status_code == 302


def test_the_api_says_when_a_programme_closed(client, contributor, programme, coordinator):
    services.programme_update(
        actor=coordinator, programme=programme, closed_on=datetime.date(2020, 1, 31)
    )
    client.force_login(contributor)
    body = client.get(f"/api/v1/programmes/{programme.pk}").json()
    assert body["closed_on"] == "2020-01-31"


def test_a_closed_plan_takes_no_new_actions_or_participants(
    client, programme, coordinator, hengelo, verified
):
    services.programme_update(
        actor=coordinator, programme=programme, closed_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="afgesloten"):
        services.action_create(actor=coordinator, programme=programme, title="Nieuw")
    with pytest.raises(ValidationError, match="afgesloten"):
        services.commitments_add(actor=coordinator, programme=programme, organisations=[hengelo])
    client.force_login(coordinator)
    # A bookmarked "without recent input" filter still shows the final state.
    html = client.get(f"/programmas/{programme.pk}/matrix/?stale=on").content.decode()
    assert html.count('class="dw-cell ') == 4


def test_a_refused_close_leaves_the_programme_as_it_was(programme, coordinator):
    services.round_open(
        actor=coordinator, programme=programme, title="Ronde", deadline=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        services.programme_update(
            actor=coordinator,
            programme=programme,
            name="Andere naam",
            closed_on=timezone.localdate(),
        )
    assert (programme.name, programme.closed_on) == ("Weerbaar 2019", None)
