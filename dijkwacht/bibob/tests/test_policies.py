"""One Bibob policy across the partnership: comparing the members' policies with the
reference, keeping them, a gap becoming a joint action, and the API."""

import pytest
from django.urls import reverse

from dijkwacht.bibob import policies, selectors
from dijkwacht.bibob.models import Category, Policy
from dijkwacht.bibob.services import RuleInput, policy_save
from dijkwacht.programmes.models import Commitment
from tests.factories import MembershipFactory, UserFactory, make_programme

R = policies.Rule


@pytest.mark.parametrize(
    ("rule", "reference", "weaker"),
    [
        (R("altijd"), R("altijd"), False),
        (R("indicatie"), R("altijd"), True),
        (None, R("indicatie"), True),  # not in the policy: never
        (R("nooit"), R("indicatie"), True),
        (R("altijd"), R("indicatie"), False),  # stricter is no gap
        (R("altijd", 1_000_000), R("altijd", 500_000), True),  # from a higher amount
        (R("altijd", 250_000), R("altijd", 500_000), False),
        (R("altijd", 500_000), R("altijd"), True),  # an amount where the reference has none
        (R("altijd"), R("altijd", 500_000), False),
        (R("indicatie", 100), R("altijd", 500_000), True),
        (R("nooit"), R("nooit"), False),
        (None, None, False),  # no reference asks nothing
        (R("nooit"), None, False),
    ],
)
def test_weaker_than_the_reference(rule, reference, weaker):
    assert policies.weaker(rule, reference) is weaker


def test_members_differ_when_not_all_rules_are_the_same():
    assert not policies.differs([R("altijd"), R("altijd")])
    assert policies.differs([R("altijd"), R("altijd", 500_000)])
    assert policies.differs([None, R("nooit"), R("altijd")])
    assert not policies.differs([None, R("nooit")])  # unnamed reads as never


@pytest.fixture
def rules(db):
    return {c.code: c for c in Category.objects.all()}


@pytest.fixture
def twente_policies(twente, enschede, hengelo, rules):
    """The reference: building permits always from €500,000, subsidies if indicated. Enschede
    applies Bibob to building only if indicated; Hengelo as the reference."""
    policy_save(actor=None, partnership=twente, title="Referentie",
                rules=[RuleInput(rules["bouwen"], "altijd", 500_000),
                       RuleInput(rules["subsidie"], "indicatie")])  # fmt: skip
    policy_save(actor=None, organisation=enschede, title="Beleid Enschede",
                rules=[RuleInput(rules["bouwen"], "indicatie"),
                       RuleInput(rules["subsidie"], "altijd")])  # fmt: skip
    policy_save(actor=None, organisation=hengelo, title="Beleid Hengelo",
                rules=[RuleInput(rules["bouwen"], "altijd", 500_000),
                       RuleInput(rules["subsidie"], "indicatie")])  # fmt: skip


def test_the_matrix_marks_who_falls_short_and_where_members_differ(twente_policies, twente, rules):
    matrix = selectors.policy_matrix(twente)
    column = {c.code: i for i, c in enumerate(matrix.categories)}
    names = [row.organisation.name for row in matrix.rows]
    # The province too, without a policy.
    assert names == ["Enschede", "Hengelo (O.)", "Provincie Overijssel"]
    behind_on_building = [o.name for o in matrix.behind[column["bouwen"]]]
    assert behind_on_building == ["Enschede", "Provincie Overijssel"]
    assert [o.name for o in matrix.behind[column["subsidie"]]] == ["Provincie Overijssel"]
    assert matrix.behind[column["alcohol-horeca"]] == []  # the reference asks nothing there
    assert matrix.differs[column["bouwen"]] and matrix.differs[column["subsidie"]]
    assert not matrix.differs[column["alcohol-horeca"]]
    assert [row.gaps for row in matrix.rows] == [1, 0, 2]


