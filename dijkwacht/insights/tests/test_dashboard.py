"""The partnership's dashboard: the figures of each module, what asks for attention per person,
suppression of small counts for whoever may not see the records, and each figure's downloads."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dijkwacht.core.suppression import WITHHELD
from dijkwacht.insights import dashboard
from dijkwacht.meldpunt import services as meldpunt_services
from dijkwacht.meldpunt.models import Deadline, Kind, MeldpuntSettings, Report
from dijkwacht.meldpunt.selectors import last_quarters, partnership_figures
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment, Status
from dijkwacht.programmes.selectors import running_programme_figures
from dijkwacht.scans import services as scan_services
from dijkwacht.scans.models import RoundKind, ScanKind
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
    add_indicator_values,
    make_framework,
    make_indicator,
    make_programme,
)

SOON_ENOUGH = datetime.timedelta(days=30)  # a deadline not closing soon

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _set(programme, action_number, organisation, status):
    cell = Commitment.objects.get(
        programme=programme, action__number=action_number, organisation=organisation
    )
    programme_services.commitment_update(actor=None, commitment=cell, status=status, note="x")


# --- Programmes ---------------------------------------------------------------------------


def test_running_programmes_count_done_cells_per_theme_and_organisation(twente, enschede, hengelo):
    programme = make_programme(twente, [enschede, hengelo], actions=2, themes=2, name="Plan")
    make_programme(twente, [enschede], name="Concept", is_draft=True)
    _set(programme, "1.1", enschede, Status.COMPLETED)
    _set(programme, "1.2", enschede, Status.STRUCTURAL)
    _set(programme, "1.1", hengelo, Status.IN_PROGRESS)
    # Three cells of Hengelo without input for longer than the programme allows.
    Commitment.objects.filter(programme=programme, organisation=hengelo).exclude(
        action__number="1.1"
    ).update(updated_at=timezone.now() - datetime.timedelta(days=programme.stale_after_days + 1))

    [figures] = running_programme_figures(twente)

    assert figures.programme == programme
    assert (figures.overall.done, figures.overall.total) == (2, 8)
    assert [(t.name, t.progress.percent_done) for t in figures.themes] == [
        ("Thema 1", 50),
        ("Thema 2", 0),
    ]
    assert [(o.name, o.progress.done) for o in figures.organisations] == [
        ("Enschede", 2),
        ("Hengelo (O.)", 0),
    ]
    assert figures.stale == 3
    assert figures.since is None


def test_changes_since_the_last_closed_round(twente, enschede, hengelo):
    programme = make_programme(twente, [enschede, hengelo], actions=2, name="Plan")
    _set(programme, "1.1", enschede, Status.IN_PROGRESS)
    _set(programme, "1.2", enschede, Status.COMPLETED)
    progress_round = programme_services.round_open(
        actor=None, programme=programme, title="Voorjaar", deadline=datetime.date(2030, 1, 1)
    )
    programme_services.round_close(actor=None, progress_round=progress_round)
    _set(programme, "1.1", enschede, Status.COMPLETED)  # newly done
    _set(programme, "1.2", enschede, Status.IN_PROGRESS)  # no longer done
    _set(programme, "1.1", hengelo, Status.PLANNED)  # from undetermined

    [figures] = running_programme_figures(twente)

    assert figures.since.title == "Voorjaar"
    assert (figures.changed, figures.newly_done) == (3, 1)


def test_a_closed_programme_leaves_the_dashboard(twente, enschede):
    programme = make_programme(twente, [enschede], name="Oud")
    programme.closed_on = timezone.localdate()
    programme.save()
    assert running_programme_figures(twente) == []


# --- Scans --------------------------------------------------------------------------------


def _scan_round(partnership, framework, organisations, title):
    return scan_services.scan_round_open(
        actor=None, partnership=partnership, framework=framework, title=title,
        kind=RoundKind.SELF, deadline=datetime.date(2030, 1, 1), organisations=organisations,
    )  # fmt: skip


def _answer(scan_round, organisation, codes):
    scan = scan_round.scans.get(organisation=organisation, kind=ScanKind.SELF)
    scale = {o.code: o for o in scan_round.framework.scale.all()}
    for norm, code in zip(scan_round.framework.norms.order_by("position"), codes, strict=True):
        scan_services.answer_save(actor=None, scan=scan, norm=norm, option=scale[code])
    scan_services.scan_submit(actor=None, scan=scan)


@pytest.fixture
def scanned(twente, enschede, hengelo):
    """Two rounds: in the second Enschede has its basis op orde (essential A.1 met) and
    Hengelo falls short of A.1."""
    framework = make_framework(name="Weerbaarheid", norms=2, essential=(1,))
    first = _scan_round(twente, framework, [enschede, hengelo], "Scan 2024")
    _answer(first, enschede, ["nee", "nee"])
    _answer(first, hengelo, ["nee", "ja"])
    second = _scan_round(twente, framework, [enschede, hengelo], "Scan 2025")
    _answer(second, enschede, ["ja", "ja"])
    _answer(second, hengelo, ["nee", "ja"])
    return framework


def test_scan_figures_per_round_for_who_sees_the_records(client, coordinator, twente, scanned):
    client.force_login(coordinator)
    page = client.get(reverse("insights:home")).content.decode()
    assert "1 van de 2 organisaties hebben hun basis op orde" in page
    csv = client.get(_download(twente, f"scans-{scanned.pk}", "csv")).content.decode()
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[1:] == ["Scan 2024;2;0;0%;25%", "Scan 2025;2;1;50%;75%"]


def test_scan_figures_are_suppressed_for_a_viewer(client, viewer, twente, scanned):
    client.force_login(viewer)
    csv = client.get(_download(twente, f"scans-{scanned.pk}", "csv")).content.decode()
    lines = csv.lstrip("\ufeff").splitlines()
    # Two organisations: neither the count nor a share of them is shown.
    assert lines[1:] == ["Scan 2024;<5;<5;—;—", "Scan 2025;<5;<5;—;—"]
    page = client.get(reverse("insights:home")).content.decode()
    assert "basis op orde" in page
    assert "1 van de 2" not in page


# --- Meldpunt -----------------------------------------------------------------------------


def _reports(organisation, kind, count, *, days_ago=0, acknowledged_after=None):
    MeldpuntSettings.objects.update_or_create(
        organisation=organisation, defaults={"accepts_reports": True}
    )
    now = timezone.now()
    for _ in range(count):
        report = meldpunt_services.report_submit(
            organisation=organisation, kind=kind, description="Iets gezien", identity="anoniem"
        ).report
        received = now - datetime.timedelta(days=days_ago)
        Report.objects.filter(pk=report.pk).update(
            received_at=received,
            acknowledged_at=None
            if acknowledged_after is None
            else received + datetime.timedelta(days=acknowledged_after),
        )


def test_meldpunt_counts_of_one_to_four_are_suppressed_everywhere_a_viewer_looks(
    client, viewer, twente, enschede, hengelo
):
    # Hengelo is the marker: three reports, in this quarter, never acknowledged (late).
    _reports(hengelo, Kind.AGGRESSION, 3, days_ago=20)
    _reports(enschede, Kind.UNDERMINING, 6, days_ago=20, acknowledged_after=2)
    client.force_login(viewer)

    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    csv = client.get(_download(twente, "meldpunt-kwartalen", "csv")).content.decode()
    svg = client.get(_download(twente, "meldpunt-kwartalen", "svg")).content.decode()

    lines = csv.lstrip("\ufeff").splitlines()
    by_kind = dict(zip(lines[0].split(";")[1:], lines[-1].split(";")[1:], strict=True))
    # Hengelo's "<5" on the meldpunt figures page leaves the partnership's count out ("×"):
    # whether it read "<5" or a number would tell a member what the others have.
    assert by_kind[str(Kind.AGGRESSION.label).capitalize()] == "×"
    assert by_kind[str(Kind.UNDERMINING.label).capitalize()] == "6"
    assert ">3<" not in svg and ">×<" in svg and ">6<" in svg
    # The clocks are shares, and not of so few reports.
    assert {c.kind: c.acknowledged_in_time for c in partnership_figures(twente).clocks} == {
        Kind.UNDERMINING: None,
        Kind.AGGRESSION: None,
    }
    assert "×" in page
    assert ">3<" not in page.replace(" ", "")


def test_a_total_that_would_give_a_members_small_count_away_is_suppressed(
    twente, enschede, hengelo
):
    # The meldpunt figures page shows Enschede's 7 and Hengelo's "<5" for this quarter: a total
    # of 9 would tell Hengelo had 2.
    _reports(enschede, Kind.INTEGRITY, 7, days_ago=1)
    _reports(hengelo, Kind.INTEGRITY, 2, days_ago=1)
    _reports(enschede, Kind.UNDERMINING, 6, days_ago=1)
    _reports(hengelo, Kind.UNDERMINING, 5, days_ago=1)

    figures = partnership_figures(twente)
    year, quarter = figures.quarters[-1]
    assert figures.count(year, quarter, Kind.INTEGRITY) is WITHHELD  # "×", not "<5"
    assert figures.count(year, quarter, Kind.UNDERMINING) == 11


def test_clocks_are_shares_of_reports_and_closing_without_a_message_is_no_feedback(
    twente, enschede
):
    # 20 acknowledged in time, 5 late; of the 25, 12 got feedback in time, the rest were
    # closed without a message to the reporter.
    _reports(enschede, Kind.UNDERMINING, 20, days_ago=200, acknowledged_after=2)
    _reports(enschede, Kind.UNDERMINING, 5, days_ago=200, acknowledged_after=10)
    reports = Report.objects.filter(kind=Kind.UNDERMINING).order_by("pk")
    for report in reports[:12]:
        Report.objects.filter(pk=report.pk).update(
            feedback_given_at=report.received_at + datetime.timedelta(days=30)
        )
    for report in reports[12:]:
        Report.objects.filter(pk=report.pk).update(
            status="afgesloten", close_reason="afgehandeld",
            closed_at=report.received_at + datetime.timedelta(days=30),
        )  # fmt: skip

    [clock] = partnership_figures(twente).clocks
    assert clock.acknowledged_in_time == 80
    # 12 of 25 reporters heard back in time; the 13 closed in silence never did: 48% → 40.
    assert clock.feedback_in_time == 40


def test_each_kind_is_timed_by_its_own_days(twente, enschede):
    # Undermining keeps the default week; integrity concerns get three days. Both were
    # acknowledged after five days: in time for the first, late for the second (20 each:
    # a share of fewer is not shown).
    Deadline.objects.update_or_create(
        kind=Kind.INTEGRITY, defaults={"acknowledge_days": 3, "feedback_days": 91}
    )
    _reports(enschede, Kind.UNDERMINING, 20, days_ago=200, acknowledged_after=5)
    _reports(enschede, Kind.INTEGRITY, 20, days_ago=200, acknowledged_after=5)

    clocks = {c.kind: c.acknowledged_in_time for c in partnership_figures(twente).clocks}
    assert clocks == {Kind.UNDERMINING: 100, Kind.INTEGRITY: 0}


def test_the_meldpunt_section_is_for_coordinators_and_viewers_only(
    client, contributor, coordinator, twente, enschede
):
    _reports(enschede, Kind.UNDERMINING, 6)
    keys = {s.key for s in dashboard.sections(dashboard.Reader(contributor, twente, _now()))}
    assert "meldpunt" not in keys
    keys = {s.key for s in dashboard.sections(dashboard.Reader(coordinator, twente, _now()))}
    assert "meldpunt" in keys
    client.force_login(contributor)
    response = client.get(_download(twente, "meldpunt-kwartalen", "csv"))
    assert response.status_code == 404


def test_last_quarters_run_over_the_turn_of_the_year():
    assert last_quarters(datetime.date(2026, 2, 10), 3) == [(2025, 3), (2025, 4), (2026, 1)]
    assert last_quarters(datetime.date(2026, 12, 31), 1) == [(2026, 4)]


# --- What needs attention -----------------------------------------------------------------


def test_a_coordinator_sees_late_organisations_and_stale_cells(client, coordinator, twente):
    programme = make_programme(twente, list(twente.members.all()), name="Plan")
    progress_round = programme_services.round_open(
        actor=None, programme=programme, title="Najaar", deadline=timezone.localdate()
    )
    # The deadline passed yesterday.
    progress_round.deadline = timezone.localdate() - datetime.timedelta(days=1)
    progress_round.save()
    Commitment.objects.filter(programme=programme).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    round_url = reverse("programmes:round_detail", args=[programme.pk, progress_round.pk])
    assert f'href="{round_url}"' in page
    assert "Najaar (Plan): 3 organisaties hebben nog niet elke cel bijgewerkt" in page
    assert reverse("programmes:matrix", args=[programme.pk]) + "?stale=on" in page


def test_a_contributor_sees_their_own_open_actions(client, contributor, twente, enschede, hengelo):
    programme = make_programme(twente, [enschede, hengelo], actions=3, name="Plan")
    _set(programme, "1.1", enschede, Status.COMPLETED)
    client.force_login(contributor)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "2 acties van je organisatie zijn nog niet klaar" in page
    assert f'href="{reverse("programmes:my_actions")}"' in page


def test_a_handler_sees_counts_of_their_clocks_and_nothing_of_the_reports(
    client, twente, enschede, hengelo
):
    handler = UserFactory(email="behandelaar@example.test")
    MembershipFactory(
        user=handler, organisation=enschede, role=Role.HANDLER,
        compartments=["ondermijning", "integriteit", "agressie"],
    )  # fmt: skip
    MembershipFactory(user=handler, organisation=enschede, role=Role.VIEWER, partnership=twente)
    _reports(enschede, Kind.UNDERMINING, 2, days_ago=30)
    number = Report.objects.first().number
    client.force_login(handler)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert f'href="{reverse("meldpunt:inbox")}?status=open"' in page
    assert "2 meldingen zijn over hun termijn" in page
    assert number not in page
    # Another partnership's dashboard does not count Enschede's reports.
    other = PartnershipFactory(name="Elders", members=[hengelo])
    MembershipFactory(user=handler, organisation=hengelo, role=Role.VIEWER, partnership=other)
    page = client.get(reverse("insights:partnership_detail", args=[other.pk])).content.decode()
    assert "meldingen zijn over hun termijn" not in page


def _round_of(kind, partnership, framework, organisations, title, deadline):
    return scan_services.scan_round_open(
        actor=None, partnership=partnership, framework=framework, title=title, kind=kind,
        deadline=deadline, organisations=organisations,
    )  # fmt: skip


def test_an_assessor_sees_the_reviews_waiting_for_them(client, twente, enschede, hengelo):
    assessor = UserFactory(email="toetser@example.test")
    MembershipFactory(user=assessor, organisation=enschede, role=Role.ASSESSOR, partnership=twente)
    framework = make_framework(name="Weerbaarheid", norms=2)
    today = timezone.localdate()
    # Enschede's self-scan is in, Hengelo's is not: one review can be done.
    both = _round_of(
        RoundKind.BOTH, twente, framework, [enschede, hengelo], "Ronde A", today + SOON_ENOUGH
    )
    _answer(both, enschede, ["ja", "nee"])
    # A review-only round has no self-scans: both reviews wait from the start; its deadline
    # passed, so it is urgent.
    only = _round_of(
        RoundKind.REVIEW, twente, framework, [enschede, hengelo], "Ronde B",
        today - datetime.timedelta(days=3),
    )  # fmt: skip
    # Too long past its deadline to nag.
    _round_of(
        RoundKind.REVIEW, twente, framework, [enschede], "Ronde C",
        today - datetime.timedelta(days=200),
    )  # fmt: skip
    client.force_login(assessor)

    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()

    assert "Ronde A: 1 zelfscan wacht op de onafhankelijke toetsing" in page
    assert "Ronde B: 2 zelfscans wachten op de onafhankelijke toetsing" in page
    assert page.index("Ronde B:") < page.index("Ronde A:")  # by deadline
    assert "Ronde C:" not in page
    assert f'href="{reverse("scans:round_detail", args=[only.pk])}"' in page
    # Once the review is submitted, it no longer waits.
    review = both.scans.get(organisation=enschede, kind=ScanKind.REVIEW)
    scale = {o.code: o for o in framework.scale.all()}
    for norm in framework.norms.all():
        scan_services.answer_save(actor=None, scan=review, norm=norm, option=scale["ja"])
    scan_services.scan_submit(actor=None, scan=review)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "Ronde A:" not in page


def test_a_contributor_sees_only_their_own_self_scans_still_open(
    client, contributor, twente, enschede, hengelo
):
    framework = make_framework(name="Weerbaarheid", norms=2)
    soon = timezone.localdate() + datetime.timedelta(days=2)
    _round_of(RoundKind.BOTH, twente, framework, [enschede, hengelo], "Ronde A", soon)
    client.force_login(contributor)  # of Enschede

    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()

    assert "Ronde A: 1 zelfscan is nog niet ingediend" in page
    assert f'href="{reverse("scans:scan_list")}"' in page
    assert "wacht op de onafhankelijke toetsing" not in page  # not an assessor


def test_a_closed_programme_asks_nothing_of_its_open_round(client, coordinator, twente):
    programme = make_programme(twente, list(twente.members.all()), name="Plan")
    programme_services.round_open(
        actor=None, programme=programme, title="Najaar", deadline=timezone.localdate()
    )
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "Najaar (Plan)" in page
    programme.closed_on = timezone.localdate()
    programme.save()
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "Najaar (Plan)" not in page


def test_a_viewer_is_told_nothing_needs_their_attention(client, viewer, twente):
    client.force_login(viewer)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "Niets in dit samenwerkingsverband vraagt nu je aandacht." in page


# --- Indicators ---------------------------------------------------------------------------


def _year(offset):
    """The first day of a year counted back from this one (1: last year)."""
    return datetime.date(timezone.localdate().year - offset, 1, 1)


def test_the_partnerships_indicators_per_year_protect_small_counts_for_every_reader(
    client, viewer, coordinator, twente, enschede, hengelo
):
    signals = make_indicator(twente, suppress_small=True, fictitious=True)
    add_indicator_values(
        signals,
        {
            ("GM0153", _year(1)): 12,
            ("GM0164", _year(1)): 8,  # 20 together
            ("GM0153", _year(2)): 3,  # a small count: 13 would give it away
            ("GM0164", _year(2)): 10,
            ("GM0153", _year(3)): 30,  # Hengelo has none: no sum over part of the area
            ("GM0164", _year(4)): 2,  # no figure at all: nothing withheld either
            ("GM0153", _year(9)): 99,  # before the years shown
        },
    )
    last, second, third, fourth = (str(_year(n).year) for n in (1, 2, 3, 4))

    for reader in (viewer, coordinator):
        client.force_login(reader)
        page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
        section = page[page.index('id="section-cijfers"') :]
        section = section[: section.index("</section>")]
        assert reverse("insights:indicator_detail", args=[signals.pk]) in section
        assert "voorbeeldcijfers" in section
        table = section[section.index("<tbody") : section.index("</tbody>")]
        assert "13" not in table and "99" not in table and "30" not in table
        assert ">20<" in table and ">×<" in table

    csv = client.get(_download(twente, "cijfers-jaren", "csv")).content.decode("utf-8-sig")
    header, row = csv.splitlines()
    assert header.split(";")[-4:] == [fourth, third, second, last]
    # Made-up figures say so wherever the table goes.
    assert row.split(";") == ["Signalen (voorbeeldcijfers)", "—", "—", "—", "×", "20"]
    panel = dashboard.figure(viewer, twente, "cijfers-jaren").chart.panels[0]
    assert panel.title.startswith("Voorbeeldcijfers: Signalen")
    svg = client.get(_download(twente, "cijfers-jaren", "svg")).content
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    namespace = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{namespace}rect")) == 1  # only the year that may be shown


def test_each_indicator_has_its_own_scale_and_a_sum_over_part_of_a_year_says_so(
    client, coordinator, twente
):
    from dijkwacht.insights.models import Level, PeriodType, Unit

    checks = make_indicator(
        twente, name="Bibob-toetsen (test)", period_type=PeriodType.QUARTER, level=Level.PARTNERSHIP
    )
    year = _year(1)
    add_indicator_values(
        checks,
        {(twente.slug, year.replace(month=month)): 5 for month in (1, 4, 7)},  # three quarters
    )
    share = make_indicator(
        twente, name="Aandeel (test)", unit=Unit.PERCENT, level=Level.PARTNERSHIP, decimals=1
    )
    add_indicator_values(share, {(twente.slug, year): "0.4"})
    client.force_login(coordinator)

    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()

    assert "15 *" in page and "De som van de perioden met een waarde" in page
    assert "0,4%" in page
    figure = dashboard.figure(coordinator, twente, "cijfers-jaren")
    heights = [
        column.height for panel in figure.chart.panels for column in panel.columns if column.height
    ]
    assert len(heights) == 2 and heights[0] == heights[1]  # 15 and 0.4, each the top of its own


def test_the_years_shown_end_with_the_newest_complete_year_with_a_figure(coordinator, twente):
    signals = make_indicator(twente, level="partnership")
    this_year = datetime.date(timezone.localdate().year, 1, 1)
    # Published late: nothing in the last two years, and this year is not complete yet.
    # The province's figure, for comparison on the indicator's page, is not the partnership's.
    add_indicator_values(
        signals,
        {(twente.slug, _year(3)): 7, (twente.slug, this_year): 2, ("PV23", _year(1)): 50},
    )

    figure = dashboard.figure(coordinator, twente, "cijfers-jaren")

    newest = _year(3).year
    assert figure.header[1:] == [str(year) for year in range(newest - 4, newest + 1)]
    assert figure.rows == [["Signalen", "—", "—", "—", "—", "7"]]


def test_no_indicators_section_without_figures_of_the_partnership(client, coordinator, twente):
    make_indicator(twente)  # no values
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert 'id="section-cijfers"' not in page


# --- Downloads ----------------------------------------------------------------------------


def test_each_figure_downloads_as_svg_png_and_csv(client, coordinator, twente, enschede):
    programme = make_programme(twente, [enschede], name="Plan")
    _set(programme, "1.1", enschede, Status.COMPLETED)
    client.force_login(coordinator)
    key = f"programmas-{programme.pk}-themas"

    csv = client.get(_download(twente, key, "csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().lstrip("\ufeff").splitlines()[1] == "Thema 1;2;1;50%"
    svg = client.get(_download(twente, key, "svg"))
    assert svg["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.content)  # noqa: S314 (our own output)
    assert root.tag.endswith("svg")
    assert "Thema 1" in svg.content.decode() and "50%" in svg.content.decode()
    png = client.get(_download(twente, key, "png"))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert 'attachment; filename="' in png["Content-Disposition"]


def test_a_figure_of_another_partnership_or_format_answers_404(
    client, other_coordinator, coordinator, twente, enschede
):
    programme = make_programme(twente, [enschede], name="Plan")
    key = f"programmas-{programme.pk}-themas"
    client.force_login(other_coordinator)
    assert client.get(_download(twente, key, "csv")).status_code == 404
    client.force_login(coordinator)
    assert client.get(_download(twente, key, "exe")).status_code == 404
    assert client.get(_download(twente, "bestaat-niet", "csv")).status_code == 404


# --- helpers ------------------------------------------------------------------------------


def _now():
    return timezone.now()


def _download(partnership, key, fmt):
    return reverse("insights:figure_download", args=[partnership.pk, key, fmt])


# --- API ----------------------------------------------------------------------------------


def test_the_api_gives_the_dashboards_figures_with_the_same_suppression(
    client, viewer, coordinator, other_coordinator, twente, enschede, hengelo
):
    programme = make_programme(twente, [enschede], name="Plan")
    _set(programme, "1.1", enschede, Status.COMPLETED)
    _reports(hengelo, Kind.AGGRESSION, 2, days_ago=3)
    url = f"/api/v1/partnerships/{twente.slug}/dashboard"

    client.force_login(viewer)
    body = client.get(url).json()
    sections = {s["key"]: s for s in body["sections"]}
    assert body["partnership"] == twente.slug
    themes = sections["programmas"]["figures"][0]
    assert themes["key"] == f"programmas-{programme.pk}-themas"
    assert themes["rows"] == [["Thema 1", "2", "1", "50%"]]
    quarters = next(f for f in sections["meldpunt"]["figures"] if f["key"] == "meldpunt-kwartalen")
    aggression = quarters["columns"].index(str(Kind.AGGRESSION.label).capitalize())
    assert quarters["rows"][-1][aggression] == "×"

    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404


def test_a_share_is_rounded_not_cut_off():
    from django.utils import translation

    from dijkwacht.insights.dashboard import percent_text

    with translation.override("nl"):
        assert percent_text(66.66, "—") == "66,7%"
        assert percent_text(99.96, "—") == "100%"
        assert percent_text(None, "—") == "—"
        assert [percent_text(v, "—") for v in (0, 45, 100, 12.5)] == ["0%", "45%", "100%", "12,5%"]


# --- The information position -------------------------------------------------------------


def test_the_information_position_counts_sources_and_known_registers(
    client, viewer, coordinator, twente, enschede, hengelo, utrecht_city, other_coordinator
):
    from dijkwacht.catalogue.defaults import ensure_default_register_kinds
    from dijkwacht.catalogue.models import RegisterKind
    from dijkwacht.catalogue.services import registration_system_save
    from tests.factories import make_source

    reader = dashboard.Reader(viewer, twente, _now())
    assert "informatie" not in {s.key for s in dashboard.sections(reader)}
    ensure_default_register_kinds(RegisterKind)
    signals = RegisterKind.objects.get(code="signalen")
    make_source(enschede, coordinator, title="Afgeschermd")
    make_source(enschede, coordinator, title="Open", access_level="publiek",
                landing_url="https://example.test/")  # fmt: skip
    make_source(utrecht_city, other_coordinator, title="Elders")  # not a member of Twente
    registration_system_save(actor=None, organisation=enschede, kind=signals, product="Zaak")
    registration_system_save(actor=None, organisation=hengelo, kind=signals, has_register=False)
    registration_system_save(actor=None, organisation=utrecht_city, kind=signals, product="X")
    with translation.override("nl"):
        (section,) = [s for s in dashboard.sections(reader) if s.key == "informatie"]
        assert section.facts["source_total"] == 2
        assert dict(section.facts["sources"]) == {
            "open": 1,
            "onder voorwaarden": 0,
            "afgeschermd": 1,
        }
        (figure,) = section.figures
    rows = {row[0]: row[1:] for row in figure.rows}
    assert rows["Signalen van ondermijning"] == ["1 van 2", "1"]
    assert rows["Bibob-onderzoeken"] == ["0 van 2", "2"]
    client.force_login(viewer)
    csv = client.get(_download(twente, "informatie-registers", "csv"))
    assert csv.status_code == 200
    assert "Signalen van ondermijning" in csv.content.decode("utf-8-sig")


def test_a_total_a_member_could_subtract_its_own_count_from_is_withheld(
    twente, enschede, hengelo, overijssel
):
    """Enschede 9, Hengelo 3, Overijssel 3: an onlooker cannot tell the two "<5" apart from
    the 15, but Hengelo takes its own 3 away and learns Overijssel's 3 (the n−1 rule)."""
    _reports(enschede, Kind.INTEGRITY, 9, days_ago=1)
    _reports(hengelo, Kind.INTEGRITY, 3, days_ago=1)
    _reports(overijssel, Kind.INTEGRITY, 3, days_ago=1)
    _reports(enschede, Kind.UNDERMINING, 9, days_ago=1)
    _reports(hengelo, Kind.UNDERMINING, 6, days_ago=1)
    _reports(overijssel, Kind.UNDERMINING, 5, days_ago=1)

    figures = partnership_figures(twente)
    year, quarter = figures.quarters[-1]
    assert figures.count(year, quarter, Kind.INTEGRITY) is WITHHELD
    assert figures.count(year, quarter, Kind.UNDERMINING) == 20  # each member is left 11 or more


