"""A coordinator brings people into the partnership: invited by e-mail, or a role for someone
who has an account."""

import re

import pytest
from django.core import mail

from dijkwacht.accounts.models import User
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role

pytestmark = pytest.mark.django_db


def _url(partnership) -> str:
    return f"/samenwerkingsverbanden/{partnership.pk}/mensen/"


def test_a_coordinator_invites_someone_who_then_chooses_a_password(
    client, coordinator, twente, hengelo, verified, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(_url(twente)).content.decode()
    assert coordinator.email in page  # the people with a role
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(twente),
            {"email": "Nieuw@Hengelo.example", "full_name": "Hanneke Nieuw",
             "organisation": hengelo.pk, "role": Role.CONTRIBUTOR, "title": "Beleidsadviseur"},
            follow=True,
        )  # fmt: skip
    assert "is uitgenodigd" in response.content.decode()
    person = User.objects.get(email="nieuw@hengelo.example")
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.organisation, membership.partnership) == (
        Role.CONTRIBUTOR, hengelo, None,
    )  # fmt: skip
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert re.search(r"/uitnodiging/\S+/", mail.outbox[0].body)
    assert "nog geen wachtwoord gekozen" in response.content.decode()
    assert AuditEvent.objects.filter(actor=coordinator, action="accounts.user_invite").exists()


def test_someone_with_an_account_gets_the_role_without_an_invitation(
    client, coordinator, contributor, twente, enschede, verified,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(twente),
            {"email": contributor.email, "full_name": "x", "organisation": enschede.pk,
             "role": Role.VIEWER},
            follow=True,
        )  # fmt: skip
    assert "heeft al een account" in response.content.decode()
    assert Membership.objects.filter(user=contributor, role=Role.VIEWER, partnership=twente)
    assert mail.outbox == []
    contributor.refresh_from_db()
    assert contributor.full_name != "x"


def test_only_the_roles_and_organisations_of_the_partnership(
    client, coordinator, twente, utrecht_city, verified
):
    client.force_login(coordinator)
    for role, organisation in (
        (Role.ADMIN, twente.members.first()),
        (Role.HANDLER, twente.members.first()),
        (Role.CONTRIBUTOR, utrecht_city),
    ):
        response = client.post(
            _url(twente),
            {"email": "x@example.test", "full_name": "X", "organisation": organisation.pk,
             "role": role},
        )  # fmt: skip
        assert response.status_code == 400
    assert not User.objects.filter(email="x@example.test").exists()


def test_only_its_coordinators_and_nobody_from_elsewhere(
    client, contributor, viewer, other_coordinator, twente, verified
):
    for person, status in ((contributor, 403), (viewer, 403), (other_coordinator, 404)):
        client.force_login(person)
        assert client.get(_url(twente)).status_code == status
        assert client.post(_url(twente), {"email": "x@example.test"}).status_code == status
