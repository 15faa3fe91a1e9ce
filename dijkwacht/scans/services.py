"""Writes of the scans module: frameworks, rounds, answers, evidence, agreed scores, the final
results across organisations, and the step from a common thread to a joint action."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.core.services import acting_user, audit_event, audit_record, audit_record_all
from dijkwacht.core.uploads import check_upload
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.permissions import can_coordinate, is_platform_admin
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import people_with_role
from dijkwacht.programmes.services import action_create
from dijkwacht.scans.frameworks import FrameworkSpec, read_framework
from dijkwacht.scans.models import (
    AgreedScore,
    Answer,
    Evidence,
    Framework,
    FrameworkTheme,
    Norm,
    Result,
    ResultSource,
    RoundKind,
    ScaleOption,
    Scan,
    ScanKind,
    ScanReminder,
    ScanRound,
    ScanStatus,
    ThreadAction,
    open_review,
)
from dijkwacht.scans.notifications import (
    REVIEW_SUBMITTED,
    ROUND_OPENED,
    ROUND_REMINDER,
    SCAN_SUBMITTED,
)
from dijkwacht.scans.permissions import can_agree, can_answer
from dijkwacht.scans.selectors import round_latecomers


@transaction.atomic
def framework_create(*, actor: Actor, spec: FrameworkSpec) -> Framework:
    """A framework version from a checked spec. An existing name and version is refused: a
    changed framework is a new version, so scans made against the old one stay as they were."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins manage norm frameworks."))
    if Framework.objects.filter(name=spec.name, version=spec.version).exists():
        raise ValidationError(
            {
                "version": _("Version %(version)s of this framework exists; give it a new version.")
                % {"version": spec.version}
            }
        )
    framework = Framework(
        name=spec.name,
        version=spec.version,
        description=spec.description,
        meant_for=list(spec.meant_for),
    )
    framework.full_clean()
    framework.save()
    ScaleOption.objects.bulk_create(
        ScaleOption(
            framework=framework,
            position=i,
            code=o.code,
            label=o.label,
            value=o.value,
            counts_as_met=o.counts_as_met,
            applicable=o.applicable,
        )
        for i, o in enumerate(spec.scale)
    )
    for t_position, theme_spec in enumerate(spec.themes):
        theme = FrameworkTheme.objects.create(
            framework=framework,
            position=t_position,
            code=theme_spec.code,
            title=theme_spec.title,
            description=theme_spec.description,
        )
        Norm.objects.bulk_create(
            Norm(
                framework=framework,
                theme=theme,
                position=n_position,
                code=n.code,
                text=n.text,
                guidance=n.guidance,
                essential=n.essential,
                weight=n.weight,
                registers=list(n.registers),
                reach=list(n.reach),
            )
            for n_position, n in enumerate(theme_spec.norms)
        )
    audit_record(
        actor=actor,
        action="scans.framework_create",
        obj=framework,
        changes={"version": (None, spec.version), "norms": (None, spec.norm_count)},
    )
    return framework


DEFAULT_FRAMEWORK = "basis_op_orde.yaml"


def framework_load_default(*, actor: Actor = None) -> Framework | None:
    """The framework that ships with Dijkwacht; None when that version is already loaded."""

    text = (Path(__file__).resolve().parent / "data" / DEFAULT_FRAMEWORK).read_text("utf-8")
    spec, problems = read_framework(text)
    if spec is None:
        raise ValueError(f"The shipped framework is invalid: {problems}")
    if Framework.objects.filter(name=spec.name, version=spec.version).exists():
        return None
    return framework_create(actor=actor, spec=spec)


# --- Rounds, scans and answers --------------------------------------------------------------


