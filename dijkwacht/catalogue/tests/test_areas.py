"""Areas on the map: reading them from GeoJSON (all or nothing, problems per feature), who sees
which (a shielded area never reaches another organisation: not by page, map or API), the map's
layers and the counts per municipality, keeping one, and what concerns an area."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dijkwacht.catalogue.models import Area, AreaKind, Visibility
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.roles import Role
from tests.factories import (
    MembershipFactory,
    UserFactory,
    area_feature,
    make_area,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

HENGELO = (6.79, 52.265)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def hengelo_person(hengelo, twente):
    user = UserFactory(email="hengelo@example.test", full_name="Henny Hengelo")
    MembershipFactory(user=user, organisation=hengelo, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def shared(enschede, twente):
    return make_area(enschede, "Park Gedeeld", status="in aanpak", eenheden=80)


@pytest.fixture
def shielded(enschede, twente):
    return make_area(
        enschede, "Park Afgeschermd", visibility=Visibility.ORGANISATION, status="in aanpak"
    )


def _upload(client, user, features, **fields):
    client.force_login(user)
    body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    data = {"visibility": "samenwerking", "kind": "", **fields}
    data["file"] = SimpleUploadedFile("gebieden.geojson", body, "application/geo+json")
    return client.post(reverse("catalogue:area_import"), data)


def test_a_keeper_reads_areas_from_a_file_each_in_the_municipality_it_lies_in(
    client, contributor, enschede, hengelo
):
    response = _upload(
        client,
        contributor,
        [
            area_feature("Park Zuid", soort="Vakantieparken", status="Vitaal", eenheden="40"),
            area_feature("Kade", *HENGELO, half=0, soort="havens"),
        ],
        owner=enschede.pk,
    )
    assert response.status_code == 302
    park, quay = Area.objects.order_by("name")[1], Area.objects.order_by("name")[0]
    assert (park.kind.code, park.status, park.units) == ("vakantieparken", "vitaal", 40)
    assert park.municipality == enschede and park.owner == enschede
    assert quay.is_point and quay.municipality == hengelo
    assert AuditEvent.objects.filter(action="catalogue.area_create").count() == 2


def test_with_one_wrong_feature_nothing_is_written_and_each_problem_is_listed(
    client, contributor, enschede
):
    response = _upload(
        client,
        contributor,
        [
            area_feature("Goed"),
            area_feature("Zonder soort"),
            area_feature("Rare status", soort="vakantieparken", status="prachtig"),
            area_feature("Onbekende soort", soort="kerncentrales"),
            area_feature("Op zee", 4.2, 52.9, soort="havens", half=0),
            area_feature("Dubbel", soort="havens", half=0, **{"zichtbaar voor": "iedereen"}),
            area_feature("dubbel", soort="havens", half=0),
        ],
        owner=enschede.pk,
        kind="",
    )
    assert response.status_code == 200
    assert not Area.objects.exists()
    problems = response.context["form"].problems
    assert problems == [
        "Object 1 (Goed): het heeft geen soort: kies er een voor het bestand, of geef “soort”.",
        "Object 2 (Zonder soort): het heeft geen soort: kies er een voor het bestand, of geef "
        "“soort”.",
        "Object 3 (Rare status): de status “prachtig” hoort niet bij Vakantieparken (kies uit: "
        "vitaal, niet vitaal, in aanpak, getransformeerd).",
        "Object 4 (Onbekende soort): de soort “kerncentrales” is onbekend.",
        "Object 5 (Op zee): het ligt niet in een Nederlandse gemeente.",
        "Object 6 (Dubbel): “zichtbaar voor” is “samenwerking” of “organisatie”, niet “iedereen”.",
        "Object 7 (dubbel): een gebied van deze soort en naam staat twee keer in het bestand.",
    ]
    assert "Het bestand heeft 7 problemen; er is niets opgeslagen." in response.content.decode()


def test_reading_the_same_name_again_changes_the_area(client, contributor, enschede, shared):
    response = _upload(
        client,
        contributor,
        [area_feature("Park Gedeeld", *HENGELO, status="vitaal")],
        owner=enschede.pk,
        kind=AreaKind.objects.get(code="vakantieparken").pk,
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.status == "vitaal" and shared.municipality.name == "Hengelo (O.)"
    assert Area.objects.count() == 1


def test_reading_a_file_again_never_shares_a_shielded_area(client, contributor, enschede, shielded):
    response = _upload(
        client,
        contributor,
        [area_feature("Park Afgeschermd", status="vitaal"), area_feature("Nieuw")],
        owner=enschede.pk,
        kind=AreaKind.objects.get(code="vakantieparken").pk,
        visibility="samenwerking",
    )
    assert response.status_code == 302
    shielded.refresh_from_db()
    assert (shielded.visibility, shielded.status) == ("organisatie", "vitaal")
    assert Area.objects.get(name="Nieuw").visibility == "samenwerking"
    change = AuditEvent.objects.filter(action="catalogue.area_update").latest("pk")
    assert change.changes == {"status": ["in aanpak", "vitaal"]}


def test_only_a_keeper_of_the_owner_reads_areas_for_it(client, hengelo_person, enschede, viewer):
    response = _upload(client, hengelo_person, [area_feature("Park")], owner=enschede.pk)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    client.force_login(viewer)
    assert client.get(reverse("catalogue:area_import")).status_code == 404
    assert not Area.objects.exists()


def _listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("catalogue:area_list"), params)
    assert response.status_code == 200
    return [a.name for a in response.context["areas"]]


def test_a_shielded_area_never_reaches_another_organisation(
    client, shared, shielded, contributor, hengelo_person, viewer, other_coordinator, twente
):
    assert _listed(client, contributor) == ["Park Afgeschermd", "Park Gedeeld"]
    map_url = reverse("insights:partnership_map", args=[twente.pk])
    for user in (hengelo_person, viewer):
        assert _listed(client, user) == ["Park Gedeeld"]
        page = client.get(map_url, {"laag": "vakantieparken"})
        drawn = [d.area.name for d in page.context["layers"].areas]
        assert drawn == ["Park Gedeeld"]
        assert "Park Afgeschermd" not in page.content.decode()
    for user in (hengelo_person, viewer, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("catalogue:area_detail", args=[shielded.pk])).status_code == 404
        assert client.get(f"/api/v1/areas/{shielded.pk}").status_code == 404
        listed = client.get("/api/v1/areas").json()
        assert shielded.pk not in [f["id"] for f in listed["features"]]
        csv = client.get(reverse("catalogue:area_list_csv")).content.decode()
        assert "Park Afgeschermd" not in csv
    client.force_login(other_coordinator)
    assert client.get(reverse("catalogue:area_detail", args=[shared.pk])).status_code == 404


def test_the_map_draws_the_chosen_layers_with_a_legend_and_a_list(
    client, shared, contributor, twente, enschede
):
    make_area(enschede, "Terrein Oost", kind="bedrijventerreinen", lon=6.93, lat=52.24)
    client.force_login(contributor)
    url = reverse("insights:partnership_map", args=[twente.pk])
    off = client.get(url)
    switches = {s.code: (s.count, s.on) for s in off.context["layers"].switches}
    assert switches == {"vakantieparken": (1, False), "bedrijventerreinen": (1, False)}
    assert off.context["layers"].areas == []
    on = client.get(url, {"laag": ["vakantieparken", "onbekend"]})
    page = on.content.decode()
    assert [d.area.name for d in on.context["layers"].areas] == ["Park Gedeeld"]
    detail = reverse("catalogue:area_detail", args=[shared.pk])
    assert (
        f'<a href="{detail}" aria-label="Park Gedeeld — Vakantieparken, in aanpak (Enschede)">'
        in page
    )
    assert "Kaartlagen" in page and "1 gebied op de kaart" in page
    assert "Terrein Oost" not in page


def test_areas_counted_per_municipality_are_figures_on_the_map(
    client, shared, shielded, contributor, hengelo_person, twente, enschede, hengelo
):
    make_area(enschede, "Park Hengelo", lon=HENGELO[0], lat=HENGELO[1], status="vitaal")
    url = reverse("insights:partnership_map", args=[twente.pk])
    client.force_login(contributor)
    page = client.get(url, {"indicator": "gebieden-vakantieparken-in-aanpak"})
    assert page.context["map"].indicator.name == "Vakantieparken: in aanpak (aantal)"
    rows = {r.name: r.value for r in page.context["map"].rows}
    assert rows["Enschede"] == "2" and rows["Hengelo (O.)"] == "0"
    client.force_login(hengelo_person)  # the shielded park is not counted for them
    page = client.get(url, {"indicator": "gebieden-vakantieparken-in-aanpak"})
    rows = {r.name: r.value for r in page.context["map"].rows}
    assert rows["Enschede"] == "1"
    total = client.get(url, {"indicator": "gebieden-vakantieparken"}).context["map"]
    assert {r.name: r.value for r in total.rows}["Hengelo (O.)"] == "1"


def test_an_area_links_the_sources_actions_and_contact_persons_that_concern_it(
    client, shared, coordinator, contributor, enschede, twente, hengelo_person
):
    from dijkwacht.catalogue import services
    from dijkwacht.catalogue.models import Theme

    source = make_source(enschede, coordinator, title="Parkenregister")
    theme = Theme.objects.get(code="vakantieparken")
    services.contact_save(
        actor=coordinator,
        partnership=twente,
        organisation=enschede,
        theme=theme,
        name="Eva Parken",
        email="eva@example.test",
    )
    client.force_login(contributor)
    edit = reverse("catalogue:area_edit", args=[shared.pk])
    response = client.post(
        edit,
        {
            "name": "Park Gedeeld",
            "kind": shared.kind.pk,
            "status": "niet vitaal",
            "units": "90",
            "description": "Aanpak loopt.",
            "visibility": "samenwerking",
            "sources": [source.pk],
        },
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.status, shared.units) == ("niet vitaal", 90)
    assert list(shared.sources.all()) == [source]
    client.force_login(hengelo_person)
    page = client.get(reverse("catalogue:area_detail", args=[shared.pk]))
    assert [s.title for s in page.context["sources"]] == ["Parkenregister"]
    assert [c.name for c in page.context["contacts"]] == ["Eva Parken"]
    assert client.get(edit).status_code == 404


def test_a_status_the_kind_does_not_know_is_said_next_to_the_field(client, shared, contributor):
    client.force_login(contributor)
    terrain = AreaKind.objects.get(code="bedrijventerreinen")
    response = client.post(
        reverse("catalogue:area_edit", args=[shared.pk]),
        {
            "name": "Park Gedeeld",
            "kind": terrain.pk,
            "status": "vitaal",
            "visibility": "samenwerking",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == [
        "de status “vitaal” hoort niet bij Bedrijventerreinen (kies uit: met Keurmerk Veilig "
        "Ondernemen, zonder keurmerk, in aanpak)."
    ]
    shared.refresh_from_db()
    assert shared.kind.code == "vakantieparken"


def test_the_download_reads_back_as_it_is(client, shared, contributor, enschede):
    client.force_login(contributor)
    download = client.get(reverse("catalogue:area_list_geojson"))
    assert download["Content-Type"].startswith("application/geo+json")
    collection = json.loads(download.content)
    assert collection["features"][0]["properties"]["gemeente"] == "GM0153"
    response = client.post(
        reverse("catalogue:area_import"),
        {
            "owner": enschede.pk,
            "visibility": "samenwerking",
            "file": SimpleUploadedFile("terug.geojson", download.content),
        },
    )
    assert response.status_code == 302
    assert Area.objects.count() == 1
    shared.refresh_from_db()
    assert shared.attributes == {} and shared.status == "in aanpak" and shared.units == 80


def test_a_filter_with_a_value_not_offered_leaves_the_others_working(
    client, shared, shielded, contributor, enschede
):
    make_area(enschede, "Kade", kind="havens", lon=6.9, lat=52.21)
    assert _listed(client, contributor, q="Park", owner=999999) == [
        "Park Afgeschermd",
        "Park Gedeeld",
    ]
    assert _listed(client, contributor, status="in aanpak", kind="havens") == []
    page = client.get(reverse("catalogue:area_list"), {"owner": 999999})
    assert not page.context["filtered"]


def test_saving_an_area_keeps_a_free_status_and_the_links_the_editor_does_not_see(
    client, contributor, enschede, hengelo, coordinator, other_coordinator, utrecht_city
):
    quay = make_area(enschede, "Kade", kind="havens", lon=6.9, lat=52.21, status="in gebruik")
    hidden = make_source(utrecht_city, other_coordinator, title="Utrechts register")
    quay.sources.set([hidden])
    client.force_login(contributor)
    response = client.post(
        reverse("catalogue:area_edit", args=[quay.pk]),
        {
            "name": "Kade",
            "kind": quay.kind.pk,
            "status": "in gebruik",
            "visibility": "samenwerking",
        },
    )
    assert response.status_code == 302
    quay.refresh_from_db()
    assert quay.status == "in gebruik"
    assert list(quay.sources.all()) == [hidden]


def test_removing_an_area_is_for_its_keepers(client, shared, contributor, hengelo_person):
    url = reverse("catalogue:area_delete", args=[shared.pk])
    client.force_login(hengelo_person)
    assert client.post(url).status_code == 404
    client.force_login(contributor)
    assert client.post(url).status_code == 302
    assert not Area.objects.exists()
    assert AuditEvent.objects.filter(action="catalogue.area_delete").exists()


def test_the_api_reads_geojson_in_and_writes_it_out(client, contributor, enschede, hengelo_person):
    client.force_login(contributor)
    url = f"/api/v1/areas?owner={enschede.pk}&kind=vakantieparken"
    body = {"type": "FeatureCollection", "features": [area_feature("Park API", status="vitaal")]}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json() == {"created": 1, "updated": 0}
    wrong = client.post(
        url,
        {
            "type": "FeatureCollection",
            "features": [area_feature("Goed"), area_feature("Zee", 4.2, 52.9)],
        },
        content_type="application/json",
    )
    assert wrong.status_code == 422
    params = {p["name"]: p["reason"] for p in wrong.json()["invalidParams"]}
    assert list(params) == ["features[1]"]
    assert Area.objects.count() == 1
    client.force_login(hengelo_person)
    listed = client.get("/api/v1/areas", {"page_size": 10})
    assert listed["Content-Type"] == "application/geo+json"
    assert listed["X-Total-Count"] == "1"
    feature = listed.json()["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["naam"] == "Park API"
    foreign = client.post(
        f"/api/v1/areas?owner={enschede.pk}", body, content_type="application/json"
    )
    assert foreign.status_code == 422
    assert Area.objects.count() == 1
