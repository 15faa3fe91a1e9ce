import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.scans import scoring, selectors, services
from dijkwacht.scans.models import RoundKind, Scan, ScanKind, ScanStatus
from tests.factories import MembershipFactory, UserFactory, make_framework

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 1, 31)


@pytest.fixture
def framework():
    return make_framework(name="Scantest", norms=3)


@pytest.fixture
def assessor(twente, overijssel):
    user = UserFactory(email="assessor@example.test")
    MembershipFactory(user=user, organisation=overijssel, role=Role.ASSESSOR, partnership=twente)
    return user


@pytest.fixture
def scan_round(coordinator, twente, framework, enschede, hengelo):
    return services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan 2027",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip


def _scan(scan_round, organisation, kind):
    return scan_round.scans.get(organisation=organisation, kind=kind)


def _fill(actor, scan, framework, code="ja"):
    option = framework.scale.get(code=code)
    for norm in framework.norms.all():
        services.answer_save(
            actor=actor, scan=scan, norm=norm, option=option, explanation="Zie beleid"
        )


def test_opening_a_round_makes_a_self_scan_and_a_review_per_organisation(scan_round):
    assert scan_round.scans.count() == 4
    assert set(scan_round.scans.values_list("kind", flat=True)) == {ScanKind.SELF, ScanKind.REVIEW}
    assert AuditEvent.objects.filter(action="scans.round_open").exists()


def test_only_coordinators_open_rounds_for_member_organisations(
    contributor, coordinator, twente, framework, enschede, utrecht_city
):
    with pytest.raises(PermissionDenied):
        services.scan_round_open(
            actor=contributor, partnership=twente, framework=framework, title="X",
            kind=RoundKind.SELF, deadline=DEADLINE, organisations=[enschede],
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.scan_round_open(
            actor=coordinator, partnership=twente, framework=framework, title="Y",
            kind=RoundKind.SELF, deadline=DEADLINE, organisations=[utrecht_city],
        )  # fmt: skip
    assert "organisations" in error.value.message_dict


def test_contributor_fills_and_submits_own_self_scan_which_then_locks(
    scan_round, contributor, framework, enschede
):
    scan = _scan(scan_round, enschede, ScanKind.SELF)
    with pytest.raises(ValidationError, match="3"):
        services.scan_submit(actor=contributor, scan=scan)
    _fill(contributor, scan, framework)
    services.scan_submit(actor=contributor, scan=scan)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=contributor, scan=scan, norm=framework.norms.first(),
            option=framework.scale.first(),
        )  # fmt: skip


def test_coordinator_reopens_with_a_reason(
    scan_round, contributor, coordinator, framework, enschede
):
    scan = _scan(scan_round, enschede, ScanKind.SELF)
    _fill(contributor, scan, framework)
    services.scan_submit(actor=contributor, scan=scan)
    with pytest.raises(ValidationError):
        services.scan_reopen(actor=coordinator, scan=scan, reason=" ")
    with pytest.raises(PermissionDenied):
        services.scan_reopen(actor=contributor, scan=scan, reason="Vergissing")
    services.scan_reopen(actor=coordinator, scan=scan, reason="Bewijs ontbrak")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.IN_PROGRESS


def test_contributor_cannot_answer_another_organisation_or_the_review(
    scan_round, contributor, framework, hengelo, enschede
):
    norm, option = framework.norms.first(), framework.scale.first()
    for scan in (
        _scan(scan_round, hengelo, ScanKind.SELF),
        _scan(scan_round, enschede, ScanKind.REVIEW),
    ):
        with pytest.raises(PermissionDenied):
            services.answer_save(actor=contributor, scan=scan, norm=norm, option=option)


def test_visibility_per_role(
    scan_round, contributor, coordinator, assessor, other_coordinator, viewer, enschede
):
    def visible(user):
        return {
            (s.organisation.name, s.kind)
            for s in Scan.objects.visible_to(access_for(user)).select_related("organisation")
        }

    assert visible(contributor) == {("Enschede", ScanKind.SELF)}
    assert len(visible(coordinator)) == 4
    assert visible(assessor) == {("Enschede", ScanKind.REVIEW), ("Hengelo (O.)", ScanKind.REVIEW)}
    assert visible(other_coordinator) == set()
    assert visible(viewer) == set()


