"""The link in an invitation: Django's password-reset token under its own salt, so it opens
the invitation page only, works once (it is bound to the unusable password it replaces) and
expires after `PASSWORD_RESET_TIMEOUT`. It is made when the mail is sent and never stored."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "dijkwacht.accounts.invitation"


invitation_tokens = InvitationTokenGenerator()
