"""Final results, the figures across organisations, agreed scores, cloning, evidence,
reminders and the step from a common thread to a joint action."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.access import SYSTEM_ACCESS as ACCESS
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment
from dijkwacht.scans import scoring, selectors, services
from dijkwacht.scans.models import Result, ResultSource, RoundKind, Scan, ScanKind, ScanRound
from dijkwacht.scans.permissions import RoundView, round_view
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
    make_framework,
    make_programme,
)

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 1, 31)


@pytest.fixture
def framework():
    # A.1 essential, A.3 weighs 3.
    return make_framework(name="Resultaten", norms=4, essential=(1,), weights={3: 3})


@pytest.fixture
def assessor(twente, overijssel):
    user = UserFactory(email="toetser@example.test")
    MembershipFactory(user=user, organisation=overijssel, role=Role.ASSESSOR, partnership=twente)
    return user


def _open(actor, partnership, framework, organisations, kind=RoundKind.BOTH, title="Ronde 1"):
    return services.scan_round_open(
        actor=actor, partnership=partnership, framework=framework, title=title, kind=kind,
        deadline=DEADLINE, organisations=organisations,
    )  # fmt: skip


def _answer(scan_round, organisation, kind, codes, actor=None, submit=True, **texts):
    """Fill a scan with `codes` (one option code per norm, in order) and submit it."""
    scan = scan_round.scans.get(organisation=organisation, kind=kind)
    scale = {o.code: o for o in scan_round.framework.scale.all()}
    for norm, code in zip(scan_round.framework.norms.order_by("position"), codes, strict=True):
        services.answer_save(actor=actor, scan=scan, norm=norm, option=scale[code], **texts)
    if submit:
        services.scan_submit(actor=actor, scan=scan)
    return scan


def _norm(framework, code):
    return framework.norms.get(code=code)


def test_final_answer_is_the_agreed_score_else_the_review_else_the_self_scan(
    coordinator, twente, framework, enschede
):
    scan_round = _open(coordinator, twente, framework, [enschede])
    _answer(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja", "nvt"])
    assert set(Result.objects.values_list("source", flat=True)) == {ResultSource.SELF}
    assert Result.objects.count() == 4

    review = _answer(scan_round, enschede, ScanKind.REVIEW, ["deels", "ja", "nee", "nvt"])
    final = dict(Result.objects.values_list("norm__code", "option__code"))
    assert final == {"A.1": "deels", "A.2": "ja", "A.3": "nee", "A.4": "nvt"}

    services.score_agree(
        actor=coordinator, scan_round=scan_round, organisation=enschede,
        norm=_norm(framework, "A.1"), option=framework.scale.get(code="ja"),
        reason="Beleid is in juni vastgesteld; stuk nagezonden.",
    )  # fmt: skip
    result = Result.objects.get(norm__code="A.1")
    assert (result.option.code, result.source) == ("ja", ResultSource.AGREED)

    # Reopening the review: the self-scan counts again, the agreed score still overrides it.
    services.scan_reopen(actor=coordinator, scan=review, reason="Verkeerde norm gescoord")
    final = dict(Result.objects.values_list("norm__code", "source"))
    assert final["A.1"] == ResultSource.AGREED
    assert final["A.3"] == ResultSource.SELF


def test_agreeing_a_score_needs_the_submitted_review_a_reason_and_the_right_role(
    coordinator, contributor, assessor, twente, framework, enschede
):
    scan_round = _open(coordinator, twente, framework, [enschede])
    ja, norm = framework.scale.get(code="ja"), _norm(framework, "A.1")
    with pytest.raises(ValidationError) as error:
        services.score_agree(actor=coordinator, scan_round=scan_round, organisation=enschede,
                             norm=norm, option=ja, reason="")  # fmt: skip
    assert set(error.value.message_dict) == {"option", "reason"}
    _answer(scan_round, enschede, ScanKind.REVIEW, ["nee"] * 4, actor=assessor)
    with pytest.raises(PermissionDenied):
        services.score_agree(actor=contributor, scan_round=scan_round, organisation=enschede,
                             norm=norm, option=ja, reason="Wij vinden van wel")  # fmt: skip
    services.score_agree(actor=assessor, scan_round=scan_round, organisation=enschede,
                         norm=norm, option=ja, reason="Bewijs alsnog geleverd")  # fmt: skip
    event = AuditEvent.objects.get(action="scans.score_agree")
    assert event.changes == {"A.1": [None, "ja"]}


def _five(partnership):
    """Five more member organisations, so that counts can reach the suppression threshold."""
    organisations = [
        Organisation.objects.create(name=f"Gemeente {name}", slug=f"gemeente-{name.lower()}")
        for name in ("Almelo", "Borne", "Dinkelland", "Haaksbergen", "Hellendoorn")
    ]
    partnership.members.add(*organisations)
    return organisations


def test_common_threads_count_who_falls_short_of_those_the_norm_applies_to(
    coordinator, twente, framework, enschede, hengelo
):
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "deels", "nvt"])
    _answer(scan_round, hengelo, ScanKind.SELF, ["nee", "ja", "ja", "nee"])
    threads = selectors.common_threads(ACCESS, scan_round)
    summary = [(t.norm.code, t.below, t.total) for t in threads]
    assert summary == [("A.1", 2, 2), ("A.3", 1, 2), ("A.4", 1, 1), ("A.2", 0, 2)]
    assert [t.rank for t in threads] == [1, 2, 3, 4]

    # The same figures follow from the rows the results export and API read.
    rows = list(selectors.round_results(ACCESS, scan_round))
    for thread in threads:
        mine = [r for r in rows if r[1] == thread.norm.code and r[6]]
        assert (sum(1 for r in mine if not r[5]), len(mine)) == (thread.below, thread.total)


def test_viewers_see_counts_below_five_suppressed_and_ranked_last(
    coordinator, twente, framework, enschede, hengelo
):
    organisations = [enschede, hengelo, *_five(twente)]
    scan_round = _open(coordinator, twente, framework, organisations, kind=RoundKind.SELF)
    for i, organisation in enumerate(organisations):
        # A.1: all 7 fall short; A.2: 2 fall short; A.3: none.
        _answer(
            scan_round, organisation, ScanKind.SELF, ["nee", "nee" if i < 2 else "ja", "ja", "ja"]
        )
    threads = selectors.common_threads(ACCESS, scan_round, suppressed=True)
    assert [(t.norm.code, t.below, t.total) for t in threads] == [
        ("A.1", 7, 7), ("A.3", 0, 7), ("A.4", 0, 7), ("A.2", None, 7),
    ]  # fmt: skip
    picture = selectors.partnership_picture(ACCESS, scan_round, suppressed=True)
    assert picture.organisations == 7
    assert picture.basis_op_orde == 0  # A.1 is essential and nobody meets it


def test_small_partnerships_show_viewers_no_percentages(
    coordinator, twente, framework, enschede, hengelo
):
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(scan_round, enschede, ScanKind.SELF, ["ja"] * 4)
    _answer(scan_round, hengelo, ScanKind.SELF, ["nee"] * 4)
    hidden = selectors.partnership_picture(ACCESS, scan_round, suppressed=True)
    assert hidden.overall is None and hidden.organisations is None
    assert all(t.score is None for t in hidden.themes)
    shown = selectors.partnership_picture(ACCESS, scan_round)
    assert shown.organisations == 2 and shown.basis_op_orde == 1


def test_weerbaarheidsbeeld_in_the_database_equals_the_pure_scoring(
    coordinator, twente, framework, enschede, hengelo
):
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(scan_round, enschede, ScanKind.SELF, ["ja", "deels", "ja", "nvt"])
    _answer(scan_round, hengelo, ScanKind.SELF, ["nee", "ja", "ja", "ja"])
    picture = selectors.partnership_picture(ACCESS, scan_round)
    pure = scoring.score(
        result
        for organisation in (enschede, hengelo)
        for result in selectors.organisation_results(ACCESS, scan_round, organisation).results
    )
    assert picture.overall == pure
    # Weights 1, 1, 3, 1. Enschede meets A.1 and A.3 (4) of A.1-A.3 (5; A.4 does not apply);
    # Hengelo meets A.2-A.4 (5) of all (6): 9 of 11.
    assert (pure.met_weight, pure.applicable_weight, pure.percent) == (9, 11, 81.8)


def test_national_picture_counts_each_organisation_once_with_its_latest_round(
    coordinator, twente, framework, enschede, hengelo
):
    first = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(first, enschede, ScanKind.SELF, ["nee"] * 4)
    _answer(first, hengelo, ScanKind.SELF, ["nee"] * 4)
    second = services.scan_round_clone(
        actor=coordinator, source=first, title="Ronde 2", deadline=DEADLINE
    )
    _answer(second, enschede, ScanKind.SELF, ["ja"] * 4)
    national = selectors.national_picture(ACCESS, framework)
    assert national.organisations == 2
    # Enschede counts with round 2 (all met, weight 6), Hengelo with round 1 (none met).
    assert (national.overall.met_weight, national.overall.applicable_weight) == (6, 12)


def test_clone_starts_empty_and_shows_the_previous_answer_and_the_change(
    coordinator, contributor, twente, framework, enschede, hengelo
):
    first = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(first, enschede, ScanKind.SELF, ["deels", "ja", "nee", "ja"])
    second = services.scan_round_clone(
        actor=coordinator, source=first, title="Ronde 2", deadline=DEADLINE
    )
    assert second.previous == first
    assert set(second.scans.values_list("organisation__name", flat=True)) == {
        enschede.name, hengelo.name,
    }  # fmt: skip
    assert not second.scans.filter(answers__isnull=False).exists()
    scan = second.scans.get(organisation=enschede)
    previous = selectors.previous_answers(ACCESS, scan)
    assert {code: o.code for code, o in previous.items()} == {
        "A.1": "deels", "A.2": "ja", "A.3": "nee", "A.4": "ja",
    }  # fmt: skip

    _answer(second, enschede, ScanKind.SELF, ["ja", "nee", "nee", "nvt"], actor=contributor)
    row = selectors.heatmap(ACCESS, second).rows[0]
    assert [c.change for c in row.cells] == [1, -1, 0, 0]
    assert [c.tone for c in row.cells] == ["met", "short", "short", "na"]
    trend = selectors.organisation_trend(ACCESS, twente, enschede)
    assert [(p.round.title, p.score.percent) for p in trend] == [
        ("Ronde 1", 33.3),  # A.2 and A.4 met: 2 of weight 6
        ("Ronde 2", 20.0),  # A.1 met: 1 of weight 5 (A.4 does not apply)
    ]


def test_thread_becomes_a_joint_action_for_exactly_the_organisations_that_fall_short(
    coordinator, twente, utrecht, framework, enschede, hengelo, overijssel
):
    scan_round = _open(
        coordinator, twente, framework, [enschede, hengelo, overijssel], kind=RoundKind.SELF
    )
    _answer(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "ja", "ja"])
    _answer(scan_round, hengelo, ScanKind.SELF, ["deels", "ja", "ja", "ja"])
    _answer(scan_round, overijssel, ScanKind.SELF, ["ja", "ja", "ja", "ja"])
    programme = make_programme(twente, [enschede], actions=0)
    norm = _norm(framework, "A.1")

    link = services.thread_action_create(
        actor=coordinator, scan_round=scan_round, norm=norm, programme=programme,
        title="Integriteitsbeleid op orde",
    )  # fmt: skip
    cells = Commitment.objects.filter(action=link.action)
    assert set(cells.values_list("organisation__name", flat=True)) == {enschede.name, hengelo.name}
    linked = selectors.thread_actions(scan_round)[norm.pk]
    assert linked[0].action == link.action and linked[0].total == 2
    assert list(link.action.scan_threads.values_list("norm__code", flat=True)) == ["A.1"]
    # An action taken out of the plan is no longer listed as the thread's action.
    programme_services.action_remove(actor=coordinator, action=link.action)
    assert norm.pk not in selectors.thread_actions(scan_round)

    other_programme = make_programme(utrecht, [], actions=0)
    with pytest.raises(ValidationError) as error:
        services.thread_action_create(
            actor=coordinator, scan_round=scan_round, norm=_norm(framework, "A.2"),
            programme=other_programme, title="",
        )  # fmt: skip
    assert set(error.value.message_dict) == {"programme", "title"}
    with pytest.raises(ValidationError) as error:
        services.thread_action_create(
            actor=coordinator, scan_round=scan_round, norm=_norm(framework, "A.2"),
            programme=programme, title="Niemand schiet tekort",
        )  # fmt: skip
    assert "norm" in error.value.message_dict


def test_a_joint_action_leaves_out_organisations_whose_review_is_still_open(
    coordinator, assessor, twente, framework, enschede, hengelo, overijssel
):
    """The action is seen by the whole partnership, the assessor too: an organisation whose
    review is open is left out (always, so its absence says nothing either)."""
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo, overijssel])
    for organisation in (enschede, hengelo):
        _answer(scan_round, organisation, ScanKind.SELF, ["nee", "ja", "ja", "ja"])
    _answer(scan_round, enschede, ScanKind.REVIEW, ["nee", "ja", "ja", "ja"], actor=assessor)
    programme = make_programme(twente, [enschede], actions=0)
    norm = _norm(framework, "A.1")
    link = services.thread_action_create(
        actor=coordinator, scan_round=scan_round, norm=norm, programme=programme,
        title="Integriteitsbeleid op orde",
    )  # fmt: skip
    cells = Commitment.objects.filter(action=link.action)
    assert set(cells.values_list("organisation", flat=True)) == {enschede.pk}  # not Hengelo
    assert set(selectors.organisations_short_of(ACCESS, scan_round, norm)) == {enschede}


def test_only_coordinators_turn_threads_into_actions(
    contributor, coordinator, twente, framework, enschede
):
    scan_round = _open(coordinator, twente, framework, [enschede], kind=RoundKind.SELF)
    _answer(scan_round, enschede, ScanKind.SELF, ["nee"] * 4)
    programme = make_programme(twente, [enschede], actions=0)
    with pytest.raises(PermissionDenied):
        services.thread_action_create(
            actor=contributor, scan_round=scan_round, norm=_norm(framework, "A.1"),
            programme=programme, title="Mag niet",
        )  # fmt: skip


def test_round_view_per_role(
    coordinator, contributor, viewer, assessor, twente, framework, enschede
):
    scan_round = _open(coordinator, twente, framework, [enschede], kind=RoundKind.SELF)
    participants = selectors.participant_ids(scan_round)
    assert round_view(coordinator, scan_round, participants) == RoundView.FULL
    assert round_view(assessor, scan_round, participants) == RoundView.FULL
    assert round_view(contributor, scan_round, participants) == RoundView.PARTICIPANT
    assert round_view(viewer, scan_round, participants) == RoundView.AGGREGATE


def test_anonymous_labels_are_stable_hide_names_and_keep_ones_own(
    coordinator, twente, framework, enschede, hengelo, overijssel
):
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo, overijssel])
    ids = [enschede.pk, hengelo.pk, overijssel.pk]
    labels = selectors.anonymous_labels(scan_round, ids, own={enschede.pk})
    assert labels[enschede.pk] is None
    assert sorted(labels[pk] for pk in ids[1:]) != [None, None]
    assert labels == selectors.anonymous_labels(scan_round, reversed(ids), own={enschede.pk})


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def test_evidence_is_checked_by_content_and_locked_with_the_scan(
    coordinator, contributor, twente, framework, enschede
):
    scan_round = _open(coordinator, twente, framework, [enschede], kind=RoundKind.SELF)
    scan = scan_round.scans.get()
    norm = _norm(framework, "A.1")
    evidence = services.evidence_add(
        actor=contributor, scan=scan, norm=norm,
        upload=SimpleUploadedFile("beleid.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    assert (evidence.filename, evidence.content_type, evidence.size) == (
        "beleid.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    assert "beleid" not in evidence.file.name  # stored under a random name
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=contributor, scan=scan, norm=norm,
            upload=SimpleUploadedFile("beleid.pdf", b"MZ\x90\x00\x03\x00", "application/pdf"),
        )  # fmt: skip
    assert "file" in error.value.message_dict
    _answer(scan_round, enschede, ScanKind.SELF, ["ja"] * 4, actor=contributor)
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=contributor, scan=scan, norm=norm,
            upload=SimpleUploadedFile("na.pdf", PDF, content_type="application/pdf"),
        )  # fmt: skip


def test_reminders_go_to_contributors_of_latecomers_once_a_day(
    coordinator, contributor, twente, framework, enschede, hengelo,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    scan_round = _open(coordinator, twente, framework, [enschede, hengelo], kind=RoundKind.SELF)
    _answer(scan_round, hengelo, ScanKind.SELF, ["ja"] * 4)
    not_yet = DEADLINE - datetime.timedelta(days=5)
    assert services.scan_round_send_reminders(scan_round=scan_round, today=not_yet) == 0
    week = DEADLINE - datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scan_round_send_reminders(scan_round=scan_round, today=week) == 1
        assert services.scan_round_send_reminders(scan_round=scan_round, today=week) == 0
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    assert scan_round.title in mail.outbox[0].subject
    assert "31 januari 2027" in mail.outbox[0].subject
    assert services.scan_round_send_reminders(scan_round=scan_round, today=not_yet, force=True) == 1


def test_an_assessor_of_another_partnership_sees_no_round(
    coordinator, twente, framework, enschede, utrecht_city, zeist
):
    elsewhere = PartnershipFactory(name="Elders", members=[utrecht_city, zeist])
    stranger = UserFactory(email="vreemd@example.test")
    MembershipFactory(user=stranger, organisation=zeist, role=Role.ASSESSOR, partnership=elsewhere)
    scan_round = _open(coordinator, twente, framework, [enschede])

    assert not ScanRound.objects.visible_to(access_for(stranger)).filter(pk=scan_round.pk).exists()
    assert not Scan.objects.visible_to(access_for(stranger)).filter(round=scan_round).exists()


def test_the_daily_command_reminds_on_reminder_days_only_once(
    coordinator, contributor, twente, framework, enschede, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    today = timezone.localdate()
    for title, days in (("Over een week", 7), ("Over vijf dagen", 5)):
        services.scan_round_open(
            actor=coordinator, partnership=twente, framework=framework, title=title,
            kind=RoundKind.SELF, deadline=today + datetime.timedelta(days=days),
            organisations=[enschede],
        )  # fmt: skip
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_daily", only=["scans.round_reminders"], stdout=out)
        call_command("run_daily", only=["scans.round_reminders"], stdout=out)
    assert out.getvalue().splitlines() == [
        "scans.round_reminders: 1 organisations reminded",
        "scans.round_reminders: 0 organisations reminded",
    ]
    assert len(mail.outbox) == 1 and "Over een week" in mail.outbox[0].subject
