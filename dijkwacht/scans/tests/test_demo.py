import datetime

import pytest

from dijkwacht.core.management.commands.load_demo_data import DEMO_MODULES
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations import demo as organisations_demo
from dijkwacht.organisations.access import SYSTEM_ACCESS as ACCESS
from dijkwacht.organisations.demo import TWENTE
from dijkwacht.programmes import demo as programmes_demo
from dijkwacht.programmes.models import Action, Commitment, Programme, Status, StatusUpdate
from dijkwacht.scans import demo as scans_demo
from dijkwacht.scans import selectors
from dijkwacht.scans.models import (
    AgreedScore,
    Answer,
    Norm,
    Result,
    ResultSource,
    RoundKind,
    Scan,
    ScanKind,
    ScanRound,
    ScanStatus,
    ThreadAction,
)

pytestmark = pytest.mark.django_db

JANUARY = "Zelfscan januari 2024"
JULY = "Onafhankelijke toetsing juli 2024"
# The people named in the seed documents (seed 001): real people, never in the demo.
REAL_PEOPLE = ("deten", "huis in 't veld", "schelberg")


@pytest.fixture
def demo(db):
    organisations_demo.load()
    programmes_demo.load()
    scans_demo.load()


def _round(title):
    return ScanRound.objects.get(partnership__slug="district-twente", title=title)


def _norm_count(scan_round):
    return Norm.objects.filter(framework_id=scan_round.framework_id).count()


def _answers(scan_round, kind):
    """(organisation id, norm code) → option of the scans of that kind in the round."""
    return {
        (a.scan.organisation_id, a.norm.code): a.option
        for a in Answer.objects.filter(scan__round=scan_round, scan__kind=kind).select_related(
            "scan", "norm", "option"
        )
    }


def _in_order(scan_round):
    return {row.organisation.cbs_code for row in selectors.heatmap(ACCESS, scan_round).rows
            if row.basis_op_orde}  # fmt: skip


def test_the_scans_demo_loads_after_the_programmes():
    assert DEMO_MODULES.index("dijkwacht.scans.demo") > DEMO_MODULES.index(
        "dijkwacht.programmes.demo"
    )


def test_both_rounds_are_for_the_fourteen_twente_municipalities(demo):
    january, july = _round(JANUARY), _round(JULY)
    assert (january.kind, january.deadline) == (RoundKind.SELF, datetime.date(2024, 1, 31))
    assert (july.kind, july.deadline) == (RoundKind.BOTH, datetime.date(2024, 7, 15))
    assert july.previous == january and january.previous is None
    assert january.framework == july.framework
    for scan_round in (january, july):
        codes = set(scan_round.scans.values_list("organisation__cbs_code", flat=True))
        assert codes == set(TWENTE)
        results = Result.objects.filter(round=scan_round)
        assert results.count() == 14 * _norm_count(scan_round)
        assert results.values("organisation").distinct().count() == 14
    assert january.scans.filter(kind=ScanKind.SELF).count() == 14
    assert not january.scans.filter(kind=ScanKind.REVIEW).exists()
    assert july.scans.filter(kind=ScanKind.REVIEW).count() == 14


def test_every_self_scan_is_answered_and_submitted_in_its_month(demo):
    january, july = _round(JANUARY), _round(JULY)
    norms = _norm_count(january)
    for scan in Scan.objects.filter(kind=ScanKind.SELF).select_related("round"):
        assert scan.status == ScanStatus.SUBMITTED and scan.answers.count() == norms
        assert scan.submitted_at.date() <= scan.round.deadline
    months = {
        (scan_round.title, s.submitted_at.year, s.submitted_at.month)
        for scan_round in (january, july)
        for s in scan_round.scans.filter(kind=ScanKind.SELF)
    }
    assert months == {(JANUARY, 2024, 1), (JULY, 2024, 6)}
    for scan_round in (january, july):
        answered = Answer.objects.filter(scan__round=scan_round)
        assert all(moment.year == 2024 for moment in answered.values_list("updated_at", flat=True))
        assert scan_round.created_at.year == 2024
    assert january.created_at < july.created_at
    explained = Answer.objects.filter(scan__kind=ScanKind.SELF).exclude(explanation="")
    assert explained.count() > 100
    links = Answer.objects.exclude(evidence_url="").values_list("evidence_url", flat=True)
    assert links and all(url.startswith("https://intranet.example/") for url in links)


