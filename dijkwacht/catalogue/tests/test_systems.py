"""The overview of registration systems: who sees and records what, the gaps per kind, and
the download."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dijkwacht.catalogue import services, systems
from dijkwacht.catalogue.defaults import ensure_default_register_kinds
from dijkwacht.catalogue.models import RegisterKind, RegistrationSystem
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


@pytest.fixture
def kinds():
    ensure_default_register_kinds(RegisterKind)
    return {k.code: k for k in RegisterKind.objects.all()}


@pytest.fixture
def hengelo_person(hengelo):
    user = UserFactory(email="hengelo@example.test")
    MembershipFactory(user=user, organisation=hengelo, role=Role.CONTRIBUTOR)
    return user


def test_a_cell_is_a_system_no_register_or_unknown_and_a_column_counts_its_gaps():
    states = [systems.state(True), systems.state(False), systems.state(None), systems.state(True)]
    assert states == ["systeem", "geen", "onbekend", "systeem"]
    gap = systems.column_gap(states)
    assert (gap.total, gap.without, gap.unknown, gap.gaps) == (4, 1, 1, 2)


def test_a_register_names_its_product_and_none_clears_it(enschede, coordinator, kinds):
    with pytest.raises(ValidationError) as error:
        services.registration_system_save(
            actor=coordinator, organisation=enschede, kind=kinds["agressie"], product=" "
        )
    assert "product" in error.value.message_dict
    saved = services.registration_system_save(
        actor=coordinator, organisation=enschede, kind=kinds["agressie"], product="Excel"
    )
    saved = services.registration_system_save(
        actor=coordinator, organisation=enschede, kind=kinds["agressie"], has_register=False
    )
    assert (saved.has_register, saved.product) == (False, "")
    assert RegistrationSystem.objects.count() == 1


def test_who_records_a_members_system(enschede, hengelo, overijssel, contributor, coordinator,
                                      viewer, other_coordinator, kinds):  # fmt: skip
    save = services.registration_system_save
    save(actor=contributor, organisation=enschede, kind=kinds["bibob"], product="Excel")
    # Twente's coordinator draws up the overview for every member.
    save(actor=coordinator, organisation=hengelo, kind=kinds["bibob"], product="Excel")
    # The province's row is seen by every partnership it is in: only it keeps it.
    for user, organisation in [(contributor, hengelo), (viewer, hengelo), (coordinator, overijssel),
                               (other_coordinator, enschede)]:  # fmt: skip
        with pytest.raises(PermissionDenied):
            save(actor=user, organisation=organisation, kind=kinds["bibob"], product="Excel")


def test_the_matrix_shows_each_members_system_and_the_gaps(
    client, twente, enschede, hengelo, overijssel, contributor, kinds
):
    services.registration_system_save(
        actor=None, organisation=enschede, kind=kinds["agressie"], product="VPT-register",
        supplier="Leverancier",
    )  # fmt: skip
    services.registration_system_save(
        actor=None, organisation=hengelo, kind=kinds["agressie"], has_register=False
    )
    client.force_login(contributor)
    response = client.get(reverse("catalogue:systems_matrix", args=[twente.pk]), {"kind": ""})
    assert response.status_code == 200
    gaps = {kind.code: gap for kind, gap in response.context["gaps"]}
    # Three members: Enschede has one, Hengelo has none, the province said nothing.
    assert (gaps["agressie"].without, gaps["agressie"].unknown) == (1, 1)
    assert gaps["bibob"].unknown == 3
    page = response.content.decode()
    assert "VPT-register" in page and "Geen register" in page
    assert "Agressie-incidenten: 2 van 3 zonder bekend register" in page
    # The contributor changes Enschede's cells only; the coordinator every member's.
    editable = {row.organisation.pk for row in response.context["rows"] if row.editable}
    assert editable == {enschede.pk}
    # Without a filter: the municipalities, which the overview compares.
    municipalities = client.get(reverse("catalogue:systems_matrix", args=[twente.pk]))
    assert [r.organisation.pk for r in municipalities.context["rows"]] == [enschede.pk, hengelo.pk]
    gaps = {kind.code: gap for kind, gap in municipalities.context["gaps"]}
    assert (gaps["agressie"].total, gaps["agressie"].gaps) == (2, 1)


def test_recording_through_the_page_and_the_download(client, twente, enschede, hengelo,
                                                    contributor, kinds):  # fmt: skip
    client.force_login(contributor)
    edit = reverse("catalogue:system_edit", args=[twente.pk, enschede.pk, "integriteit"])
    response = client.post(edit, {"has_register": "on", "product": "", "hosting": "eigen",
                                  "reaches_riec": "onbekend"})  # fmt: skip
    assert response.status_code == 200
    assert "product" in response.context["form"].errors
    client.post(edit, {"has_register": "on", "product": "Meldsysteem", "hosting": "gedeeld",
                       "reaches_riec": "ja"})  # fmt: skip
    assert (
        RegistrationSystem.objects.get().get_hosting_display() == "gedeeld met andere organisaties"
    )
    other = reverse("catalogue:system_edit", args=[twente.pk, hengelo.pk, "integriteit"])
    assert client.get(other).status_code == 404
    csv = client.get(reverse("catalogue:systems_csv", args=[twente.pk]), {"kind": ""})
    csv = csv.content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("Organisatie;Signalen van ondermijning;Integriteitsmeldingen")
    enschede_line = next(line for line in lines if line.startswith("Enschede"))
    assert "Meldsysteem · gedeeld met andere organisaties · RIEC: ja" in enschede_line
    assert lines[-1].startswith("Zonder bekend register;3 van 3;2 van 3")


def test_another_partnership_sees_nothing(client, twente, enschede, other_coordinator, kinds):
    services.registration_system_save(
        actor=None, organisation=enschede, kind=kinds["bibob"], product="Excel"
    )
    client.force_login(other_coordinator)
    assert client.get(reverse("catalogue:systems_matrix", args=[twente.pk])).status_code == 404
    assert client.get("/api/v1/registration-systems").json() == []
    response = client.put(
        f"/api/v1/registration-systems/{enschede.pk}/bibob",
        data={"product": "X"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_api_lists_and_records(client, twente, enschede, hengelo_person, coordinator, kinds):
    client.force_login(coordinator)
    response = client.put(
        f"/api/v1/registration-systems/{enschede.pk}/agressie",
        data={"has_register": False},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["has_register"] is False
    client.force_login(hengelo_person)
    rows = client.get("/api/v1/registration-systems", {"partnership": twente.slug}).json()
    assert [(r["organisation"], r["kind"]) for r in rows] == [(enschede.pk, "agressie")]
    response = client.put(
        f"/api/v1/registration-systems/{enschede.pk}/agressie",
        data={"product": "X"},
        content_type="application/json",
    )
    assert response.status_code == 403
