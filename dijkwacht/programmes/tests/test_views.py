import pytest

from dijkwacht.programmes.models import Commitment, Status, StatusUpdate
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(twente, [enschede, hengelo], actions=2, name="Weerbaar Twente")


def _url(programme, organisation, suffix=""):
    cell = Commitment.objects.filter(programme=programme, organisation=organisation).first()
    return f"/programmas/{programme.pk}/matrix/{cell.action_id}/{organisation.pk}/{suffix}", cell


def test_programme_list_and_page(client, contributor, programme, utrecht):
    make_programme(utrecht, [], actions=0, name="Utrechts plan")
    client.force_login(contributor)
    listing = client.get("/programmas/").content.decode()
    assert "Weerbaar Twente" in listing and "Utrechts plan" not in listing
    page = client.get(f"/programmas/{programme.pk}/").content.decode()
    assert "Thema 1" in page and "Actie 1.1" in page
    assert "0 van 4 klaar" in page or "0 of 4 done" in page


def test_matrix_shows_status_as_text_and_symbol_with_edit_links_for_own_cells(
    client, contributor, programme, enschede, hengelo
):
    client.force_login(contributor)
    html = client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    assert html.count("dw-status--undetermined") >= 4
    assert '<span aria-hidden="true">?</span>' in html
    own, _ = _url(programme, enschede)
    other, _ = _url(programme, hengelo)
    assert f'href="{own}"' in html
    assert f'href="{other}"' not in html
    assert 'scope="col"' in html and 'scope="row"' in html


def test_matrix_filter_by_status(client, coordinator, programme, enschede, verified):
    url, _cell = _url(programme, enschede)
    client.force_login(coordinator)
    client.post(url, {"status": Status.COMPLETED, "note": "klaar"})
    html = client.get(f"/programmas/{programme.pk}/matrix/?status=voltooid").content.decode()
    assert html.count('class="dw-cell ') == 1
    assert "Hengelo (O.)</th>" not in html


def test_contributor_updates_own_cell_without_javascript(client, contributor, programme, enschede):
    url, cell = _url(programme, enschede)
    client.force_login(contributor)
    form = client.get(url)
    assert form.status_code == 200 and 'name="status"' in form.content.decode()
    response = client.post(url, {"status": Status.IN_PROGRESS, "note": "Training in maart"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#cell-{cell.action_id}-{enschede.pk}")
    cell.refresh_from_db()
    assert cell.status == Status.IN_PROGRESS
    history = client.get(_url(programme, enschede, "geschiedenis/")[0]).content.decode()
    assert "Training in maart" in history


def test_contributor_updates_own_cell_with_htmx(client, contributor, programme, enschede):
    url, cell = _url(programme, enschede)
    client.force_login(contributor)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form") and "<html" not in fragment
    saved = client.post(
        url, {"status": Status.STRUCTURAL, "note": ""}, headers={"HX-Request": "true"}
    ).content.decode()
    assert saved.startswith('<div class="dw-cell dw-status--structural"')
    assert f'id="cell-{cell.action_id}-{enschede.pk}"' in saved
    assert "dw-status--structural" in saved and 'role="status"' in saved


def test_bad_input_stays_on_the_form_with_a_message(client, contributor, programme, enschede):
    url, cell = _url(programme, enschede)
    client.force_login(contributor)
    response = client.post(url, {"status": "paars", "note": "x" * 3000})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('aria-invalid="true"') == 2
    assert not StatusUpdate.objects.filter(commitment=cell).exists()


def test_contributor_gets_403_on_another_organisations_cell(
    client, contributor, programme, hengelo
):
    url, cell = _url(programme, hengelo)
    client.force_login(contributor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": Status.COMPLETED}).status_code == 403
    cell.refresh_from_db()
    assert cell.status == Status.UNDETERMINED
    assert client.get(_url(programme, hengelo, "geschiedenis/")[0]).status_code == 200


def test_my_actions_lists_own_cells_needing_input(client, contributor, programme, enschede):
    client.force_login(contributor)
    html = client.get("/mijn-acties/").content.decode()
    assert html.count("/matrix/") == 2
    url, _ = _url(programme, enschede)
    client.post(url, {"status": Status.COMPLETED})
    html = client.get("/mijn-acties/").content.decode()
    needs, up_to_date = html.split('<h2 class="utrecht-heading-2">')[1:3]
    assert needs.count("/matrix/") == 1 and up_to_date.count("/matrix/") == 1


def test_action_page_shows_cells_and_their_history(client, contributor, programme, enschede):
    action = programme.actions.order_by("position").first()
    url, _cell = _url(programme, enschede)
    client.force_login(contributor)
    client.post(url, {"status": Status.IN_PROGRESS, "note": "Gestart met de werkgroep"})
    html = client.get(f"/acties/{action.pk}/").content.decode()
    assert action.title in html and html.count('class="dw-cell ') == 2
    assert "Gestart met de werkgroep" in html


def test_cached_matrix_follows_every_change(client, coordinator, programme, enschede, verified):
    from dijkwacht.programmes import services

    client.force_login(coordinator)
    url = f"/programmas/{programme.pk}/matrix/"

    def table() -> str:
        return client.get(url).content.decode().split('id="matrix-table"')[1]

    assert "dw-status--completed" not in table()
    cell = Commitment.objects.filter(programme=programme, organisation=enschede).first()
    services.commitment_update(actor=coordinator, commitment=cell, status=Status.COMPLETED)
    assert "dw-status--completed" in table()
    services.theme_create(actor=coordinator, programme=programme, title="Nieuw thema")
    services.action_create(
        actor=coordinator, programme=programme, title="Verse actie", organisations=[enschede],
        theme=programme.themes.get(title="Nieuw thema"),
    )  # fmt: skip
    assert "Verse actie" in table()
    enschede.name = "Enschede (hernoemd)"
    enschede.save()
    assert "Enschede (hernoemd)" in table()


def test_action_page_title_is_plain_text(client, contributor, programme):
    action = programme.actions.order_by("position").first()
    client.force_login(contributor)
    html = client.get(f"/acties/{action.pk}/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and action.title in title
