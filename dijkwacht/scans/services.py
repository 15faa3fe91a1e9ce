"""Scans owns the resilience norms and, later, the self-scans, reviews and rode draden."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dijkwacht.core.services import audit_record
from dijkwacht.organisations.permissions import is_platform_admin
from dijkwacht.scans.frameworks import FrameworkSpec
from dijkwacht.scans.models import (
    Answer,
    Framework,
    FrameworkTheme,
    Norm,
    RoundKind,
    ScaleOption,
    Scan,
    ScanKind,
    ScanRound,
    ScanStatus,
)


@transaction.atomic
def framework_create(*, actor: Any, spec: FrameworkSpec) -> Framework:
    """A framework version from a checked spec. An existing name and version is refused: a
    changed framework is a new version, so scans made against the old one stay as they were."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins manage norm frameworks."))
    if Framework.objects.filter(name=spec.name, version=spec.version).exists():
        raise ValidationError(
            {"version": _("Version %(version)s of this framework exists; give it a new version.")
             % {"version": spec.version}}
        )  # fmt: skip
    framework = Framework(name=spec.name, version=spec.version, description=spec.description)
    framework.full_clean()
    framework.save()
    ScaleOption.objects.bulk_create(
        ScaleOption(
            framework=framework, position=i, code=o.code, label=o.label, value=o.value,
            counts_as_met=o.counts_as_met, applicable=o.applicable,
        )
        for i, o in enumerate(spec.scale)
    )  # fmt: skip
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
                framework=framework, theme=theme, position=n_position, code=n.code,
                text=n.text, guidance=n.guidance, essential=n.essential, weight=n.weight,
            )
            for n_position, n in enumerate(theme_spec.norms)
        )  # fmt: skip
    audit_record(
        actor=actor,
        action="scans.framework_create",
        obj=framework,
        changes={"version": (None, spec.version), "norms": (None, spec.norm_count)},
    )
    return framework


DEFAULT_FRAMEWORK = "basis_op_orde.yaml"


def framework_load_default(*, actor: Any = None) -> Framework | None:
    """The framework that ships with Dijkwacht; None when that version is already loaded."""
    from pathlib import Path

    from dijkwacht.scans.frameworks import read_framework

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
    actor: Any,
    partnership: Any,
    framework: Framework,
    title: str,
    kind: str,
    deadline: Any,
    organisations: list[Any],
    anonymise: bool = True,
) -> ScanRound:
    """A round with a scan per organisation (a self-scan, a review, or both)."""
    from dijkwacht.core.services import acting_user
    from dijkwacht.organisations.permissions import can_coordinate

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
        partnership=partnership, framework=framework, title=title.strip(), kind=kind,
        deadline=deadline, anonymise=anonymise, opened_by=acting_user(actor),
    )  # fmt: skip
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
        actor=actor, action="scans.round_open", obj=scan_round,
        changes={"title": (None, scan_round.title), "organisations": (None, len(organisations))},
        partnership=partnership,
    )  # fmt: skip
    return scan_round


@transaction.atomic
def answer_save(
    *,
    actor: Any,
    scan: Scan,
    norm: Norm,
    option: ScaleOption,
    explanation: str = "",
    evidence_url: str = "",
    finding: str = "",
    recommendation: str = "",
) -> Answer:
    """Save one answer: one small transaction (two writes and an audit line), so filling a
    scan stays cheap however many organisations fill theirs at once."""
    from django.utils import timezone

    from dijkwacht.core.services import acting_user
    from dijkwacht.scans.permissions import can_answer

    locked = Scan.objects.select_for_update().select_related("round").get(pk=scan.pk)
    if actor is not None and not can_answer(actor, locked):
        raise PermissionDenied(_("You cannot answer this scan (any more)."))
    framework_id = locked.round.framework_id
    if norm.framework_id != framework_id or option.framework_id != framework_id:
        raise ValidationError(_("This norm or answer belongs to another framework."))
    answer, _created = Answer.objects.update_or_create(
        scan=locked,
        norm=norm,
        defaults={
            "option": option,
            "explanation": explanation.strip(),
            "evidence_url": evidence_url.strip(),
            "finding": finding.strip() if locked.kind == ScanKind.REVIEW else "",
            "recommendation": recommendation.strip() if locked.kind == ScanKind.REVIEW else "",
            "updated_at": timezone.now(),
            "updated_by": acting_user(actor),
        },
    )
    answer.full_clean(validate_unique=False, validate_constraints=False)
    if locked.status == ScanStatus.NOT_STARTED:
        locked.status = ScanStatus.IN_PROGRESS
        locked.save(update_fields=["status"])
    audit_record(
        actor=actor, action="scans.answer_save", obj=locked,
        changes={norm.code: (None, option.code)}, organisation=locked.organisation,
    )  # fmt: skip
    return answer


@transaction.atomic
def scan_submit(*, actor: Any, scan: Scan) -> Scan:
    """Lock the scan. Every norm must have an answer ("not applicable" is an answer)."""
    from django.utils import timezone

    from dijkwacht.core.services import acting_user
    from dijkwacht.scans.permissions import can_answer

    locked = Scan.objects.select_for_update().select_related("round").get(pk=scan.pk)
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
    audit_record(actor=actor, action="scans.scan_submit", obj=locked,
                 organisation=locked.organisation)  # fmt: skip
    return locked


@transaction.atomic
def scan_reopen(*, actor: Any, scan: Scan, reason: str) -> Scan:
    """A coordinator opens a submitted scan again, with a reason for the audit trail."""
    from dijkwacht.organisations.permissions import can_coordinate

    locked = Scan.objects.select_for_update().select_related("round__partnership").get(pk=scan.pk)
    if actor is not None and not can_coordinate(actor, locked.round.partnership):
        raise PermissionDenied(_("Only the partnership's coordinators reopen a scan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the scan is reopened.")})
    locked.status = ScanStatus.IN_PROGRESS
    locked.submitted_at = None
    locked.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="scans.scan_reopen", obj=locked, reason=reason,
                 organisation=locked.organisation)  # fmt: skip
    return locked
