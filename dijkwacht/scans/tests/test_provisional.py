"""Steering before the deadline: while a round runs, its coordinators see the common threads
so far over the self-scans as they stand, marked provisional. Assessors (whose review is
blind) and participants never do."""

import pytest

from dijkwacht.scans import services
from dijkwacht.scans.models import ScanKind
from dijkwacht.scans.tests.test_api import _fill, _scan, assessor, framework, scan_round  # noqa: F401

pytestmark = pytest.mark.django_db

HEADING = "Rode draden tot nu toe"


@pytest.fixture(autouse=True)
def _verified(verified):
    """Coordinators log in with a second factor; these tests are about what they see."""


@pytest.fixture
def started(scan_round, enschede):  # noqa: F811
    """Enschede is halfway: short of A.1, meets A.2, not yet at A.3; Hengelo has not begun."""
    _fill(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "ja"], submit=False)
    scan = _scan(scan_round, enschede)
    scan.answers.filter(norm__code="A.3").delete()
    return scan_round


def test_the_coordinator_sees_the_threads_so_far_marked_provisional(client, coordinator, started):
    client.force_login(coordinator)
    html = client.get(f"/scanrondes/{started.pk}/").content.decode()
    assert HEADING in html and "voorlopig" in html
    assert "1 van de 2 organisaties hebben geantwoord, 0 ingediend" in html
    assert "A.1 Norm 1" in html and "A.2 Norm 2" not in html  # only norms someone falls short of
    body = client.get(f"/api/v1/scans/rounds/{started.pk}/common-threads/provisional").json()
    assert (body["provisional"], body["organisations"], body["answering"], body["submitted"]) == (
        True, 2, 1, 0,
    )  # fmt: skip
    assert body["threads"][0] == {"norm": {"code": "A.1", "text": "Norm 1"}, "below": 1, "total": 1}
    assert {t["norm"]["code"]: t["total"] for t in body["threads"]} == {
        "A.1": 1,
        "A.2": 1,
        "A.3": 0,
    }


def test_assessors_and_participants_never_see_them(client, assessor, contributor, started):  # noqa: F811
    for user in (assessor, contributor):
        client.force_login(user)
        html = client.get(f"/scanrondes/{started.pk}/").content.decode()
        assert HEADING not in html, user
        response = client.get(f"/api/v1/scans/rounds/{started.pk}/common-threads/provisional")
        assert response.status_code == 403, user


def test_once_every_self_scan_is_in_the_final_threads_take_over(
    client, coordinator, started, enschede, hengelo
):
    services.answer_save(
        actor=None, scan=_scan(started, enschede),
        norm=started.framework.norms.get(code="A.3"), option=started.framework.scale.get(code="ja"),
    )  # fmt: skip
    services.scan_submit(actor=None, scan=_scan(started, enschede))
    _fill(started, hengelo, ScanKind.SELF, ["ja", "ja", "ja"])
    client.force_login(coordinator)
    assert HEADING not in client.get(f"/scanrondes/{started.pk}/").content.decode()
