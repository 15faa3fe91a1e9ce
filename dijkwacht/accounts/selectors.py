import base64
import datetime
import time
from typing import Any

import segno
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.accounts.models import ApiToken, Invitation
from dijkwacht.core.scoping import get_visible_or_404


def invitation_open(user: Any) -> bool:
    """Whether the person may still accept an invitation: an active account (not a service
    account) whose latest invitation is neither accepted nor expired."""
    if not user.is_active or user.is_service_account:
        return False
    expiry = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return Invitation.objects.open().filter(user=user, created_at__gt=expiry).exists()


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def roles_of(user: Any) -> QuerySet:
    """The user's memberships (their roles, where), for their own profile page: read through
    the relation, as accounts knows no organisations."""
    return user.memberships.select_related("organisation", "partnership").order_by(
        "partnership__name", "organisation__name", "role"
    )


def get_api_token_for(user: Any, pk: Any) -> ApiToken:
    return get_visible_or_404(api_tokens_of(user), pk=pk)


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_secret_base32(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The provisioning URL as an inline SVG QR code (no script, no inline style)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR-code", omitsize=False
    )


# The mailbox proof (services.mailbox_code_verify) holds for this long in the session.
MAILBOX_PROOF_SECONDS = 30 * 60
_MAILBOX_KEY = "dijkwacht_mailbox_proven"


def remember_mailbox(request: Any, user: Any) -> None:
    request.session[_MAILBOX_KEY] = {"user": user.pk, "at": int(time.time())}


def mailbox_proven(request: Any, user: Any) -> bool:
    """Whether, in this session and recently, the user showed the code mailed to them."""
    proof = request.session.get(_MAILBOX_KEY) or {}
    return proof.get("user") == user.pk and time.time() - proof.get("at", 0) < MAILBOX_PROOF_SECONDS
