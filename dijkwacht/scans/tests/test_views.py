import datetime
import json

import pytest

from dijkwacht.scans import services
from dijkwacht.scans.models import Answer, RoundKind, ScanKind, ScanStatus
from tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework(name="Schermtest", norms=2)


@pytest.fixture
def scan(coordinator, twente, framework, enschede):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan scherm",
        kind=RoundKind.SELF, deadline=datetime.date(2030, 1, 1), organisations=[enschede],
    )  # fmt: skip
    return scan_round.scans.get(kind=ScanKind.SELF)


def _post(client, scan, norm, option, **extra):
    prefix = f"n{norm.pk}"
    data = {f"{prefix}-option": option.pk if option else "", f"{prefix}-explanation": "Vastgesteld",
            f"{prefix}-evidence_url": extra.pop("evidence", "")}  # fmt: skip
    return client.post(f"/scans/{scan.pk}/normen/{norm.pk}/", data, **extra)


def test_contributor_fills_the_scan_as_they_go_and_submits(client, contributor, scan, framework):
    client.force_login(contributor)
    assert "Zelfscan scherm" in client.get("/scans/").content.decode()
    page = client.get(f"/scans/{scan.pk}/").content.decode()
    assert page.count('class="dw-norm"') == 2 and "A.1" in page
    option = framework.scale.get(code="ja")
    norms = list(framework.norms.order_by("code"))
    fragment = _post(client, scan, norms[0], option, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and 'role="status"' in fragment.content.decode()
    client.post(f"/scans/{scan.pk}/indienen/")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.IN_PROGRESS  # one norm still open
    response = _post(client, scan, norms[1], option)
    assert response["Location"] == f"/scans/{scan.pk}/#norm-{norms[1].pk}"
    client.post(f"/scans/{scan.pk}/indienen/")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUBMITTED
    locked = client.get(f"/scans/{scan.pk}/").content.decode()
    assert "hx-post" not in locked and "Vastgesteld" in locked


def test_bad_input_stays_next_to_the_norm(client, contributor, scan, framework):
    client.force_login(contributor)
    norm = framework.norms.first()
    response = _post(client, scan, norm, None, evidence="geen link", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.content.decode().count('aria-invalid="true"') == 2
    assert not Answer.objects.exists()


def test_others_cannot_answer_and_other_partnerships_see_nothing(
    client, viewer, other_coordinator, scan, framework, verified
):
    norm, option = framework.norms.first(), framework.scale.get(code="ja")
    client.force_login(viewer)
    assert client.get(f"/scans/{scan.pk}/").status_code == 404
    assert _post(client, scan, norm, option).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(f"/scans/{scan.pk}/").status_code == 404
    assert not Answer.objects.exists()


def test_the_answered_counter_rises_when_a_norm_is_answered_for_the_first_time(
    client, contributor, scan, framework
):
    client.force_login(contributor)
    page = client.get(f"/scans/{scan.pk}/").content.decode()
    assert '<span id="answered-count">0</span> / 2' in page and "scans/answered.js" in page
    option = framework.scale.get(code="ja")
    norm = framework.norms.order_by("code").first()
    first = _post(client, scan, norm, option, headers={"HX-Request": "true"})
    assert json.loads(first["HX-Trigger"]) == {"dw-answered": {"count": 1}}
    twice = _post(client, scan, norm, option, headers={"HX-Request": "true"})
    assert json.loads(twice["HX-Trigger"]) == {"dw-answered": {"count": 1}}  # not 2
    seen = Answer.objects.get(scan=scan, norm=norm).updated_at.isoformat()
    again = client.post(
        f"/scans/{scan.pk}/normen/{norm.pk}/",
        {f"n{norm.pk}-option": option.pk, f"n{norm.pk}-seen": seen},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 200 and "HX-Trigger" not in again
    assert (
        '<span id="answered-count">1</span> / 2'
        in client.get(f"/scans/{scan.pk}/").content.decode()
    )


def test_a_norm_that_asks_for_registers_shows_what_the_overview_says(
    client, contributor, coordinator, scan, framework, enschede, hengelo
):
    from dijkwacht.catalogue.defaults import ensure_default_register_kinds
    from dijkwacht.catalogue.models import RegisterKind
    from dijkwacht.catalogue.services import registration_system_save

    ensure_default_register_kinds(RegisterKind)
    norm = framework.norms.get(code="A.1")
    norm.registers = ["agressie", "integriteit", "onbekend"]
    norm.save()
    registration_system_save(
        actor=None,
        organisation=enschede,
        kind=RegisterKind.objects.get(code="agressie"),
        product="Incidentenregister",
    )
    registration_system_save(
        actor=None,
        organisation=hengelo,
        kind=RegisterKind.objects.get(code="integriteit"),
        product="Elders",
    )
    client.force_login(contributor)
    response = client.get(f"/scans/{scan.pk}/")
    assert response.context["registers"] == {
        norm.pk: [
            ("Agressie-incidenten", "Incidentenregister · eigen systeem · RIEC: onbekend"),
            ("Integriteitsmeldingen", "onbekend"),  # Hengelo's register is not Enschede's
        ]
    }
    page = response.content.decode()
    assert page.count("overzicht van registratiesystemen") == 1


def test_a_norm_that_asks_for_reach_shows_what_the_awareness_work_reached(
    client, contributor, scan, framework, twente, enschede, hengelo
):
    from django.utils import timezone

    from dijkwacht.awareness.models import TargetGroup
    from dijkwacht.awareness.services import sizes_save
    from tests.factories import make_activity

    norm = framework.norms.get(code="A.1")
    norm.reach = ["nieuwe-medewerkers", "raad", "onbekend"]
    norm.save()
    new_staff = TargetGroup.objects.get(code="nieuwe-medewerkers")
    sizes_save(actor=None, partnership=twente, organisation=enschede,
               valid_from=timezone.localdate() - datetime.timedelta(days=60),
               sizes={new_staff.pk: 40})  # fmt: skip
    make_activity(twente, enschede, groups=("nieuwe-medewerkers", "raad"),
                  organisations=[hengelo], days_ago=(30, 400),
                  came={(enschede, "nieuwe-medewerkers"): 10, (hengelo, "raad"): 3})  # fmt: skip

    client.force_login(contributor)
    response = client.get(f"/scans/{scan.pk}/")
    # The session of 400 days ago is outside the twelve months; Hengelo's council is not
    # Enschede's; a code no group has says nothing.
    assert response.context["reach"] == {
        norm.pk: [
            "Nieuwe medewerkers: 25% bereikt (10 van 40)",
            "Gemeenteraad of Provinciale Staten: 0 bereikt; geen omvang ingevuld",
        ]
    }
    assert "bereik van de bewustwording" in response.content.decode()
