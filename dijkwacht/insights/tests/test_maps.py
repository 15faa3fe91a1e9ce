"""The indicator map: municipalities coloured by what the reader picks, with "<5" and "no data"
told apart from the scale, the same figures in a table, and only the indicators the reader may
see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dijkwacht.core import choropleth
from dijkwacht.insights import maps
from dijkwacht.insights.dashboard import Reader
from dijkwacht.meldpunt import services as meldpunt_services
from dijkwacht.meldpunt.models import MeldpuntSettings
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment, Status
from dijkwacht.scans import services as scan_services
from dijkwacht.scans.models import RoundKind, ScanKind
from tests.factories import make_framework, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _reader(user, partnership):
    return Reader(user, partnership, timezone.now())


@pytest.fixture
def progress(twente, enschede, hengelo):
    programme = make_programme(twente, [enschede, hengelo], actions=2, name="Plan")
    for cell in Commitment.objects.filter(programme=programme, organisation=enschede):
        programme_services.commitment_update(
            actor=None, commitment=cell, status=Status.COMPLETED, note="klaar"
        )
    return programme


def test_progress_colours_each_member_by_its_class_and_lists_it(
    coordinator, twente, enschede, hengelo, progress
):
    found = maps.indicator_map(_reader(coordinator, twente), "voortgang", maps.PARTNERSHIP)

    members = {a.name: a for a in found.areas if a.on_map}
    bands = choropleth.percent_bands()
    assert members["Enschede"].fill == bands[-1].colour  # 100%
    assert members["Hengelo (O.)"].fill == bands[0].colour  # 0%
    assert members["Enschede"].text == "Enschede: 100%"
    rows = {r.name: r for r in found.rows}
    assert (rows["Enschede"].value, rows["Enschede"].band) == ("100%", "80–100%")
    # Neighbours are drawn for orientation, grey and without a value.
    neighbours = [a for a in found.areas if not a.on_map]
    assert neighbours and all(a.fill == maps.NEIGHBOUR for a in neighbours)
    assert "Almelo" not in rows


def test_a_small_count_is_suppressed_and_an_organisation_without_a_meldpunt_has_no_data(
    viewer, twente, enschede, hengelo
):
    MeldpuntSettings.objects.create(organisation=enschede, accepts_reports=True)
    MeldpuntSettings.objects.create(organisation=hengelo, accepts_reports=True)
    for organisation, count in ((enschede, 3), (hengelo, 7)):
        for _ in range(count):
            meldpunt_services.report_submit(
                organisation=organisation, kind="integriteit", description="x", identity="anoniem"
            )

    found = maps.indicator_map(_reader(viewer, twente), "meldingen", maps.PARTNERSHIP)

    rows = {r.name: r.value for r in found.rows}
    assert rows["Enschede"] == "<5" and rows["Hengelo (O.)"] == "7"
    areas = {a.name: a for a in found.areas}
    assert areas["Enschede"].pattern == maps.SUPPRESSED
    assert areas["Enschede"].fill == "url(#dw-suppressed)"
    # Hengelo's class starts at 5: "<5" is never a class of the scale.
    assert areas["Hengelo (O.)"].pattern == ""
    legend = [entry.label for entry in found.legend]
    assert legend[1] == "5–9" and any(e.pattern == maps.SUPPRESSED for e in found.legend)


def test_scan_results_per_organisation_are_offered_only_to_who_sees_them_by_name(
    client, coordinator, viewer, twente, enschede, hengelo
):
    framework = make_framework(name="Weerbaarheid", norms=2, essential=(1,))
    scan_round = scan_services.scan_round_open(
        actor=None, partnership=twente, framework=framework, title="Scan", kind=RoundKind.SELF,
        deadline=datetime.date(2030, 1, 1), organisations=[enschede, hengelo],
    )  # fmt: skip
    scale = {o.code: o for o in framework.scale.all()}
    for organisation, codes in ((enschede, ("ja", "ja")), (hengelo, ("nee", "ja"))):
        scan = scan_round.scans.get(organisation=organisation, kind=ScanKind.SELF)
        for norm, code in zip(framework.norms.order_by("position"), codes, strict=True):
            scan_services.answer_save(actor=None, scan=scan, norm=norm, option=scale[code])
        scan_services.scan_submit(actor=None, scan=scan)

    keys = [i.key for i in maps.indicators_for(_reader(coordinator, twente), maps.PARTNERSHIP)]
    assert f"basis-{framework.pk}" in keys
    found = maps.indicator_map(
        _reader(coordinator, twente), f"basis-{framework.pk}", maps.PARTNERSHIP
    )
    assert {r.name: r.value for r in found.rows}["Enschede"] in ("ja", "yes")

    viewer_keys = [i.key for i in maps.indicators_for(_reader(viewer, twente), maps.PARTNERSHIP)]
    assert f"basis-{framework.pk}" not in viewer_keys
    client.force_login(viewer)
    url = reverse("insights:partnership_map", args=[twente.pk])
    page = client.get(url, {"indicator": f"basis-{framework.pk}"}).content.decode()
    # Asked for anyway, the viewer gets the first indicator they are offered.
    assert 'value="voortgang" selected' in page
    assert f'value="basis-{framework.pk}"' not in page


def test_the_province_view_shows_every_municipality_of_the_province_with_only_members_values(
    coordinator, twente, enschede, progress
):
    found = maps.indicator_map(_reader(coordinator, twente), "voortgang", maps.PROVINCE)
    overijssel = Organisation.objects.get(cbs_code="PV23")
    in_province = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, province=overijssel
    ).exclude(boundary_path="")
    assert len(found.areas) == in_province.count()
    rows = {r.name: r.value for r in found.rows}
    assert rows["Enschede"] == "100%"
    # Outside the partnership: grey, without a value, and not in the table.
    deventer = next(a for a in found.areas if a.name == "Deventer")
    assert not deventer.on_map and deventer.fill == maps.NEIGHBOUR
    assert "Deventer" not in rows


def test_the_national_map_is_for_platform_admins(client, admin_user, coordinator, progress):
    client.force_login(coordinator)
    assert client.get(reverse("insights:national_map")).status_code == 404
    client.force_login(admin_user)
    page = client.get(reverse("insights:national_map")).content.decode()
    assert page.count('tabindex="0" role="img"') == 342
    assert "Enschede: 100%" in page


def test_the_map_page_draws_the_svg_with_a_legend_and_the_table(
    client, coordinator, twente, progress
):
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_map", args=[twente.pk])).content.decode()
    assert 'id="dw-no-data"' in page and 'class="dw-legend"' in page
    assert 'data-value="Enschede: 100%"' in page
    assert 'id="kaart-tabel"' in page
    assert (
        reverse("insights:partnership_map", args=[twente.pk])
        in client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    )


def test_count_classes_rise_in_readable_steps():
    assert choropleth.count_breaks([3, 12]) == (5, 10, 20, 50)
    assert choropleth.count_breaks([900]) == (5, 50, 100, 250)
    bands = choropleth.count_bands((5, 10, 20, 50))
    assert [b.label for b in bands] == ["0", "5–9", "10–19", "20–49", "50 +"]
    assert [choropleth.count_band(v, (5, 10, 20, 50)) for v in (0, 5, 19, 50, 999)] == [
        0,
        1,
        2,
        4,
        4,
    ]
    assert [choropleth.percent_band(v) for v in (0, 19.9, 20, 79, 80, 100)] == [0, 0, 1, 3, 4, 4]


def test_the_dashboard_colours_its_members_by_progress_while_a_programme_runs(
    client, coordinator, twente, progress
):
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert 'class="dw-choropleth"' in page
    assert 'data-value="Enschede: 100%"' in page and 'data-value="Hengelo (O.): 0%"' in page
    # Its figures in a table too, folded away beside the dashboard.
    assert '<details class="dw-choropleth__table">' in page
    assert "dw-map__area--member" not in page  # the plain member map gave way