@transaction.atomic
def scan_round_open(
    *,
    actor: Actor,
    partnership: Any,
    framework: Framework,
    title: str,
    kind: str,
    deadline: datetime.date,
    organisations: list[Any],
    anonymise: bool = True,
) -> ScanRound:
    """A round with a scan per organisation (a self-scan, a review, or both)."""

    if actor is not None and not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators open scan rounds."))
    members = set(partnership.members.values_list("pk", flat=True))
    outsiders = [o.name for o in organisations if o.pk not in members]
    errors: dict[str, list[str]] = {}
    if outsiders:
        errors["organisations"] = [
            _("Not a member of the partnership: %(names)s") % {"names": ", ".join(outsiders)}
        ]
    if not organisations:
        errors["organisations"] = [_("Choose at least one organisation.")]
    if errors:
        raise ValidationError(errors)
    scan_round = ScanRound(
        partnership=partnership,
        framework=framework,
        title=title.strip(),
        kind=kind,
        deadline=deadline,
        anonymise=anonymise,
        opened_by=acting_user(actor),
    )
    scan_round.full_clean()
    scan_round.save()
    kinds = {
        RoundKind.SELF: [ScanKind.SELF],
        RoundKind.REVIEW: [ScanKind.REVIEW],
        RoundKind.BOTH: [ScanKind.SELF, ScanKind.REVIEW],
    }[RoundKind(kind)]
    Scan.objects.bulk_create(
        Scan(round=scan_round, organisation=o, kind=k) for o in organisations for k in kinds
    )
    audit_record(
        actor=actor,
        action="scans.round_open",
        obj=scan_round,
        changes={"title": (None, scan_round.title), "organisations": (None, len(organisations))},
        partnership=partnership,
    )
    participants = []
    if ScanKind.SELF in kinds:
        participants += people_with_role(
            Role.CONTRIBUTOR, organisation_ids=[o.pk for o in organisations]
        )
    if ScanKind.REVIEW in kinds:
        participants += people_with_role(Role.ASSESSOR, partnership_id=partnership.pk)
    notify(
        participants,
        ROUND_OPENED,
        {
            "round": scan_round.title,
            "partnership": partnership.name,
            "deadline": date_format(scan_round.deadline),
        },
        link=reverse("scans:scan_list"),
    )
    return scan_round


@dataclass(frozen=True)
class AnswerInput:
    """One norm's answer as the screen, the API or an uploaded sheet gives it."""

    norm: Norm
    option: ScaleOption
    explanation: str = ""
    evidence_url: str = ""
    finding: str = ""
    recommendation: str = ""


ANSWER_FIELDS = ["option", "explanation", "evidence_url", "finding", "recommendation"]


def answer_save(
    *,
    actor: Actor,
    scan: Scan,
    norm: Norm,
    option: ScaleOption,
    explanation: str = "",
    evidence_url: str = "",
    finding: str = "",
    recommendation: str = "",
) -> Answer:
    """Save one answer, locking the scan first. The screen and the API read, check and lock
    the scan in one query and call `answers_save` themselves."""
    given = AnswerInput(norm, option, explanation, evidence_url, finding, recommendation)
    with transaction.atomic():
        locked = (
            Scan.objects.select_for_update(of=("self",))
            .select_related("round__framework", "round__partnership", "organisation")
            .get(pk=scan.pk)
        )
        return answers_save(actor=actor, locked=locked, answers=[given])[0]


