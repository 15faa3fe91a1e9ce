"""The public pages say whose meldpunt it is, in the colour the organisation chose."""

import re
from pathlib import Path

import pytest
from django.test import Client

from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import BannerColour, MeldpuntSettings

CSS = Path(__file__).resolve().parents[1] / "static" / "meldpunt" / "public.css"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", BannerColour.values)
def test_every_banner_colour_carries_white_text_readably(colour):
    rule = rf"\.dw-org-banner--{colour} {{ background: (#[0-9a-f]{{6}}); }}"
    found = re.search(rule, CSS.read_text())
    assert found, f"no shade for {colour} in public.css"
    assert 1.05 / (_luminance(found.group(1)) + 0.05) >= 4.5


@pytest.mark.django_db
def test_the_report_receipt_and_status_pages_name_the_organisation(enschede):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True, "banner_colour": "groen"}
    )
    client = Client()
    page = client.get(f"/melden/{enschede.slug}/").content.decode()
    assert "Meldpunt van Enschede" in page and "dw-org-banner--groen" in page
    submitted = services.report_submit(
        organisation=enschede, kind="integriteit", description="Geld aangenomen.",
        identity="anoniem",
    )  # fmt: skip
    status = client.post("/melden/volgen/", {"code": submitted.receipt.grouped}).content.decode()
    assert "Meldpunt van Enschede" in status