def test_the_review_is_blind_until_it_is_submitted(
    scan_round, contributor, assessor, framework, enschede
):
    self_scan = _scan(scan_round, enschede, ScanKind.SELF)
    _fill(contributor, self_scan, framework)
    services.scan_submit(actor=contributor, scan=self_scan)
    assert not Scan.objects.visible_to(access_for(assessor)).filter(pk=self_scan.pk).exists()
    review = _scan(scan_round, enschede, ScanKind.REVIEW)
    _fill(assessor, review, framework, code="ja")
    services.scan_submit(actor=assessor, scan=review)
    assert Scan.objects.visible_to(access_for(assessor)).filter(pk=self_scan.pk).exists()


def test_figures_for_everyone_leave_out_an_organisation_whose_review_is_open(
    scan_round, contributor, coordinator, framework, enschede
):
    """A published annual report is read by the blind assessors too: its scan figures leave
    out the organisation whose review is still open, whoever composed it."""
    self_scan = _scan(scan_round, enschede, ScanKind.SELF)
    _fill(contributor, self_scan, framework)
    services.scan_submit(actor=contributor, scan=self_scan)
    access = access_for(coordinator)

    seen = selectors.partnership_scan_figures(access, scan_round.partnership, suppressed=False)
    assert seen[0].rounds[-1].organisations == 1
    assert (
        selectors.partnership_scan_figures(
            access, scan_round.partnership, suppressed=False, for_everyone=True
        )
        == []
    )


def test_assessor_of_another_partnership_sees_and_answers_nothing(
    scan_round, utrecht, utrecht_city, framework, enschede
):
    stranger = UserFactory()
    MembershipFactory(
        user=stranger, organisation=utrecht_city, role=Role.ASSESSOR, partnership=utrecht
    )
    assert not Scan.objects.visible_to(access_for(stranger)).exists()
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=stranger, scan=_scan(scan_round, enschede, ScanKind.REVIEW),
            norm=framework.norms.first(), option=framework.scale.first(),
        )  # fmt: skip


def test_results_feed_the_scoring(scan_round, contributor, framework, enschede):
    scan = _scan(scan_round, enschede, ScanKind.SELF)
    norms = list(framework.norms.order_by("code"))
    yes = framework.scale.get(code="ja")
    services.answer_save(actor=contributor, scan=scan, norm=norms[0], option=yes)
    results = selectors.scan_results(scan)
    assert [r.met for r in results] == [True, False, False]
    assert scoring.score(results).percent == pytest.approx(33.3)


def test_answers_of_another_framework_are_refused(scan_round, contributor, enschede):
    other = make_framework(name="Ander kader", norms=1)
    with pytest.raises(ValidationError):
        services.answer_save(
            actor=contributor, scan=_scan(scan_round, enschede, ScanKind.SELF),
            norm=other.norms.first(), option=other.scale.first(),
        )  # fmt: skip


def test_gap_view_is_for_those_who_may_see_both_scans(
    scan_round, contributor, assessor, coordinator, framework, enschede
):
    self_scan = _scan(scan_round, enschede, ScanKind.SELF)
    review = _scan(scan_round, enschede, ScanKind.REVIEW)
    _fill(contributor, self_scan, framework)
    services.scan_submit(actor=contributor, scan=self_scan)
    assert selectors.scan_gaps(assessor, review) is None  # blind until the review is in
    assert selectors.scan_gaps(contributor, self_scan) is None  # contributors never see reviews
    first = framework.norms.order_by("code").first()
    services.answer_save(
        actor=assessor, scan=review, norm=first, option=framework.scale.get(code="ja"),
        finding="Beleid is verouderd", recommendation="Actualiseer het beleid",
    )  # fmt: skip
    gaps = selectors.scan_gaps(coordinator, review)
    assert [g.differs for g in gaps] == [False, True, True]
    assert gaps[0].review_answer.finding == "Beleid is verouderd"
    assert self_scan.answers.get(norm=first).finding == ""


def test_findings_are_kept_only_on_reviews(scan_round, coordinator, framework, hengelo):
    norm, option = framework.norms.first(), framework.scale.get(code="ja")
    answer = services.answer_save(
        actor=coordinator, scan=_scan(scan_round, hengelo, ScanKind.SELF), norm=norm,
        option=option, finding="hoort hier niet", recommendation="ook niet",
    )  # fmt: skip
    assert (answer.finding, answer.recommendation) == ("", "")
