"""Django's permission questions answered from memberships.

Accounts knows nothing of roles. Django (the admin site, `user.has_perm`) and accounts (the
second-factor duty) ask the authentication backends; this one answers from the user's
memberships: a platform admin may use the admin, and the roles in `SECOND_FACTOR_ROLES` must
log in with a second factor. It authenticates nobody.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from dijkwacht.accounts.models import SECOND_FACTOR_REQUIRED
from dijkwacht.organisations.permissions import is_platform_admin, requires_second_factor


class RoleBackend(BaseBackend):
    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active:
            return False
        if perm == SECOND_FACTOR_REQUIRED:
            return requires_second_factor(user_obj)
        return is_platform_admin(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return user_obj.is_active and is_platform_admin(user_obj)