def test_the_july_reviews_are_done_but_one_with_findings_and_agreed_scores(demo):
    july = _round(JULY)
    reviews = july.scans.filter(kind=ScanKind.REVIEW)
    in_progress = reviews.exclude(status=ScanStatus.SUBMITTED)
    assert list(in_progress.values_list("status", "organisation__name")) == [
        (ScanStatus.IN_PROGRESS, "Twenterand")
    ]
    assert 0 < in_progress.get().answers.count() < _norm_count(july)
    for review in reviews.filter(status=ScanStatus.SUBMITTED):
        assert review.submitted_by.email == "assessor@dijkwacht.test"
        assert datetime.date(2024, 7, 1) <= review.submitted_at.date() <= july.deadline
    findings = selectors.thread_findings(july)
    assert sum(len(f) for f in findings.values()) >= 20
    example = Answer.objects.filter(scan__round=july, finding__startswith="Geen actueel integ")
    assert example.exists() and example.exclude(recommendation="").exists()
    agreed = AgreedScore.objects.filter(round=july)
    assert 1 <= agreed.count() <= 2 and all(a.reason for a in agreed)
    assert Result.objects.filter(round=july, source=ResultSource.AGREED).count() == agreed.count()
    # Twenterand's results are still its self-scan's.
    twenterand = Result.objects.filter(round=july, organisation__name="Twenterand")
    assert set(twenterand.values_list("source", flat=True)) == {ResultSource.SELF}


def test_july_shows_progress_and_over_confident_self_scans(demo):
    january, july = _round(JANUARY), _round(JULY)
    before = {
        row.organisation.pk: row.score.percent for row in selectors.heatmap(ACCESS, january).rows
    }
    after = {row.organisation.pk: row.score.percent for row in selectors.heatmap(ACCESS, july).rows}
    assert all(after[pk] > before[pk] for pk in before)
    changes = [c.change for row in selectors.heatmap(ACCESS, july).rows for c in row.cells]
    assert changes.count(1) > 5 * changes.count(-1) > 0

    own, review = _answers(july, ScanKind.SELF), _answers(july, ScanKind.REVIEW)
    over_confident = {
        key for key, option in review.items()
        if own[key].counts_as_met and option.applicable and not option.counts_as_met
    }  # fmt: skip
    assert len({norm for _organisation, norm in over_confident}) >= 2
    assert len({organisation for organisation, _norm in over_confident}) >= 2
    ahead = {"GM0153", "GM0164"}  # Enschede and Hengelo
    assert _in_order(january) <= ahead
    in_order = _in_order(july)
    assert ahead <= in_order and 0 < len(in_order) < 14
    assert len(in_order) > len(_in_order(january))


def test_the_worst_thread_of_july_is_a_joint_action_for_exactly_those_short_of_it(demo):
    july = _round(JULY)
    link = ThreadAction.objects.select_related("norm", "action__programme", "action__theme").get()
    assert link.round == july
    first, second = selectors.common_threads(ACCESS, july)[:2]
    assert link.norm == first.norm and first.below > second.below
    action = link.action
    assert action.programme == Programme.objects.get(
        partnership__slug="district-twente", name="Weerbare Overheid en Maatschappij 2024"
    )
    assert action.theme.title == "Basis op orde"
    short = set(
        selectors.organisations_short_of(ACCESS, july, link.norm).values_list("pk", flat=True)
    )
    assert set(action.commitments.values_list("organisation_id", flat=True)) == short
    assert 5 <= len(short) < 14
    updated = action.commitments.exclude(status=Status.UNDETERMINED)
    assert 1 <= updated.count() <= 2
    assert StatusUpdate.objects.filter(commitment__action=action).count() == updated.count()


def test_loading_the_demo_twice_changes_nothing_and_it_comes_out_the_same(demo):
    def counts():
        return tuple(
            model.objects.count()
            for model in (ScanRound, Scan, Answer, Result, AgreedScore, ThreadAction, Action,
                          Commitment, StatusUpdate, AuditEvent)
        )  # fmt: skip

    before = counts()
    scans_demo.load()
    assert counts() == before

    norms = list(
        Norm.objects.filter(framework=_round(JANUARY).framework)
        .select_related("theme")
        .order_by("theme__position", "position")
    )
    slugs = dict.fromkeys(TWENTE, "gemeente")
    assert scans_demo._plan(norms, slugs) == scans_demo._plan(norms, slugs)


def test_every_actor_is_a_demo_user_and_no_text_names_a_real_person(demo):
    texts = []
    for answer in Answer.objects.select_related("updated_by", "scan__organisation"):
        assert "(demo)" in answer.updated_by.full_name
        if answer.updated_by.email == "enschede@dijkwacht.test":
            assert answer.scan.organisation.name == "Enschede"
        texts += [answer.explanation, answer.evidence_url, answer.finding, answer.recommendation]
    for scan in Scan.objects.filter(status=ScanStatus.SUBMITTED).select_related("submitted_by"):
        assert "(demo)" in scan.submitted_by.full_name
    for agreed in AgreedScore.objects.select_related("agreed_by"):
        assert "(demo)" in agreed.agreed_by.full_name
        texts.append(agreed.reason)
    for link in ThreadAction.objects.select_related("action", "created_by"):
        assert "(demo)" in link.created_by.full_name
        texts += [link.action.title, link.action.description]
        for update in StatusUpdate.objects.filter(commitment__action=link.action):
            assert "(demo)" in update.actor.full_name
            texts.append(update.note)
    texts += list(ScanRound.objects.values_list("title", flat=True))
    corpus = "\n".join(texts).lower()
    assert not [name for name in REAL_PEOPLE if name in corpus]
