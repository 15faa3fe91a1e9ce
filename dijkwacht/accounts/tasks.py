"""Background work of accounts: the invitation and password-reset mails (Django's tasks
framework)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from dijkwacht.accounts.models import Invitation, User
from dijkwacht.accounts.tokens import RESET_SECONDS, invitation_tokens, password_reset_tokens


def _link(name: str, user: User, token: str) -> str:
    path = reverse(
        name, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token}
    )
    return f"{settings.DIJKWACHT_BASE_URL.rstrip('/')}{path}"


@task()
def send_invitation(invitation_id: int) -> bool:
    """Mail the invitation's link; False when it was accepted or withdrawn meanwhile. The
    token is made here, at sending, so no copy of it is kept."""
    invitation = (
        Invitation.objects.select_related("user", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, user__is_active=True)
        .first()
    )
    if invitation is None:
        return False
    user = invitation.user
    expires = timezone.localtime() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    with translation.override(settings.LANGUAGE_CODE):
        by = invitation.invited_by
        body = render_to_string(
            "accounts/email/invitation.txt",
            {
                "url": _link(
                    "accounts:invitation_accept", user, invitation_tokens.make_token(user)
                ),
                "invited_by": (by.full_name or by.email) if by else _("The administrator"),
                "expires": formats.date_format(expires, "DATETIME_FORMAT"),
            },
        )
        send_mail(_("Your invitation to Dijkwacht"), body, None, [user.email])
    return True


@task()
def send_password_reset(user_id: int) -> bool:
    """Mail a link to choose a new password; False for an account that may not have one."""
    user = User.objects.filter(pk=user_id, is_active=True, is_service_account=False).first()
    if user is None or not user.has_usable_password():
        return False
    expires = timezone.localtime() + datetime.timedelta(seconds=RESET_SECONDS)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "accounts/email/password_reset.txt",
            {
                "url": _link(
                    "accounts:password_reset", user, password_reset_tokens.make_token(user)
                ),
                "expires": formats.date_format(expires, "DATETIME_FORMAT"),
            },
        )
        send_mail(_("Choose a new password for Dijkwacht"), body, None, [user.email])
    return True
