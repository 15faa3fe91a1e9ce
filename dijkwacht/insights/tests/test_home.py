"""The home page and menu each role lands on."""

import datetime

import pytest
from django.utils import timezone

from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment, Status
from dijkwacht.scans import services as scan_services
from dijkwacht.scans.models import RoundKind
from tests.factories import make_framework, make_programme

pytestmark = pytest.mark.django_db

MY_ACTIONS = 'href="/mijn-acties/"'
MY_SCANS = 'href="/scans/"'
SCAN_RESULTS = 'href="/scanrondes/"'


@pytest.fixture
def partnership_state(twente, enschede, hengelo, coordinator):
    programme = make_programme(twente, [enschede, hengelo], actions=2, name="Weerbaar Twente")
    cell = Commitment.objects.filter(programme=programme).first()
    programme_services.commitment_update(
        actor=coordinator, commitment=cell, status=Status.COMPLETED
    )
    scan_services.scan_round_open(
        actor=coordinator, partnership=twente, framework=make_framework(), title="Zelfscan 2027",
        kind=RoundKind.SELF, deadline=timezone.localdate() + datetime.timedelta(days=30),
        organisations=[enschede, hengelo],
    )  # fmt: skip
    return programme


def test_the_viewer_reads_the_partnership_state_and_is_not_asked_to_update(
    client, viewer, partnership_state
):
    client.force_login(viewer)
    html = client.get("/").content.decode()
    assert "Weerbaar Twente" in html and "1 van 4 klaar (25%)" in html
    assert "Zelfscan 2027" in html and "0 van 2 scans ingediend" in html
    assert 'href="/meldpunt/cijfers/"' in html
    assert MY_ACTIONS not in html and MY_SCANS not in html
    assert SCAN_RESULTS in html


def test_a_contributor_is_offered_their_actions_and_scans(client, contributor, partnership_state):
    client.force_login(contributor)
    html = client.get("/").content.decode()
    assert MY_ACTIONS in html and MY_SCANS in html and SCAN_RESULTS not in html
    assert 'href="/meldpunt/cijfers/"' not in html
