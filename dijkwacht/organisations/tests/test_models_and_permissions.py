import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dijkwacht.organisations import permissions
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Compartment, Role
from dijkwacht.organisations.services import membership_create
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_partnership_roles_need_a_partnership(enschede):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        membership_create(actor=None, user=user, role=Role.COORDINATOR, organisation=enschede)
    assert "partnership" in error.value.message_dict
    assert not Membership.objects.filter(user=user).exists()


def test_database_refuses_a_coordinator_without_partnership(enschede):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), organisation=enschede, role=Role.COORDINATOR)


def test_organisation_must_be_member_of_the_partnership(enschede, utrecht):
    with pytest.raises(ValidationError) as error:
        membership_create(
            actor=None,
            user=UserFactory(),
            role=Role.ASSESSOR,
            organisation=enschede,
            partnership=utrecht,
        )
    assert "partnership" in error.value.message_dict


def test_handlers_need_compartments_and_only_handlers_have_them(enschede):
    with pytest.raises(ValidationError) as error:
        membership_create(actor=None, user=UserFactory(), role=Role.HANDLER, organisation=enschede)
    assert "compartments" in error.value.message_dict
    with pytest.raises(ValidationError):
        membership_create(
            actor=None,
            user=UserFactory(),
            role=Role.CONTRIBUTOR,
            organisation=enschede,
            compartments=[Compartment.INTEGRITY],
        )
    with pytest.raises(ValidationError):
        membership_create(
            actor=None,
            user=UserFactory(),
            role=Role.HANDLER,
            organisation=enschede,
            compartments=["geheim"],
        )


def test_admin_has_no_organisation(enschede):
    with pytest.raises(ValidationError):
        membership_create(actor=None, user=UserFactory(), role=Role.ADMIN, organisation=enschede)


def test_visible_organisations_are_own_and_partnership_members(
    contributor, other_contributor, enschede, hengelo, overijssel, utrecht_city, zeist
):
    visible = set(Organisation.objects.visible_to(access_for(contributor)))
    assert {enschede, hengelo, overijssel} <= visible
    assert utrecht_city not in visible and zeist not in visible
    assert set(Organisation.objects.visible_to(access_for(other_contributor))) == {
        utrecht_city,
        zeist,
    }


def test_visible_partnerships(coordinator, other_coordinator, twente, utrecht, admin_user, loner):
    assert list(Partnership.objects.visible_to(access_for(coordinator))) == [twente]
    assert list(Partnership.objects.visible_to(access_for(other_coordinator))) == [utrecht]
    assert set(Partnership.objects.visible_to(access_for(admin_user))) >= {twente, utrecht}
    assert not Partnership.objects.visible_to(access_for(loner)).exists()


def test_role_predicates(coordinator, contributor, viewer, handler, admin_user, twente, utrecht,
                         enschede, utrecht_city):  # fmt: skip
    assert permissions.can_coordinate(coordinator, twente)
    assert not permissions.can_coordinate(coordinator, utrecht)
    assert not permissions.can_coordinate(contributor, twente)
    assert not permissions.can_coordinate(viewer, twente)
    assert permissions.can_coordinate(admin_user, utrecht)
    assert permissions.has_role(contributor, Role.CONTRIBUTOR, organisation=enschede)
    assert not permissions.has_role(contributor, Role.CONTRIBUTOR, organisation=utrecht_city)
    assert permissions.can_handle_reports(handler, utrecht_city, Compartment.INTEGRITY)
    assert not permissions.can_handle_reports(handler, enschede, Compartment.INTEGRITY)


def test_handler_sees_only_granted_compartments(utrecht_city):
    user = UserFactory()
    MembershipFactory(
        user=user,
        organisation=utrecht_city,
        role=Role.HANDLER,
        compartments=[Compartment.AGGRESSION],
    )
    assert permissions.can_handle_reports(user, utrecht_city, Compartment.AGGRESSION)
    assert not permissions.can_handle_reports(user, utrecht_city, Compartment.UNDERMINING)


def test_second_factor_roles(coordinator, contributor, viewer, handler, admin_user, loner):
    assert permissions.requires_second_factor(coordinator)
    assert permissions.requires_second_factor(handler)
    assert permissions.requires_second_factor(admin_user)
    assert not permissions.requires_second_factor(contributor)
    assert not permissions.requires_second_factor(viewer)
    assert not permissions.requires_second_factor(loner)


def test_inactive_users_have_no_access(coordinator, twente):
    coordinator.is_active = False
    coordinator.save()
    permissions.forget_access(coordinator)
    assert not permissions.can_view_partnership(coordinator, twente)


def test_grants_are_read_once_per_user_object(coordinator, twente, django_assert_num_queries):
    permissions.forget_access(coordinator)
    with django_assert_num_queries(1):
        permissions.can_coordinate(coordinator, twente)
        permissions.can_view_partnership(coordinator, twente)
        permissions.requires_second_factor(coordinator)


def test_one_read_gives_each_grant_once_and_every_partnership_of_its_organisation(
    contributor, twente, enschede, hengelo, utrecht
):
    """The grants come with their organisation's partnerships in one query, a row per pair:
    an organisation in two partnerships still gives one grant, and both partnerships."""
    utrecht.members.add(enschede)
    MembershipFactory(user=contributor, organisation=hengelo, role=Role.CONTRIBUTOR)
    permissions.forget_access(contributor)
    access = access_for(contributor)
    assert sorted((g.role, g.organisation_id) for g in access.grants) == sorted(
        [(Role.CONTRIBUTOR, enschede.pk), (Role.CONTRIBUTOR, hengelo.pk)]
    )
    assert access.partnership_ids == {twente.pk, utrecht.pk}
