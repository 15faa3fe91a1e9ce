from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Mails link to DIJKWACHT_BASE_URL: in production it must be the public address."""
    parts = urlsplit(settings.DIJKWACHT_BASE_URL)
    if parts.scheme != "https" or parts.hostname in {"127.0.0.1", "localhost"}:
        return [
            Warning(
                "DIJKWACHT_BASE_URL is not a public https address: links in mails will not work.",
                hint="Set DIJKWACHT_BASE_URL to the address people reach Dijkwacht at.",
                id="dijkwacht.W001",
            )
        ]
    return []
