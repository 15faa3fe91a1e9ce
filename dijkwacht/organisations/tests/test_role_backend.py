"""Accounts knows no roles: Django's permission questions are answered from memberships by
`organisations.backends.RoleBackend`, and `createsuperuser` makes a platform admin through
an organisations service."""

import pytest
from django.core import mail
from django.core.management import call_command

from dijkwacht.accounts.models import SECOND_FACTOR_REQUIRED, User
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_a_platform_admin_through_the_service(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "createsuperuser", interactive=False, email="Nieuw@Dijkwacht.test", full_name="Nieuw"
        )
    user = User.objects.get(email="nieuw@dijkwacht.test")
    assert Membership.objects.filter(user=user, role=Role.ADMIN).exists()
    assert user.is_staff and user.has_perm("organisations.change_partnership")
    assert user.has_perm(SECOND_FACTOR_REQUIRED)
    assert AuditEvent.objects.filter(action="organisations.membership_create").exists()
    # The admin who was there is told of the new one.
    assert [admin_user.email] in [m.to for m in mail.outbox]


def test_roles_answer_the_permission_questions(contributor, coordinator, admin_user):
    assert not contributor.is_staff and not contributor.has_module_perms("organisations")
    assert not contributor.has_perm(SECOND_FACTOR_REQUIRED)
    assert coordinator.has_perm(SECOND_FACTOR_REQUIRED) and not coordinator.is_staff
    assert admin_user.is_staff and admin_user.has_module_perms("meldpunt")
    admin_user.is_active = False
    assert not admin_user.has_perm("organisations.change_partnership")
