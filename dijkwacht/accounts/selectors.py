import base64
from typing import Any

import segno
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.accounts.models import ApiToken
from dijkwacht.core.scoping import get_visible_or_404


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


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
