"""A coordinator invites the people of the partnership's organisations and sees who works in
it: the invitation mails a link to choose a password; an account that exists just gets the
role."""

import pytest
from django.core import mail

from dijkwacht.accounts.models import Invitation, User
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, partnership, organisation, **fields):
    data = {
        "email": "nieuw@hengelo.example", "full_name": "Nina Nieuw",
        "organisation": organisation.pk, "role": Role.CONTRIBUTOR, **fields,
    }  # fmt: skip
    return client.post(f"/samenwerkingsverbanden/{partnership.pk}/mensen/", data, follow=True)


def test_a_coordinator_invites_someone_of_a_member_organisation(
    client, coordinator, contributor, twente, hengelo, verified, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    assert (
        "Mensen en uitnodigingen"
        in client.get(f"/samenwerkingsverbanden/{twente.pk}/").content.decode()
    )
    page = client.get(f"/samenwerkingsverbanden/{twente.pk}/mensen/").content.decode()
    assert "Ciska Contribuant" in page and "Coby Coördinator" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, twente, hengelo, role=Role.VIEWER, title="Beleidsadviseur")
    page = response.content.decode()
    assert "Nina Nieuw heeft nu deze rol" in page
    user = User.objects.get(email="nieuw@hengelo.example")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.partnership) == (
        hengelo, Role.VIEWER, twente,
    )  # fmt: skip
    assert membership.title == "Beleidsadviseur"
    (message,) = mail.outbox
    assert message.to == ["nieuw@hengelo.example"] and "/uitnodiging/" in message.body
    assert "Coby Coördinator" in message.body
    assert "uitgenodigd" in page and "Opnieuw uitnodigen" in page

    # Again, with a fresh link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/samenwerkingsverbanden/{twente.pk}/mensen/{user.pk}/opnieuw-uitnodigen/")
    assert len(mail.outbox) == 2 and Invitation.objects.filter(user=user).count() == 2
    assert AuditEvent.objects.filter(action="organisations.membership_create").exists()


def test_someone_with_an_account_gets_the_role_without_an_invitation(
    client, coordinator, twente, hengelo, verified, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bestaand@hengelo.example", full_name="Bert Bestaand")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        page = _invite(client, twente, hengelo, email="Bestaand@Hengelo.example").content.decode()
    assert "heeft nu deze rol" in page
    assert Membership.objects.filter(user=existing, organisation=hengelo).exists()
    assert not mail.outbox and not Invitation.objects.exists()

    again = _invite(client, twente, hengelo, email="bestaand@hengelo.example").content.decode()
    assert "heeft deze rol hier al" in again
    assert Membership.objects.filter(user=existing).count() == 1


def test_bad_input_is_said_at_the_field_and_writes_nothing(
    client, coordinator, twente, hengelo, utrecht_city, verified
):
    client.force_login(coordinator)
    page = _invite(client, twente, utrecht_city).content.decode()  # not a member
    assert "Selecteer een geldige keuze" in page
    page = _invite(client, twente, hengelo, role=Role.HANDLER).content.decode()
    assert "Selecteer een geldige keuze" in page
    page = _invite(client, twente, hengelo, email="geen-adres", full_name="").content.decode()
    assert "geldig e-mailadres" in page and "Dit veld is verplicht" in page
    assert not User.objects.filter(full_name="Nina Nieuw").exists()
    assert not Invitation.objects.exists()


def test_only_the_partnerships_coordinators_invite(
    client, contributor, viewer, other_coordinator, twente, hengelo, verified
):
    url = f"/samenwerkingsverbanden/{twente.pk}/mensen/"
    for person, status in ((contributor, 403), (viewer, 403), (other_coordinator, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person
        assert _invite(client, twente, hengelo).status_code == status
    client.force_login(viewer)
    assert (
        "Mensen en uitnodigingen"
        not in client.get(f"/samenwerkingsverbanden/{twente.pk}/").content.decode()
    )
    assert not User.objects.filter(email="nieuw@hengelo.example").exists()


def test_someone_of_another_partnership_cannot_be_invited_again_here(
    client, coordinator, other_contributor, twente, verified
):
    client.force_login(coordinator)
    url = f"/samenwerkingsverbanden/{twente.pk}/mensen/{other_contributor.pk}/opnieuw-uitnodigen/"
    assert client.post(url).status_code == 404


def test_a_coordinator_gives_no_role_to_themself_nor_beyond_their_partnerships(
    client, coordinator, twente, enschede, hengelo, utrecht, verified
):
    """A contributor works for the organisation in every partnership it is in: only who
    coordinates all of those gives the role. A partnership role stays in this partnership."""
    client.force_login(coordinator)
    page = _invite(client, twente, hengelo, email="Coordinator@example.test").content.decode()
    assert "Je kunt jezelf geen rol geven" in page
    utrecht.members.add(hengelo)  # Hengelo now also works in a partnership Coby does not lead
    page = _invite(client, twente, hengelo).content.decode()
    assert "neemt ook deel aan een samenwerkingsverband" in page
    assert not User.objects.filter(email="nieuw@hengelo.example").exists()
    _invite(client, twente, hengelo, role=Role.VIEWER)  # a role within Twente is fine
    membership = Membership.objects.get(user__email="nieuw@hengelo.example")
    assert membership.partnership == twente
    for role in (Role.ADMIN, Role.BIBOB):
        page = _invite(client, twente, enschede, email="x@enschede.example", role=role)
        assert "Selecteer een geldige keuze" in page.content.decode()
