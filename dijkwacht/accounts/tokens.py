"""The link in an invitation: Django's password-reset token under its own salt, so it opens
the invitation page only, works once (it is bound to the unusable password it replaces) and
expires after `PASSWORD_RESET_TIMEOUT`. It is made when the mail is sent and never stored."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator

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
