"""The links Dijkwacht mails to choose a password: Django's password-reset token, under a salt
of its own for each use, so an invitation's link opens only the invitation page and a reset's
only the reset page. Each works once (it is bound to the password it replaces) and is made when
the mail is sent, never stored. An invitation's link works for `PASSWORD_RESET_TIMEOUT` (a
week); a forgotten password's for RESET_SECONDS (two hours)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int

from dijkwacht.accounts.models import Invitation


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Bound to the person's latest open invitation and to their account being active: a new
    invitation replaces the link of the one before, and a blocked account's link does not
    work while it is blocked."""

    key_salt = "dijkwacht.accounts.invitation"

    def _make_hash_value(self, user, timestamp) -> str:
        latest = Invitation.objects.open().filter(user=user).order_by("-created_at", "-pk").first()
        invitation = latest.pk if latest else ""
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{invitation}"


invitation_tokens = InvitationTokenGenerator()


RESET_SECONDS = 2 * 60 * 60


class PasswordResetTokens(PasswordResetTokenGenerator):
    key_salt = "dijkwacht.accounts.password_reset"

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        made = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - made <= RESET_SECONDS


password_reset_tokens = PasswordResetTokens()