def test_awareness_shows_sessions_reach_per_group_campaigns_and_the_learning_module(
    client, viewer, coordinator, contributor, twente, enschede, hengelo
):
    from dijkwacht.awareness import services as awareness_services
    from dijkwacht.awareness.learning import COURSE
    from dijkwacht.awareness.models import Course, TargetGroup
    from tests.factories import make_activity

    reader = dashboard.Reader(viewer, twente, _now())
    assert "bewustwording" not in {s.key for s in dashboard.sections(reader)}
    make_activity(twente, enschede, groups=("raad",), days_ago=(20,), came={(enschede, "raad"): 9})
    raad = TargetGroup.objects.get(code="raad")
    awareness_services.sizes_save(
        actor=None, partnership=twente, organisation=enschede,
        valid_from=timezone.localdate() - datetime.timedelta(days=60), sizes={raad.pk: 36},
    )  # fmt: skip
    course = Course.objects.get(code=COURSE["code"])
    awareness_services.course_complete(
        actor=contributor, course=course, organisation=enschede,
        answers=[q.correct for q in course.questions.all()],
    )  # fmt: skip
    with translation.override("nl"):
        (section,) = [s for s in dashboard.sections(reader) if s.key == "bewustwording"]
        summary = section.facts["summary"]
        assert (summary.activities, summary.sessions, summary.participants) == (1, 1, 9)
        (figure,) = section.figures
        (course_line,) = summary.courses
    assert figure.rows == [["Gemeenteraad of Provinciale Staten", "9", "36", "25%", "2"]]
    # One member's 1 completion: left out ("×"), as that member would know the rest.
    assert course_line.completed is WITHHELD and course_line.share is None
    client.force_login(viewer)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "Bereik per doelgroep" in page and "afrondingen die nu tellen: ×" in page
