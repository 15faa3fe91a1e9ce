import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_the_partnership_its_members_and_the_map(client, contributor, twente):
    client.force_login(contributor)
    html = client.get("/").content.decode()
    assert "Twente (test)" in html
    for name in ("Enschede", "Hengelo (O.)", "Provincie Overijssel"):
        assert name in html
    assert html.count("dw-map__area--member") == 2
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "Kaartgegevens: CBS/Kadaster, CC BY 4.0" in html


def test_historical_members_are_drawn_with_their_successor(client, admin_user, verified):
    from dijkwacht.organisations.models import Organisation
    from tests.factories import PartnershipFactory

    boxmeer = Organisation.objects.get(cbs_code="GM0756")
    cuijk = Organisation.objects.get(cbs_code="GM1684")
    boekel = Organisation.objects.get(cbs_code="GM0755")
    partnership = PartnershipFactory(members=[boxmeer, cuijk, boekel])
    client.force_login(admin_user)
    html = client.get(f"/samenwerkingsverbanden/{partnership.pk}/").content.decode()
    assert html.count("dw-map__area--member") == 2  # Land van Cuijk once, Boekel
    assert "Land van Cuijk (Boxmeer, Cuijk)" in html
    assert "tot 31 december 2021" in html


def test_member_list_downloads_as_csv_for_dutch_excel(client, contributor, twente):
    client.force_login(contributor)
    response = client.get(f"/samenwerkingsverbanden/{twente.pk}/deelnemers.csv")
    assert response["Content-Disposition"] == 'attachment; filename="deelnemers-twente-test.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Naam", "Soort", "CBS-code"]
    assert ["Enschede", "Gemeente", "GM0153", "Provincie Overijssel", "", "", ""] in rows
    assert len(rows) == 4


def test_switching_to_a_partnership_that_is_not_yours_changes_nothing(
    client, coordinator, twente, utrecht, verified
):
    client.force_login(coordinator)
    response = client.post(
        "/samenwerkingsverband-kiezen/", {"partnership": utrecht.pk}, follow=True
    )
    assert "Kies een van je eigen samenwerkingsverbanden." in response.content.decode() or (
        "Choose one of your own partnerships." in response.content.decode()
    )
    coordinator.refresh_from_db()
    assert coordinator.preferred_partnership_id != utrecht.pk


def test_home_lists_the_partnerships_programmes(client, contributor, twente, utrecht):
    from tests.factories import make_programme

    make_programme(twente, [], actions=0, name="Twents plan")
    make_programme(utrecht, [], actions=0, name="Utrechts plan")
    client.force_login(contributor)
    html = client.get("/").content.decode()
    assert "Twents plan" in html and "Utrechts plan" not in html


@pytest.mark.django_db
def test_the_header_names_the_users_organisations_in_the_current_partnership_first(
    twente, django_assert_num_queries
):
    from dijkwacht.organisations.permissions import access_for
    from dijkwacht.organisations.selectors import user_organisations_in
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    user = UserFactory()
    outside = [OrganisationFactory(name=name) for name in ("Aa en Hunze (test)", "Zwolle (test)")]
    inside = [OrganisationFactory(name=name) for name in ("Borne (test)", "Almelo (test)")]
    twente.members.add(*inside)
    for organisation in [*outside, *inside]:
        MembershipFactory(user=user, organisation=organisation)
    assert [o.name for o in user_organisations_in(user, twente)] == [
        "Almelo (test)",
        "Borne (test)",
        "Aa en Hunze (test)",
        "Zwolle (test)",
    ]
    assert user_organisations_in(user, None)[0].name == "Aa en Hunze (test)"
    # Read with the user's grants: the header asks nothing more of the database.
    access_for(user)
    with django_assert_num_queries(0):
        assert len(user_organisations_in(user, twente)) == 4
