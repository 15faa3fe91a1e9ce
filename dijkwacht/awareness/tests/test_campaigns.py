"""Campaigns: who plans them, what is refused next to its field, the figures beside the
previous campaign (the meldpunt's reports counted, small counts suppressed), and that a
campaign removed before it ends stays in the feeds as cancelled."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import calendar, reach, selectors, services
from dijkwacht.awareness.models import Campaign, CancelledItem, TargetGroup
from dijkwacht.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _plan(actor, partnership, organiser, *, days=(-5, 9), previous=None, **more):
    today = timezone.localdate()
    fields = {
        "title": "Meld Misdaad Anoniem",
        "starts_on": today + datetime.timedelta(days=days[0]),
        "ends_on": today + datetime.timedelta(days=days[1]),
        "channels": "Posters\n\nSocial media\n",
        **more,
    }
    return services.campaign_save(
        actor=actor,
        partnership=partnership,
        organiser=organiser,
        target_groups=TargetGroup.objects.filter(code="burgers"),
        organisations=[],
        previous=previous,
        **fields,
    )


def test_a_contributor_plans_for_their_own_organisation_and_it_is_audited(
    twente, enschede, hengelo, contributor
):
    campaign = _plan(contributor, twente, enschede)
    assert campaign.channel_list == ["Posters", "Social media"]
    assert list(campaign.organisations.all()) == [enschede]  # the organiser takes part
    assert AuditEvent.objects.filter(action="awareness.campaign_create").exists()
    with pytest.raises(ValidationError) as refused:
        _plan(contributor, twente, hengelo)
    assert "organiser" in refused.value.message_dict


def test_what_does_not_fit_is_refused_next_to_its_field(
    twente, utrecht, enschede, utrecht_city, coordinator, other_coordinator
):
    theirs = _plan(other_coordinator, utrecht, utrecht_city)
    with pytest.raises(ValidationError) as refused:
        _plan(coordinator, twente, enschede, days=(5, 1), previous=theirs)
    assert set(refused.value.message_dict) == {"ends_on", "previous"}
    with pytest.raises(ValidationError) as no_group:
        services.campaign_save(
            actor=coordinator,
            partnership=twente,
            organiser=enschede,
            target_groups=[],
            organisations=[],
            title="Zonder doelgroep",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )
    assert "target_groups" in no_group.value.message_dict
    assert Campaign.objects.filter(partnership=twente).count() == 0


def test_a_campaign_is_compared_with_one_that_started_earlier(twente, enschede, coordinator):
    last_year = _plan(coordinator, twente, enschede, days=(-370, -350))
    this_year = _plan(coordinator, twente, enschede, previous=last_year)
    with pytest.raises(ValidationError) as refused:
        _plan(coordinator, twente, enschede, days=(-400, -390), previous=this_year)
    assert "previous" in refused.value.message_dict


def test_a_campaign_compared_with_cannot_move_after_the_later_one(twente, enschede, coordinator):
    last_year = _plan(coordinator, twente, enschede, days=(-370, -350))
    _plan(coordinator, twente, enschede, previous=last_year)
    with pytest.raises(ValidationError) as refused:
        services.campaign_save(
            actor=coordinator,
            partnership=twente,
            organiser=enschede,
            target_groups=TargetGroup.objects.filter(code="burgers"),
            organisations=[],
            campaign=last_year,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert "starts_on" in refused.value.message_dict
    assert list(selectors.earlier_campaigns(twente, last_year)) == []


def test_changed_links_are_in_the_audit_trail(twente, enschede, hengelo, coordinator):
    campaign = _plan(coordinator, twente, enschede)
    services.campaign_save(
        actor=coordinator,
        partnership=twente,
        organiser=enschede,
        target_groups=TargetGroup.objects.filter(code="horeca"),
        organisations=[hengelo],
        campaign=campaign,
    )
    event = AuditEvent.objects.filter(action="awareness.campaign_update").latest("pk")
    assert {"organisations", "target_groups"} <= set(event.changes)


def test_figures_are_entered_once_it_has_begun_and_compared(twente, enschede, coordinator):
    last_year = _plan(coordinator, twente, enschede, days=(-370, -350))
    services.campaign_figures_save(
        actor=coordinator,
        campaign=last_year,
        figures={"people_reached": 40_000, "page_visits": 2_000, "reports_during": 8},
    )
    this_year = _plan(coordinator, twente, enschede, previous=last_year)
    services.campaign_figures_save(
        actor=coordinator,
        campaign=this_year,
        figures={"people_reached": 46_000, "page_visits": 1_500},
    )
    fresh = selectors.get_campaign_for(coordinator, this_year.pk)
    figures = {f.label: f for f in selectors.campaign_figures(fresh)}
    reached = figures["Bereikte mensen"]
    assert (reached.value, reached.previous, reached.change) == (46_000, 40_000, 15)
    assert figures["Paginabezoeken"].change == -25
    during = figures["Meldingen elders, tijdens"]
    assert (during.value, during.previous, during.change) == (None, 8, None)

    coming = _plan(coordinator, twente, enschede, days=(3, 10))
    with pytest.raises(ValidationError):
        services.campaign_figures_save(
            actor=coordinator, campaign=coming, figures={"people_reached": 1}
        )


def test_change_percent_rounds_towards_zero_and_knows_no_share_of_nothing():
    assert reach.change_percent(115, 100) == 15
    assert reach.change_percent(1, 3) == -66
    assert reach.change_percent(3, 0) is None
    assert reach.change_percent(None, 3) is None


def test_someone_of_another_member_may_not_change_it(twente, enschede, coordinator, viewer):
    campaign = _plan(coordinator, twente, enschede)
    with pytest.raises(PermissionDenied):
        services.campaign_figures_save(actor=viewer, campaign=campaign, figures={})


def test_removed_before_it_ends_it_stays_in_the_feeds_as_cancelled(twente, enschede, coordinator):
    campaign = _plan(coordinator, twente, enschede)
    uid = calendar.uid("campaign", campaign.pk)
    services.campaign_remove(actor=coordinator, campaign=campaign)
    kept = CancelledItem.objects.get(uid=uid)
    assert kept.all_day
    today = timezone.localdate()
    items = selectors.calendar_items(
        coordinator, [twente], today - datetime.timedelta(days=10), today
    )
    assert [(i.uid, i.cancelled, i.all_day) for i in items] == [(uid, True, True)]


def test_the_pages_show_the_campaign_to_the_partnership_and_404_to_another(
    client, twente, enschede, coordinator, viewer, other_coordinator
):
    campaign = _plan(coordinator, twente, enschede)
    client.force_login(viewer)
    assert (
        campaign.title
        in client.get(reverse("awareness:campaign_list", args=[twente.pk])).content.decode()
    )
    page = client.get(reverse("awareness:campaign_detail", args=[campaign.pk]))
    assert "Posters" in page.content.decode()
    assert "Cijfers invullen" not in page.content.decode()  # a viewer enters nothing
    assert client.post(reverse("awareness:campaign_detail", args=[campaign.pk])).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(reverse("awareness:campaign_detail", args=[campaign.pk])).status_code == 404


def test_bad_figures_land_next_to_their_field(client, twente, enschede, coordinator):
    campaign = _plan(coordinator, twente, enschede)
    client.force_login(coordinator)
    response = client.post(
        reverse("awareness:campaign_detail", args=[campaign.pk]),
        {"people_reached": "-4", "page_visits": "veel"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"people_reached", "page_visits"}
    campaign.refresh_from_db()
    assert campaign.people_reached is None


def test_the_meldpunt_s_reports_are_counted_per_quarter_as_its_figures_page_counts(
    twente, enschede, coordinator
):
    from dijkwacht.meldpunt import services as meldpunt_services
    from dijkwacht.meldpunt.models import MeldpuntSettings, Report

    MeldpuntSettings.objects.create(organisation=enschede, accepts_reports=True)
    zone = timezone.get_current_timezone()

    def report(day, kind="integriteit"):
        found = meldpunt_services.report_submit(
            organisation=enschede, kind=kind, identity="anoniem",
            description="Een pand dat 's nachts open is.", answers={}, reporter={},
        ).report  # fmt: skip
        Report.objects.filter(pk=found.pk).update(
            received_at=datetime.datetime.combine(day, datetime.time(12), zone)
        )

    for _ in range(6):
        report(datetime.date(2026, 5, 20))  # in the campaign's quarter
    report(datetime.date(2026, 4, 2))  # the same quarter, another week: counted too
    for _ in range(2):
        report(datetime.date(2026, 2, 10))  # the quarter before: 2 reads "<5"
    report(datetime.date(2025, 11, 1))  # long before: not counted

    campaign = services.campaign_save(
        actor=coordinator, partnership=twente, organiser=enschede,
        target_groups=TargetGroup.objects.filter(code="burgers"), organisations=[],
        title="Campagne mei", starts_on=datetime.date(2026, 5, 11),
        ends_on=datetime.date(2026, 5, 24),
    )  # fmt: skip
    figures = {f.label: f for f in selectors.campaign_figures(campaign)}
    during = figures["Meldingen bij het meldpunt, in de kwartalen van de campagne"]
    before = figures["Meldingen bij het meldpunt, in de kwartalen ervoor"]
    assert (during.value, during.counted, during.value_mark) == (7, True, "")
    assert (before.value, before.value_mark) == (None, "×")  # 2: left out

    # A second kind with 1 report in the quarter: the total would give that cell away.
    report(datetime.date(2026, 5, 21), kind="agressie")
    figures = {f.label: f for f in selectors.campaign_figures(campaign)}
    during = figures["Meldingen bij het meldpunt, in de kwartalen van de campagne"]
    assert (during.value, during.value_mark) == (None, "×")


def test_the_quarters_before_cross_the_year():
    assert selectors.quarters_before([(2026, 1)]) == [(2025, 4)]
    assert selectors.quarters_before([(2026, 1), (2026, 2)]) == [(2025, 3), (2025, 4)]
    assert selectors.quarters_before([(2025, 4), (2026, 1)]) == [(2025, 2), (2025, 3)]


def test_quarters_of_a_period():
    assert selectors.quarters_of(datetime.date(2026, 3, 20), datetime.date(2026, 4, 5)) == [
        (2026, 1),
        (2026, 2),
    ]
    assert selectors.quarters_of(datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)) == [
        (2026, 4),
        (2027, 1),
    ]