@transaction.atomic
def answers_save(*, actor: Actor, locked: Scan, answers: Sequence[AnswerInput]) -> list[Answer]:
    """Save answers of one scan, all or none: one norm's, a theme's, or a whole sheet's.

    `locked` is the scan read under its row lock in the caller's transaction
    (`selectors.get_scan_for_update`, or `answer_save`): its status is current and its
    submission waits until this transaction ends, while other organisations' scans do not.
    Every answer is checked before any is written; problems are keyed "<position>.<field>" in
    the order given. Then one upsert for all answers and one statement for their audit events
    (one per answer), so saving a theme costs hardly more than saving one norm."""
    if actor is not None and not can_answer(actor, locked):
        raise PermissionDenied(_("You cannot answer this scan (any more)."))
    framework_id = locked.round.framework_id
    review = locked.kind == ScanKind.REVIEW
    now = timezone.now()
    user = acting_user(actor)
    rows: list[Answer] = []
    problems: dict[str, list[str]] = {}
    seen: set[int] = set()
    for position, given in enumerate(answers):
        if given.norm.framework_id != framework_id or given.option.framework_id != framework_id:
            problems[f"{position}.norm"] = [_("This norm or answer belongs to another framework.")]
            continue
        if given.norm.pk in seen:
            problems[f"{position}.norm"] = [
                _("Norm %(code)s is answered more than once.") % {"code": given.norm.code}
            ]
            continue
        seen.add(given.norm.pk)
        answer = Answer(
            scan=locked,
            norm=given.norm,
            option=given.option,
            explanation=given.explanation.strip(),
            evidence_url=given.evidence_url.strip(),
            finding=given.finding.strip() if review else "",
            recommendation=given.recommendation.strip() if review else "",
            updated_at=now,
            updated_by=user,
        )
        try:
            # The relations were checked above (and by the database): no query per key.
            answer.full_clean(
                exclude=["scan", "norm", "option", "updated_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems[f"{position}.{field}"] = messages
        rows.append(answer)
    if problems:
        raise ValidationError(problems)
    if not rows:
        return []
    # One statement, whether the norms had an answer or not (the row's id comes back too).
    Answer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["scan", "norm"],
        update_fields=[*ANSWER_FIELDS, "updated_at", "updated_by"],
    )
    if locked.status == ScanStatus.NOT_STARTED:
        locked.status = ScanStatus.IN_PROGRESS
        locked.save(update_fields=["status"])
    audit_record_all(
        [
            audit_event(
                actor=actor,
                action="scans.answer_save",
                obj=locked,
                changes={answer.norm.code: (None, answer.option.code)},
                organisation=locked.organisation,
            )
            for answer in rows
        ]
    )
    return rows


@transaction.atomic
def scan_submit(*, actor: Actor, scan: Scan) -> Scan:
    """Lock the scan. Every norm must have an answer ("not applicable" is an answer)."""

    locked = Scan.objects.select_for_update(of=("self",)).select_related("round").get(pk=scan.pk)
    if actor is not None and not can_answer(actor, locked):
        raise PermissionDenied(_("You cannot submit this scan."))
    missing = Norm.objects.filter(framework_id=locked.round.framework_id).exclude(
        pk__in=locked.answers.values("norm_id")
    )
    count = missing.count()
    if count:
        raise ValidationError(
            _("%(count)s norms have no answer yet.") % {"count": count}, code="incomplete"
        )
    locked.status = ScanStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = acting_user(actor)
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    results_refresh(scan_round=locked.round, organisation_id=locked.organisation_id)
    audit_record(
        actor=actor, action="scans.scan_submit", obj=locked, organisation=locked.organisation
    )
    _submitted_notify(locked)
    return locked


def _submitted_notify(scan: Scan) -> None:
    """A self-scan: the partnership's coordinators and assessors (the review can start). A
    review: the coordinators, and the organisation itself, whose final answers it sets."""
    partnership_id = scan.round.partnership_id
    context = {"organisation": scan.organisation.name, "round": scan.round.title}
    link = reverse("scans:round_detail", args=[scan.round_id])
    coordinators = people_with_role(Role.COORDINATOR, partnership_id=partnership_id)
    if scan.kind == ScanKind.SELF:
        assessors = people_with_role(Role.ASSESSOR, partnership_id=partnership_id)
        notify([*coordinators, *assessors], SCAN_SUBMITTED, context, link=link)
    else:
        organisation = people_with_role(Role.CONTRIBUTOR, organisation_ids=[scan.organisation_id])
        notify([*coordinators, *organisation], REVIEW_SUBMITTED, context, link=link)


@transaction.atomic
def scan_reopen(*, actor: Actor, scan: Scan, reason: str) -> Scan:
    """A coordinator opens a submitted scan again, with a reason for the audit trail."""

    locked = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("round__partnership")
        .get(pk=scan.pk)
    )
    if actor is not None and not can_coordinate(actor, locked.round.partnership):
        raise PermissionDenied(_("Only the partnership's coordinators reopen a scan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the scan is reopened.")})
    locked.status = ScanStatus.IN_PROGRESS
    locked.submitted_at = None
    locked.released_at = None  # a review being redone is not the organisation's to read
    locked.save(update_fields=["status", "submitted_at", "released_at"])
    results_refresh(scan_round=locked.round, organisation_id=locked.organisation_id)
    audit_record(
        actor=actor,
        action="scans.scan_reopen",
        obj=locked,
        reason=reason,
        organisation=locked.organisation,
    )
    return locked


