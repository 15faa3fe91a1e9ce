"""Who joins a Bibob team: never by one's own hand, and never quietly."""

import pytest
from django.core.exceptions import ValidationError

from dijkwacht.notifications.models import Notification
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.services import membership_create, membership_update
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_platform_admin_cannot_give_themselves_the_bibob_role(admin_user, enschede):
    with pytest.raises(ValidationError) as refused:
        membership_create(actor=admin_user, user=admin_user, role=Role.BIBOB, organisation=enschede)
    assert refused.value.message_dict["role"] == [
        "Niemand geeft zichzelf de Bibob-rol: vraag het een andere platformbeheerder."
    ]
    contributor = MembershipFactory(user=admin_user, organisation=enschede, role=Role.CONTRIBUTOR)
    with pytest.raises(ValidationError):
        membership_update(actor=admin_user, membership=contributor, values={"role": Role.BIBOB})
    assert not Membership.objects.filter(user=admin_user, role=Role.BIBOB).exists()


def test_nor_in_the_admin(client, admin_user, enschede, verified):
    client.force_login(admin_user)
    response = client.post(
        "/beheer/organisations/membership/add/",
        {"user": admin_user.pk, "role": Role.BIBOB, "organisation": enschede.pk, "title": ""},
    )
    assert response.status_code == 200
    assert "Niemand geeft zichzelf de Bibob-rol" in response.content.decode()
    assert not Membership.objects.filter(user=admin_user, role=Role.BIBOB).exists()


def test_the_team_and_the_other_admins_are_told_of_a_new_officer(
    client, admin_user, officer, hengelo_officer, enschede, verified
):
    other_admin = UserFactory(email="other-admin@example.test")
    MembershipFactory(user=other_admin, organisation=None, role=Role.ADMIN)
    newcomer = UserFactory(email="nieuw@example.test", full_name="Nina Nieuw")
    client.force_login(admin_user)
    response = client.post(
        "/beheer/organisations/membership/add/",
        {"user": newcomer.pk, "role": Role.BIBOB, "organisation": enschede.pk, "title": ""},
    )
    assert response.status_code == 302
    told = set(
        Notification.objects.filter(event="organisations.bibob_granted").values_list(
            "user__email", flat=True
        )
    )
    assert told == {officer.email, other_admin.email}
    title = Notification.objects.filter(user=officer).latest("pk").title
    assert title == "Nina Nieuw is nu Bibob-medewerker van Enschede"
