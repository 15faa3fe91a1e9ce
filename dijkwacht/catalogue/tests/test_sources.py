"""Factsheets of sources: who sees which, who keeps them, what a factsheet must say, and the
list's filters and download."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dijkwacht.catalogue import services
from dijkwacht.catalogue.models import InformationSource, Visibility
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


@pytest.fixture
def hengelo_person(hengelo):
    user = UserFactory(email="hengelo@example.test", full_name="Henny Hengelo")
    MembershipFactory(user=user, organisation=hengelo, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def shared(enschede, coordinator):
    return make_source(enschede, coordinator, title="Gedeeld register", themes=["vastgoed"])


@pytest.fixture
def own_only(enschede, coordinator):
    return make_source(
        enschede, coordinator, title="Eigen register", visibility=Visibility.ORGANISATION
    )


def _titles(client, user, url=None, **params):
    client.force_login(user)
    response = client.get(url or reverse("catalogue:source_list"), params)
    assert response.status_code == 200
    return [s.title for s in response.context["sources"]]


def test_a_partnership_member_sees_a_shared_source_but_not_an_own_organisation_one(
    client, shared, own_only, hengelo_person, contributor
):
    assert _titles(client, hengelo_person) == ["Gedeeld register"]
    assert _titles(client, contributor) == ["Eigen register", "Gedeeld register"]


def test_an_own_organisation_source_never_reaches_another_organisation(
    client, own_only, hengelo_person, viewer, other_coordinator
):
    for user in (hengelo_person, viewer, other_coordinator):
        client.force_login(user)
        page = client.get(reverse("catalogue:source_detail", args=[own_only.pk]))
        api = client.get(f"/api/v1/sources/{own_only.pk}")
        listed = client.get("/api/v1/sources").json()
        assert page.status_code == 404
        assert api.status_code == 404
        assert own_only.pk not in [s["id"] for s in listed]


def test_another_partnership_sees_nothing_of_twente(client, shared, other_coordinator):
    assert _titles(client, other_coordinator) == []
    response = client.get(reverse("catalogue:source_detail", args=[shared.pk]))
    assert response.status_code == 404


def test_the_viewer_reads_the_factsheet_and_its_passport(client, shared, viewer):
    client.force_login(viewer)
    response = client.get(reverse("catalogue:source_detail", args=[shared.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deelpaspoort" in page
    assert "Met het formulier." in page
    # A viewer keeps nothing, and asks on behalf of their organisation like anyone.
    assert reverse("catalogue:source_edit", args=[shared.pk]) not in page
    client.force_login(viewer)
    assert client.get(reverse("catalogue:source_edit", args=[shared.pk])).status_code == 404


def test_filters_narrow_the_list_and_the_download(client, enschede, coordinator, shared):
    make_source(enschede, coordinator, title="Open kaart", access_level="publiek",
                description="Luchtfoto's van de provincie")  # fmt: skip
    make_source(enschede, coordinator, title="Personen", personal_data=True,
                legal_basis="wpg")  # fmt: skip
    assert _titles(client, coordinator, theme="vastgoed") == ["Gedeeld register"]
    assert _titles(client, coordinator, access_level="publiek") == ["Open kaart"]
    assert _titles(client, coordinator, personal_data="ja") == ["Personen"]
    assert _titles(client, coordinator, personal_data="nee") == ["Gedeeld register", "Open kaart"]
    assert _titles(client, coordinator, legal_basis="wpg") == ["Personen"]
    assert _titles(client, coordinator, q="luchtfoto") == ["Open kaart"]
    assert _titles(client, coordinator, holder=enschede.pk) == [
        "Gedeeld register",
        "Open kaart",
        "Personen",
    ]
    # A value that is not offered narrows nothing rather than failing.
    assert len(_titles(client, coordinator, theme="bestaat-niet")) == 3
    csv = client.get(reverse("catalogue:source_list_csv"), {"legal_basis": "wpg"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"].startswith("attachment")
    assert "Personen" in text and "Open kaart" not in text
    assert "Wet politiegegevens" in text.splitlines()[1]


def _fields(owner, **overrides):
    values = {
        "title": "Nieuw register",
        "description": "Wat erin staat.",
        "owner": owner,
        "contact_name": "Balie",
        "contact_email": "balie@example.test",
        "kind": "register",
        "access_level": "niet_publiek",
        "restriction_reason": "PRIVACY",
        "legal_basis": "avg_6_1_e",
        "how_to_request": "Bel de balie.",
    }
    return {**values, **overrides}


def test_a_source_that_is_not_open_needs_its_reason_basis_and_how_to_ask(enschede, coordinator):
    with pytest.raises(ValidationError) as error:
        services.source_create(
            actor=coordinator,
            holder=enschede,
            **_fields(coordinator, restriction_reason="", legal_basis="", how_to_request=""),
        )
    assert set(error.value.message_dict) == {"restriction_reason", "legal_basis", "how_to_request"}
    assert not InformationSource.objects.exists()


def test_an_open_source_drops_a_reason_and_gets_a_licence(enschede, coordinator):
    source = services.source_create(
        actor=coordinator, holder=enschede,
        **_fields(coordinator, access_level="publiek", legal_basis="", how_to_request=""),
    )  # fmt: skip
    assert source.restriction_reason == ""
    assert "publicdomain/zero" in source.licence


def test_the_owner_and_deputy_work_at_the_holder(enschede, coordinator, viewer):
    with pytest.raises(ValidationError) as error:
        services.source_create(actor=coordinator, holder=enschede, **_fields(viewer, deputy=viewer))
    assert set(error.value.message_dict) == {"owner", "deputy"}


def test_the_coverage_is_checked_against_the_cbs_codes(enschede, coordinator):
    with pytest.raises(ValidationError) as error:
        services.source_create(
            actor=coordinator, holder=enschede, **_fields(coordinator, coverage=["GM0153", "XX1"])
        )
    assert "XX1" in error.value.message_dict["coverage"][0]
    source = services.source_create(
        actor=coordinator, holder=enschede, **_fields(coordinator, coverage=["gm0153", "GM0153"])
    )
    assert source.coverage == ["GM0153"]


def test_only_the_holders_keepers_describe_its_sources(enschede, hengelo_person, viewer):
    for user in (hengelo_person, viewer):
        with pytest.raises(PermissionDenied):
            services.source_create(actor=user, holder=enschede, **_fields(user))


def test_the_form_shows_each_problem_next_to_its_field_and_writes_nothing(
    client, enschede, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("catalogue:source_create"),
        {
            "holder": enschede.pk,
            "title": "Register",
            "description": "Iets",
            "owner": coordinator.pk,
            "contact_name": "Balie",
            "contact_email": "balie@example.test",
            "kind": "register",
            "frequency": "UNKNOWN",
            "access_level": "niet_publiek",
            "visibility": "samenwerking",
            "decision_days": "28",
            "coverage": "GM0153 ZZ99",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"restriction_reason", "legal_basis", "how_to_request"}
    assert not InformationSource.objects.exists()


def test_keeping_a_source_through_the_pages(client, enschede, coordinator, contributor):
    client.force_login(coordinator)
    data = {
        "holder": enschede.pk,
        "title": "Register",
        "description": "Iets",
        "owner": coordinator.pk,
        "deputy": contributor.pk,
        "contact_name": "Balie",
        "contact_email": "balie@example.test",
        "kind": "register",
        "frequency": "MONTHLY",
        "access_level": "beperkt",
        "restriction_reason": "VERTROUWELIJK",
        "legal_basis": "riec_convenant",
        "how_to_request": "Via het formulier.",
        "visibility": "samenwerking",
        "decision_days": "14",
        "coverage": "GM0153, GM0164",
    }
    response = client.post(reverse("catalogue:source_create"), data)
    source = InformationSource.objects.get()
    assert response.status_code == 302
    assert source.coverage == ["GM0153", "GM0164"]
    assert source.deputy == contributor
    client.post(reverse("catalogue:source_edit", args=[source.pk]), {**data, "title": "Nieuw"})
    source.refresh_from_db()
    assert source.title == "Nieuw"
    changes = AuditEvent.objects.get(action="catalogue.source_update").changes
    assert changes["title"] == ["Register", "Nieuw"]
    # The deputy (who is also a keeper at Enschede) may edit; the page names the areas.
    page = client.get(reverse("catalogue:source_detail", args=[source.pk])).content.decode()
    assert "Enschede, Hengelo" in page