@transaction.atomic
def review_release(*, actor: Actor, review: Scan) -> Scan:
    """The coordinator lets the organisation read its submitted review beside its self-scan
    (until then the organisation sees only its final answers)."""
    locked = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("round__partnership", "organisation")
        .get(pk=review.pk)
    )
    if actor is not None and not can_coordinate(actor, locked.round.partnership):
        raise PermissionDenied(_("Only the partnership's coordinators release a review."))
    if locked.kind != ScanKind.REVIEW or not locked.is_submitted:
        raise ValidationError(_("Only a submitted review can be released to the organisation."))
    if locked.released_at is None:
        locked.released_at = timezone.now()
        locked.save(update_fields=["released_at"])
        audit_record(
            actor=actor,
            action="scans.review_release",
            obj=locked,
            organisation=locked.organisation,
        )
    return locked


# --- Final results --------------------------------------------------------------------------


def results_refresh(*, scan_round: ScanRound, organisation_id: int) -> int:
    """Rewrite the organisation's final answers in the round (see `Result`): the agreed score,
    else the submitted review, else the submitted self-scan. Runs inside the caller's
    transaction; returns the number of rows written."""
    Result.objects.filter(round=scan_round, organisation_id=organisation_id).delete()
    submitted = {
        s.kind: s
        for s in Scan.objects.filter(
            round=scan_round, organisation_id=organisation_id, status=ScanStatus.SUBMITTED
        )
    }
    rows: dict[int, tuple[int, str]] = {}
    for kind, source in (
        (ScanKind.SELF, ResultSource.SELF),
        (ScanKind.REVIEW, ResultSource.REVIEW),
    ):
        if kind in submitted:
            for norm_id, option_id in submitted[kind].answers.values_list("norm_id", "option_id"):
                rows[norm_id] = (option_id, source)
    for norm_id, option_id in AgreedScore.objects.filter(
        round=scan_round, organisation_id=organisation_id
    ).values_list("norm_id", "option_id"):
        rows[norm_id] = (option_id, ResultSource.AGREED)
    Result.objects.bulk_create(
        Result(
            round=scan_round,
            organisation_id=organisation_id,
            norm_id=norm_id,
            option_id=option_id,
            source=source,
        )
        for norm_id, (option_id, source) in rows.items()
    )
    _mark_latest(framework_id=scan_round.framework_id, organisation_id=organisation_id)
    return len(rows)


def _mark_latest(*, framework_id: int, organisation_id: int) -> None:
    """Flag the rows of the organisation's most recent round with results on the framework."""
    mine = Result.objects.filter(organisation_id=organisation_id, round__framework_id=framework_id)
    newest = mine.order_by("-round__created_at", "-round_id").values_list("round_id", flat=True)[:1]
    newest_id = next(iter(newest), None)
    Result.objects.filter(pk__in=mine.filter(latest=True).values("pk")).exclude(
        round_id=newest_id
    ).update(latest=False)
    if newest_id is not None:
        Result.objects.filter(
            organisation_id=organisation_id, round_id=newest_id, latest=False
        ).update(latest=True)


