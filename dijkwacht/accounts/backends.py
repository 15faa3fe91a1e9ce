from django.contrib.auth.backends import ModelBackend


class EmailRoleBackend(ModelBackend):
    """Password login by e-mail address (case-insensitive).

    Permissions are answered from memberships (`organisations.backends.RoleBackend`), so the
    group and permission tables of ModelBackend are never consulted.
    """

    def user_can_authenticate(self, user) -> bool:
        """A service account (a koppeling) works with API tokens only: no password login and
        no session, even when someone gave it a password."""
        return super().user_can_authenticate(user) and not getattr(
            user, "is_service_account", False
        )

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