def test_every_member_reads_the_matrix_and_its_download(
    client, twente_policies, twente, viewer, other_coordinator, verified
):
    client.force_login(viewer)
    page = client.get(reverse("bibob:policy_matrix", args=[twente.pk]))
    assert page.status_code == 200
    assert "Beleid Enschede" in page.content.decode()
    assert "Referentie wijzigen" not in page.content.decode()  # a viewer keeps nothing
    download = client.get(reverse("bibob:policy_matrix_csv", args=[twente.pk]))
    text = download.content.decode("utf-8-sig")
    assert "bij aanwijzingen (onder de referentie)" in text
    client.force_login(other_coordinator)
    assert client.get(reverse("bibob:policy_matrix", args=[twente.pk])).status_code == 404


def test_an_organisation_keeps_its_own_policy(client, contributor, enschede, rules, verified):
    client.force_login(contributor)
    url = reverse("bibob:policy_edit", args=[enschede.pk])
    building = rules["bouwen"].pk
    response = client.post(
        url,
        {"title": "Beleidsregel Wet Bibob Enschede 2026", "adopted_on": "2026-03-01",
         "document_url": "lokaleregelgeving.overheid.nl/CVDR1",
         f"c{building}-application": "altijd", f"c{building}-threshold": "750000",
         f"c{building}-areas": "hele gemeente"},
    )  # fmt: skip
    assert response.status_code == 302
    policy = Policy.objects.get(organisation=enschede)
    assert policy.document_url == "https://lokaleregelgeving.overheid.nl/CVDR1"
    rule = policy.rules.get()
    assert (rule.category_id, rule.application, rule.threshold, rule.areas) == (
        building, "altijd", 750_000, "hele gemeente"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"threshold": "veel"}, "threshold", "Vul een heel getal in."),
        ({"threshold": "-5", "application": "altijd"}, "threshold", None),
        (
            {"threshold": "1000"},
            "threshold",
            "Een bedrag hoort bij een categorie die het beleid noemt.",
        ),
        ({"application": "soms"}, "application", None),
    ],
)
def test_a_wrong_rule_is_named_next_to_its_field_and_nothing_is_saved(
    client, contributor, enschede, rules, verified, fields, field, message
):
    client.force_login(contributor)
    building = rules["bouwen"].pk
    data = {"title": "Beleid"} | {f"c{building}-{k}": v for k, v in fields.items()}
    response = client.post(reverse("bibob:policy_edit", args=[enschede.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[f"c{building}-{field}"]
    if message:
        assert errors == [message]
    assert not Policy.objects.exists()


def test_another_organisation_answers_404_and_the_reference_is_the_coordinators(
    client, contributor, hengelo, twente, verified
):
    client.force_login(contributor)
    assert client.get(reverse("bibob:policy_edit", args=[hengelo.pk])).status_code == 404
    assert client.get(reverse("bibob:reference_edit", args=[twente.pk])).status_code == 403


def test_a_gap_becomes_a_joint_action_for_exactly_the_members_behind(
    client, coordinator, twente, twente_policies, rules, verified
):
    programme = make_programme(twente, [], name="Weerbaar Twente")
    client.force_login(coordinator)
    url = reverse("bibob:gap_action_new", args=[twente.pk, rules["bouwen"].pk])
    page = client.get(url)
    assert [o.name for o in page.context["behind"]] == ["Enschede", "Provincie Overijssel"]
    response = client.post(url, {"target": f"p{programme.pk}", "title": "Eén Bibob-beleid bouwen"})
    assert response.status_code == 302
    action = programme.actions.get(title="Eén Bibob-beleid bouwen")
    assert sorted(
        Commitment.objects.filter(action=action).values_list("organisation__name", flat=True)
    ) == ["Enschede", "Provincie Overijssel"]
    refused = client.post(
        reverse("bibob:gap_action_new", args=[twente.pk, rules["alcohol-horeca"].pk]),
        {"target": f"p{programme.pk}", "title": "Niets"},
    )
    assert refused.status_code == 200 or refused.status_code == 400
    assert not programme.actions.filter(title="Niets").exists()


def test_the_api_reads_the_partnerships_policies_and_writes_the_own(
    client, contributor, other_contributor, enschede, hengelo, twente, twente_policies, verified
):
    client.force_login(contributor)
    listed = client.get("/api/v1/bibob/policies", {"partnership": twente.slug}).json()
    owners = sorted((p["organisation_name"], p["partnership"]) for p in listed)
    assert owners == [("", twente.slug), ("Enschede", None), ("Hengelo (O.)", None)]
    body = {"title": "Nieuw beleid", "rules": [{"category": "bouwen", "application": "altijd"}]}
    put = client.put(f"/api/v1/bibob/policies/{enschede.pk}", body, content_type="application/json")
    assert put.status_code == 200
    assert put.json()["rules"][0]["application"] == "altijd"
    assert client.put(
        f"/api/v1/bibob/policies/{hengelo.pk}", body, content_type="application/json"
    ).status_code in (403, 404)
    wrong = client.put(
        f"/api/v1/bibob/policies/{enschede.pk}",
        {"title": "X", "rules": [{"category": "bestaat-niet", "application": "altijd"}]},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert "bestaat-niet" in wrong.content.decode()
    client.force_login(other_contributor)
    assert client.get("/api/v1/bibob/policies").json() == []


def test_the_figures_api_counts_in_full_for_the_team_and_suppressed_for_others(
    client, officer, enschede, coordinator, contributor, twente, verified
):
    from dijkwacht.bibob import services
    from tests.factories import make_screening

    for _ in range(3):
        screening = make_screening(officer, enschede, category="subsidie")
    services.screening_step(
        actor=officer, screening=screening, action="decide",
        date=screening.opened_on, outcome="voorschriften",
    )  # fmt: skip
    client.force_login(officer)
    team = client.get("/api/v1/bibob/figures").json()
    subsidies = next(row for row in team["opened"] if row["domain"] == "subsidie")
    assert (team["suppressed"], subsidies["total"]) == (False, "3")
    assert team["decided"]["subsidie"]["voorschriften"] == "1"
    assert team["terms"]["decisions"] == 0  # the screening's decision had no legal term
    client.force_login(coordinator)
    others = client.get("/api/v1/bibob/figures", {"partnership": twente.slug}).json()
    subsidies = next(row for row in others["opened"] if row["domain"] == "subsidie")
    assert (others["suppressed"], subsidies["total"]) == (True, "×")  # beside a "<5"
    assert others["terms"]["decisions"] is None and others["terms"]["decisions_share"] is None
    client.force_login(contributor)
    assert client.get("/api/v1/bibob/figures").status_code == 404


def test_a_second_reader_in_the_same_partnership(
    client, twente, hengelo, twente_policies, verified
):
    """A member's Bibob officer reads the partnership's policies too."""
    user = UserFactory(email="bibob-hengelo@example.test")
    MembershipFactory(user=user, organisation=hengelo, role="bibob")
    client.force_login(user)
    assert client.get(reverse("bibob:policy_matrix", args=[twente.pk])).status_code == 200


def test_the_dashboard_counts_for_coordinators_and_tells_everyone_the_policies_standing(
    client, officer, enschede, coordinator, contributor, twente, twente_policies, verified
):
    from tests.factories import make_screening

    for _ in range(2):
        make_screening(officer, enschede, category="subsidie", subject_name="Geheim B.V.")
    client.force_login(coordinator)
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert 'id="section-bibob"' in page
    assert "Geheim" not in page
    assert "Bibob-beleid vastgelegd: 2 van 3 leden." in page
    assert "2 leden blijven op ten minste één categorie onder de afgesproken referentie." in page
    figure = client.get(
        reverse("insights:figure_download", args=[twente.pk, "bibob-kwartalen", "csv"])
    ).content.decode("utf-8-sig")
    assert "Subsidie" in figure and "<5" in figure
    client.force_login(contributor)  # reads no counts, but the policies are public
    page = client.get(reverse("insights:partnership_detail", args=[twente.pk])).content.decode()
    assert "adviesaanvragen bij het LBB" not in page
    assert "Bibob-beleid vastgelegd: 2 van 3 leden." in page


def test_the_annual_report_has_the_bibob_counts_suppressed(
    officer, enschede, coordinator, twente, twente_policies
):
    import datetime

    from django.utils import timezone

    from dijkwacht.insights import annual
    from dijkwacht.insights.models import AnnualReport
    from tests.factories import make_screening

    for i in range(6):
        make_screening(officer, enschede, category="bouwen" if i < 5 else "subsidie")
    year = timezone.localdate().year
    report = AnnualReport(
        partnership=twente,
        title="Jaarverslag",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    facts = annual.bibob_facts(annual.Reading(report, coordinator))
    rows = {row["domain"]: row["total"] for row in facts["opened"]}
    assert rows["Vergunning"] == "5" and rows["Subsidie"] == "×"
    assert facts["total"] == "×"  # 6 - 5 would give the subsidy's 1 away
    assert (facts["with_policy"], facts["below"]) == (2, 2)


def test_a_category_named_twice_or_an_amount_on_never_is_refused(
    client, contributor, enschede, verified
):
    client.force_login(contributor)
    twice = client.put(
        f"/api/v1/bibob/policies/{enschede.pk}",
        {"title": "X", "rules": [{"category": "bouwen", "application": "altijd"},
                                 {"category": "bouwen", "application": "nooit"}]},
        content_type="application/json",
    )  # fmt: skip
    assert twice.status_code == 422
    assert "twee keer" in twice.content.decode()
    never = client.put(
        f"/api/v1/bibob/policies/{enschede.pk}",
        {"title": "X", "rules": [{"category": "bouwen", "application": "nooit", "threshold": 5}]},
        content_type="application/json",
    )
    assert never.status_code == 422
    assert not Policy.objects.exists()


def test_the_form_keeps_a_rule_of_a_category_no_longer_in_use(
    client, contributor, enschede, rules, verified
):
    old = rules["erfpacht"]
    policy_save(actor=None, organisation=enschede, title="Beleid",
                rules=[RuleInput(old, "altijd"), RuleInput(rules["bouwen"], "altijd")])  # fmt: skip
    old.active = False
    old.save()
    client.force_login(contributor)
    building = rules["bouwen"].pk
    response = client.post(
        reverse("bibob:policy_edit", args=[enschede.pk]),
        {"title": "Beleid", f"c{building}-application": "indicatie"},
    )
    assert response.status_code == 302
    kept = dict(Policy.objects.get().rules.values_list("category__code", "application"))
    assert kept == {"erfpacht": "altijd", "bouwen": "indicatie"}


def test_an_organisations_annual_report_has_no_bibob_counts(officer, enschede, coordinator, twente):
    import datetime

    from dijkwacht.insights import annual
    from dijkwacht.insights.models import AnnualReport

    report = AnnualReport(partnership=twente, organisation=enschede, title="Jaarverslag Enschede",
                          period_start=datetime.date(2026, 1, 1),
                          period_end=datetime.date(2026, 12, 31))  # fmt: skip
    assert annual.bibob_facts(annual.Reading(report, coordinator)) is None


def test_the_standing_on_the_dashboard_agrees_with_the_matrix(twente, twente_policies):
    from dijkwacht.organisations.selectors import partnership_members

    matrix = selectors.policy_matrix(twente)
    standing = selectors.policy_standing(twente, partnership_members(twente))
    assert standing.members == len(matrix.rows)
    assert standing.with_policy == sum(1 for row in matrix.rows if row.policy)
    assert standing.below == sum(1 for row in matrix.rows if row.gaps) == 2


def test_a_year_with_only_a_few_decisions_still_has_its_bibob_section(
    officer, enschede, coordinator, twente
):
    """Two decisions taken this year on screenings opened last year: "<5" is not none."""
    import datetime

    from django.utils import timezone

    from dijkwacht.bibob import services
    from dijkwacht.insights import annual
    from dijkwacht.insights.models import AnnualReport
    from tests.factories import make_screening

    today = timezone.localdate()
    last_year = (today - datetime.date(today.year - 1, 12, 1)).days
    for _ in range(2):
        screening = make_screening(officer, enschede, days_ago=last_year)
        services.screening_step(
            actor=officer, screening=screening, action="decide", date=today, outcome="verleend"
        )
    report = AnnualReport(
        partnership=twente,
        title="Jaarverslag",
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year, 12, 31),
    )
    facts = annual.bibob_facts(annual.Reading(report, coordinator))
    assert facts is not None and facts["total"] == "0"
    assert {row["outcome"]: row["count"] for row in facts["decisions"]}["Verleend"] == "<5"