@transaction.atomic
def score_agree(
    *,
    actor: Actor,
    scan_round: ScanRound,
    organisation: Any,
    norm: Norm,
    option: ScaleOption,
    reason: str,
) -> AgreedScore:
    """After the review is submitted, the coordinator or assessor records the score agreed with
    the organisation for one norm, with the reason. It becomes the norm's final answer."""

    if actor is not None and not can_agree(actor, scan_round):
        raise PermissionDenied(_("Only the coordinator or assessor records an agreed score."))
    errors: dict[str, list[str]] = {}
    if not Scan.objects.filter(
        round=scan_round,
        organisation=organisation,
        kind=ScanKind.REVIEW,
        status=ScanStatus.SUBMITTED,
    ).exists():
        errors["option"] = [_("A score is agreed after the review is submitted.")]
    if norm.framework_id != scan_round.framework_id or option.framework_id != norm.framework_id:
        errors["option"] = [_("This norm or answer belongs to another framework.")]
    if not reason.strip():
        errors["reason"] = [_("Say why this score was agreed.")]
    if errors:
        raise ValidationError(errors)
    previous = AgreedScore.objects.filter(
        round=scan_round, organisation=organisation, norm=norm
    ).first()
    agreed, _created = AgreedScore.objects.update_or_create(
        round=scan_round,
        organisation=organisation,
        norm=norm,
        defaults={
            "option": option,
            "reason": reason.strip(),
            "agreed_at": timezone.now(),
            "agreed_by": acting_user(actor),
        },
    )
    results_refresh(scan_round=scan_round, organisation_id=organisation.pk)
    audit_record(
        actor=actor,
        action="scans.score_agree",
        obj=scan_round,
        reason=reason.strip(),
        changes={norm.code: (previous.option.code if previous else None, option.code)},
        organisation=organisation,
    )
    return agreed


# --- Evidence -------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor: Actor, scan: Scan, norm: Norm, upload: Any) -> Evidence:
    """Attach a file to a norm of a scan that may still be answered. The content decides the
    type (see core.uploads); the original name is kept only as the download name."""

    locked = Scan.objects.select_for_update(of=("self",)).select_related("round").get(pk=scan.pk)
    if actor is not None and not can_answer(actor, locked):
        raise PermissionDenied(_("You cannot add evidence to this scan (any more)."))
    if norm.framework_id != locked.round.framework_id:
        raise ValidationError(_("This norm belongs to another framework."))
    try:
        kind = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = (upload.name or "bestand").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:150]
    evidence = Evidence(
        scan=locked,
        norm=norm,
        filename=name,
        content_type=kind.content_type,
        size=upload.size,
        uploaded_at=timezone.now(),
        uploaded_by=acting_user(actor),
    )
    evidence.file.save("bewijs", upload, save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="scans.evidence_add",
        obj=locked,
        changes={norm.code: (None, name)},
        organisation=locked.organisation,
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:

    scan = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=evidence.scan_id)
    )
    if actor is not None and not can_answer(actor, scan):
        raise PermissionDenied(_("You cannot remove evidence from this scan (any more)."))
    name = evidence.filename
    storage, path = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(path) if path else None)
    audit_record(
        actor=actor,
        action="scans.evidence_delete",
        obj=scan,
        changes={evidence.norm.code: (name, None)},
        organisation=scan.organisation,
    )


# --- Rounds: clone, reminders ---------------------------------------------------------------


def scan_round_clone(
    *,
    actor: Actor,
    source: ScanRound,
    title: str,
    deadline: datetime.date,
    framework: Framework | None = None,
    kind: str | None = None,
) -> ScanRound:
    """The next round for the same organisations: answers start empty, and each norm shows the
    organisation's final answer of the source round (matched by norm code) as reference. The
    kind stays the source's unless given (a self-scan in January, a review round in July)."""

    organisations = list(
        Organisation.objects.filter(scans__round=source).distinct().order_by("name")
    )
    with transaction.atomic():
        new = scan_round_open(
            actor=actor,
            partnership=source.partnership,
            framework=framework or source.framework,
            title=title,
            kind=kind or source.kind,
            deadline=deadline,
            organisations=organisations,
            anonymise=source.anonymise,
        )
        new.previous = source
        new.save(update_fields=["previous"])
    return new


