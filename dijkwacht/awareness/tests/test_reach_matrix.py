"""Reach from the database: participants per member and target group in a period, against the
size that holds on its last day; the sizes page; the API. Arithmetic is in test_reach.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import selectors, services
from dijkwacht.awareness.models import TargetGroup, TargetGroupSize
from tests.factories import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

TODAY = datetime.date(2026, 6, 30)


def _sizes(partnership, organisation, valid_from, **by_code):
    groups = {g.code: g.pk for g in TargetGroup.objects.all()}
    services.sizes_save(
        actor=None,
        partnership=partnership,
        organisation=organisation,
        valid_from=valid_from,
        sizes={groups[code.replace("_", "-")]: n for code, n in by_code.items()},
    )


def _cell(matrix, organisation, code):
    column = [g.code for g in matrix.groups].index(code)
    return next(r for r in matrix.rows if r.organisation == organisation).cells[column]


def test_reach_counts_the_period_against_the_size_on_its_last_day(twente, enschede, hengelo):
    today = timezone.localdate()
    _sizes(twente, enschede, today - datetime.timedelta(days=400), nieuwe_medewerkers=40)
    _sizes(twente, enschede, today - datetime.timedelta(days=100), nieuwe_medewerkers=60)
    _sizes(twente, hengelo, today, raad=10)
    make_activity(
        twente, enschede, days_ago=(500, 200, 20), came={(enschede, "nieuwe-medewerkers"): 12}
    )
    make_activity(twente, hengelo, groups=("raad",), days_ago=(5,), came={(hengelo, "raad"): 13})
    members = [enschede, hengelo]
    year = selectors.reach_matrix(members, today - datetime.timedelta(days=364), today)
    assert [g.code for g in year.groups] == ["nieuwe-medewerkers", "raad"]
    enschede_new = _cell(year, enschede, "nieuwe-medewerkers")
    assert (enschede_new.reached, enschede_new.size, enschede_new.share) == (24, 60, 40)
    hengelo_raad = _cell(year, hengelo, "raad")
    assert (hengelo_raad.share, hengelo_raad.over) == (100, True)  # 13 of 10: said out loud
    assert _cell(year, hengelo, "nieuwe-medewerkers").size is None
    # A year ago the older size held, and only the older sessions count.
    before = selectors.reach_matrix(
        members, today - datetime.timedelta(days=600), today - datetime.timedelta(days=150)
    )
    old = _cell(before, enschede, "nieuwe-medewerkers")
    assert (old.reached, old.size, old.share) == (24, 40, 60)
    # Together: over the members with a size only.
    together = year.totals[0]
    assert (together.reach.reached, together.reach.size, together.unknown) == (24, 60, 1)


def test_the_reach_page_reads_the_matrix_in_words_and_colours(
    client, twente, enschede, hengelo, viewer
):
    _sizes(twente, enschede, timezone.localdate(), raad=40)
    make_activity(twente, enschede, groups=("raad",), days_ago=(3,), came={(enschede, "raad"): 31})
    client.force_login(viewer)
    page = client.get(reverse("awareness:reach", args=[twente.pk]))
    html = page.content.decode()
    assert 'class="dw-reach dw-reach--most">77%</span>' in html
    assert "31 van 40" in html
    csv = client.get(reverse("awareness:reach_csv", args=[twente.pk])).content.decode()
    assert "Enschede" in csv and "77" in csv


def test_a_bad_period_is_refused_next_to_its_field(client, twente, viewer):
    client.force_login(viewer)
    url = reverse("awareness:reach", args=[twente.pk])
    for query in (
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "1990-01-01", "end": "2026-01-01"},
        {"start": "niet-een-datum"},
    ):
        page = client.get(url, query)
        assert page.status_code == 200
        assert page.context["form"].errors, query


def test_sizes_are_entered_by_the_organisation_and_the_coordinators(
    client, twente, enschede, hengelo, contributor, coordinator, viewer
):
    raad = TargetGroup.objects.get(code="raad")
    client.force_login(contributor)
    url = reverse("awareness:sizes", args=[twente.pk])
    response = client.post(
        url,
        {"organisation": enschede.pk, "valid_from": "2026-01-01", f"size-{raad.pk}": "39"},
    )
    assert response.status_code == 302
    assert TargetGroupSize.objects.get().size == 39
    # Not for another member.
    refused = client.post(
        url, {"organisation": hengelo.pk, "valid_from": "2026-01-01", f"size-{raad.pk}": "5"}
    )
    assert refused.status_code == 200 and "organisation" in refused.context["form"].errors
    with pytest.raises(PermissionDenied):
        services.sizes_save(
            actor=contributor,
            partnership=twente,
            organisation=hengelo,
            valid_from=TODAY,
            sizes={raad.pk: 5},
        )
    services.sizes_save(
        actor=coordinator,
        partnership=twente,
        organisation=hengelo,
        valid_from=TODAY,
        sizes={raad.pk: 37},
    )
    client.force_login(viewer)
    assert client.get(url).context["form"] is None
    assert client.post(url, {}).status_code == 403
    assert TargetGroupSize.objects.count() == 2


# --- API --------------------------------------------------------------------------------------


def test_the_api_gives_activities_and_reach_of_ones_partnerships(
    client, twente, enschede, coordinator, other_coordinator
):
    _sizes(twente, enschede, timezone.localdate(), raad=40)
    make_activity(
        twente, enschede, groups=("raad",), days_ago=(3, -4), came={(enschede, "raad"): 10}
    )
    client.force_login(coordinator)
    listed = client.get("/api/v1/activities", {"partnership": twente.slug}).json()
    assert [(a["sessions"], a["participants"], a["target_groups"]) for a in listed] == [
        (2, 10, ["raad"])
    ]
    reach = client.get("/api/v1/reach", {"partnership": twente.slug}).json()
    cell = next(c for c in reach["cells"] if c["organisation"] == enschede.pk)
    assert (cell["reached"], cell["size"], cell["share"]) == (10, 40, 25)
    assert (
        client.get("/api/v1/reach", {"start": "2026-05-01", "end": "2026-01-01"}).status_code == 400
    )
    client.force_login(other_coordinator)
    assert client.get("/api/v1/activities").json() == []
    assert client.get("/api/v1/activities", {"partnership": twente.slug}).status_code == 404
    assert client.get("/api/v1/reach", {"partnership": twente.slug}).status_code == 404
    assert enschede.pk not in {
        c["organisation"] for c in client.get("/api/v1/reach").json()["cells"]
    }


def test_the_reach_api_comes_in_pages_of_members_with_the_totals_over_all(
    client, twente, enschede, hengelo, overijssel, coordinator
):
    _sizes(twente, enschede, timezone.localdate(), raad=40)
    _sizes(twente, hengelo, timezone.localdate(), raad=10)
    make_activity(twente, enschede, groups=("raad",), organisations=[hengelo], days_ago=(3,),
                  came={(enschede, "raad"): 10, (hengelo, "raad"): 5})  # fmt: skip
    client.force_login(coordinator)
    whole = client.get("/api/v1/reach", {"partnership": twente.slug}).json()
    pages = [
        client.get("/api/v1/reach", {"partnership": twente.slug, "page_size": 1, "page": n})
        for n in (1, 2, 3)
    ]
    assert {p["X-Total-Count"] for p in pages} == {"3"}
    assert 'rel="next"' in pages[0]["Link"] and 'rel="next"' not in pages[2]["Link"]
    cells = [p.json()["cells"] for p in pages]
    assert [{c["organisation"] for c in page} for page in cells] == [
        {o.pk} for o in sorted([enschede, hengelo, overijssel], key=lambda o: o.pk)
    ]
    assert sorted(c["organisation"] for page in cells for c in page) == sorted(
        c["organisation"] for c in whole["cells"]
    )
    # The totals are the partnership's on every page: 15 of 50.
    assert {(t["reached"], t["size"], t["share"]) for p in pages for t in p.json()["totals"]} == {
        (15, 50, 30)
    }
