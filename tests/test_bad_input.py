"""Numbers a user sends are bounded where they are read: an id no database column can hold
answers 404 (or a clear 4xx in the API), a period or a number of days out of any sane range is
an error in Dutch next to its field — never a 500.

The first test walks every URL with an object (tests/url_registry.py) with each numeric id
replaced by numbers beyond 64 bits, as the owner of the objects, so new URLs are covered too.
"""

import pytest
from django.test import Client
from django.urls import reverse

from dijkwacht.scans.models import ScanRound
from tests.test_url_walk import OBJECT_ROUTES, Route, _request
from tests.url_registry import OBJECT_OWNER, OBJECT_URLS, Cast

pytestmark = pytest.mark.django_db

HUGE = (2**63, 2**70, 10**30)


@pytest.fixture
def cast(twente, enschede, coordinator, contributor) -> Cast:
    return Cast(twente=twente, enschede=enschede, coordinator=coordinator, contributor=contributor)


def _numeric(kwargs: dict) -> list[str]:
    return [name for name, value in kwargs.items() if isinstance(value, int)]


@pytest.mark.parametrize(
    "route", [r for r in OBJECT_ROUTES if r.name in OBJECT_URLS], ids=lambda r: r.label
)
def test_ids_beyond_any_column_answer_404_not_500(
    route: Route, client: Client, cast: Cast, verified
):
    kwargs = OBJECT_URLS[route.name](cast)
    numeric = _numeric(kwargs)
    if not numeric:
        pytest.skip("no numeric id in this URL")
    client.force_login(getattr(cast, OBJECT_OWNER.get(route.name, "coordinator")))
    for name in numeric:
        for huge in HUGE:
            url = reverse(route.name, kwargs={**kwargs, name: huge})
            status = _request(client, url, route, cast).status_code
            assert status in {400, 404, 405, 422}, f"{url} answered {status}"


def test_a_form_with_a_huge_object_id_shows_an_error(client, coordinator, twente, verified):
    from tests.factories import make_framework

    framework = make_framework(name="Groot")
    client.force_login(coordinator)
    url = reverse("scans:round_new", kwargs={"partnership_pk": twente.pk})
    response = client.post(
        url,
        {"title": "Ronde", "kind": "zelfscan", "framework": framework.pk,
         "deadline": "2027-01-31", "organisations": [str(2**70), str(2**63)]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "id_organisations_error" in response.content.decode()
    assert not ScanRound.objects.exists()


def test_a_huge_id_in_an_api_filter_body_is_a_clear_4xx(client, coordinator, twente, verified):
    from tests.factories import make_framework

    framework = make_framework(name="Groot API")
    client.force_login(coordinator)
    response = client.post(
        "/api/v1/scans/rounds",
        {"partnership": twente.pk, "framework": framework.pk, "title": "R", "kind": "zelfscan",
         "deadline": "2027-01-31", "organisations": [2**70]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in {400, 404, 422}
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "query",
    [
        {"van": "0001-01-01", "tot": "2026-06-30"},
        {"van": "2026-01-01", "tot": "9999-12-31"},
        {"van": "2026-06-30", "tot": "2026-01-01"},
        {"van": "gisteren", "tot": "2026-01-01"},
        {"van": "2026-01-01"},
    ],
)
def test_a_report_period_outside_any_sane_range_is_a_400_in_dutch(
    client, coordinator, twente, enschede, verified, query
):
    from tests.factories import make_programme

    programme = make_programme(twente, [enschede])
    client.force_login(coordinator)
    page = client.get(reverse("programmes:report", kwargs={"pk": programme.pk, "kind": "docx"}),
                      query)  # fmt: skip
    assert page.status_code == 400
    text = page.content.decode()
    assert "datum" in text or "periode" in text
    api = client.get(f"/api/v1/programmes/{programme.pk}/report", {"format": "docx", **query})
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["invalidParams"]


def test_a_sane_period_still_makes_the_report(client, coordinator, twente, enschede, verified):
    from tests.factories import make_programme

    programme = make_programme(twente, [enschede])
    client.force_login(coordinator)
    url = reverse("programmes:report", kwargs={"pk": programme.pk, "kind": "docx"})
    assert client.get(url, {"van": "2026-01-01", "tot": "2026-06-30"}).status_code == 200


def test_stale_after_days_has_a_maximum_with_a_form_error(client, coordinator, twente, verified):
    from tests.factories import make_programme

    programme = make_programme(twente, [], is_draft=True)
    client.force_login(coordinator)
    url = reverse("programmes:edit", kwargs={"pk": programme.pk})
    page = client.get(url).content.decode()
    assert 'name="stale_after_days"' in page
    response = client.post(
        url,
        {"save_programme": "1", "name": programme.name, "stale_after_days": str(10**9)},
    )  # fmt: skip
    assert response.status_code == 200
    assert "id_stale_after_days_error" in response.content.decode()
    programme.refresh_from_db()
    assert programme.stale_after_days == 90


def test_retention_and_deadlines_refuse_periods_beyond_a_century(admin_user):
    from django.core.exceptions import ValidationError

    from dijkwacht.meldpunt.models import Deadline, RetentionRule

    with pytest.raises(ValidationError):
        RetentionRule(kind="ondermijning", days=10**9).full_clean()
    with pytest.raises(ValidationError):
        Deadline(kind="ondermijning", acknowledge_days=30_000, feedback_days=91).full_clean(
            validate_unique=False
        )