REMINDER_DAYS = (7, 2, 0)


def scan_round_send_reminders(
    *, scan_round: ScanRound, today: datetime.date | None = None, force: bool = False
) -> int:
    """Remind the contributors of every organisation whose self-scan is not submitted, on the
    reminder days before the deadline (or now, when `force`d by the coordinator); at most once
    a day per organisation. Returns the number of organisations reminded."""
    today = today or timezone.localdate()
    if not force and (scan_round.deadline - today).days not in REMINDER_DAYS:
        return 0
    reminded = 0
    for latecomer in round_latecomers(scan_round):
        if not latecomer.recipients:
            continue
        with transaction.atomic():
            _reminder, created = ScanReminder.objects.get_or_create(
                round=scan_round,
                organisation=latecomer.organisation,
                sent_on=today,
                defaults={"recipients": len(latecomer.recipients)},
            )
            if not created:
                continue
            notify(
                latecomer.recipients,
                ROUND_REMINDER,
                {
                    "round": scan_round.title,
                    "deadline": date_format(scan_round.deadline),
                    "latecomer": latecomer,
                    "scan_round": scan_round,
                },
                link=reverse("scans:scan_list"),
                once=f"{scan_round.pk}:{latecomer.organisation.pk}:{today.isoformat()}",
            )
            audit_record(
                actor=None,
                action="scans.round_reminder",
                obj=scan_round,
                organisation=latecomer.organisation,
            )
            reminded += 1
    return reminded


# --- From common thread to joint action -----------------------------------------------------


@transaction.atomic
def _short_and_not_blind(scan_round: ScanRound, norm: Norm):
    """The final answers on the norm that apply and are not met — without those of
    organisations whose review is still open: the action is seen by the whole partnership,
    assessors too, and would otherwise show how a blind self-scan answered (its absence says
    nothing, since such organisations are always left out until their review is in)."""
    return (
        Result.objects.filter(round=scan_round, norm=norm)
        .filter(option__applicable=True, option__counts_as_met=False)
        .exclude(open_review())
    )


def thread_action_create(
    *,
    actor: Actor,
    scan_round: ScanRound,
    norm: Norm,
    programme: Any,
    title: str,
    theme: Any = None,
    description: str = "",
) -> ThreadAction:
    """A joint action in a programme of the round's partnership, with a commitment for exactly
    the organisations whose final answer on the norm applies and is not met (an organisation
    whose review is still open joins the action by hand once it is in)."""

    if actor is not None and not can_coordinate(actor, scan_round.partnership):
        raise PermissionDenied(_("Only the partnership's coordinators turn a thread into action."))
    errors: dict[str, list[str]] = {}
    if programme.partnership_id != scan_round.partnership_id:
        errors["programme"] = [_("Choose a programme of the round's partnership.")]
    if theme is not None and theme.programme_id != programme.pk:
        errors["theme"] = [_("This theme belongs to another programme.")]
    if norm.framework_id != scan_round.framework_id:
        errors["norm"] = [_("This norm belongs to another framework.")]
    if not title.strip():
        errors["title"] = [_("Give the action a title.")]
    below = Organisation.objects.filter(
        pk__in=_short_and_not_blind(scan_round, norm).values("organisation_id")
    ).order_by("name")
    if not errors and not below.exists():
        errors["norm"] = [_("No organisation falls short of this norm in this round.")]
    if errors:
        raise ValidationError(errors)
    action = action_create(
        actor=actor,
        programme=programme,
        theme=theme,
        title=title,
        description=description,
        organisations=list(below),
    )
    link = ThreadAction.objects.create(
        round=scan_round, norm=norm, action=action, created_by=acting_user(actor)
    )
    audit_record(
        actor=actor,
        action="scans.thread_action_create",
        obj=scan_round,
        changes={norm.code: (None, action.title)},
        partnership=scan_round.partnership,
    )
    return link
