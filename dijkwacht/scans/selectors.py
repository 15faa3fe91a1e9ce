from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from dijkwacht.scans import scoring
from dijkwacht.scans.models import Answer, Framework, Norm, Scan, ScanKind


def framework_list() -> QuerySet[Framework]:
    """Frameworks are shared reference data: every logged-in user may read them."""
    return Framework.objects.annotate(norm_count=Count("norms")).order_by("name", "-created_at")


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The framework in its file form (see frameworks.read_framework); three queries."""
    themes = list(framework.themes.prefetch_related("norms"))
    return {
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        "scale": [
            {
                "code": o.code,
                "label": o.label,
                "value": o.value,
                "counts_as_met": o.counts_as_met,
                "applicable": o.applicable,
            }
            for o in framework.scale.all()
        ],
        "themes": [
            {
                "code": t.code,
                "title": t.title,
                "description": t.description,
                "norms": [
                    {
                        "code": n.code,
                        "text": n.text,
                        "guidance": n.guidance,
                        "essential": n.essential,
                        "weight": n.weight,
                    }
                    for n in t.norms.all()
                ],
            }
            for t in themes
        ],
    }


def get_scan_for(user: Any, pk: Any) -> Scan:
    from dijkwacht.core.scoping import get_visible_or_404
    from dijkwacht.scans.permissions import scans_visible_to

    return get_visible_or_404(
        scans_visible_to(user).select_related("round__framework", "organisation"), pk=pk
    )


def scan_results(scan: Scan) -> list[scoring.NormResult]:
    """Every norm of the scan's framework with the scan's answer (unanswered: not met);
    two queries."""
    answers = {
        norm_id: (met, applicable)
        for norm_id, met, applicable in scan.answers.values_list(
            "norm_id", "option__counts_as_met", "option__applicable"
        )
    }
    return [
        scoring.NormResult(
            norm=n.code,
            theme=n.theme.code,
            weight=n.weight,
            essential=n.essential,
            applicable=answers.get(n.pk, (False, True))[1],
            met=answers.get(n.pk, (False, True))[0],
        )
        for n in Norm.objects.filter(framework_id=scan.round.framework_id).select_related("theme")
    ]


def my_scans(user: Any):
    from dijkwacht.scans.permissions import scans_visible_to

    return (
        scans_visible_to(user)
        .select_related("round__partnership", "organisation")
        .order_by("-round__created_at", "organisation__name", "kind")
    )


def scan_sheet(scan: Scan) -> list[tuple[Any, list[tuple[Any, Any]]]]:
    """Per theme its norms with this scan's answer (or None): three queries."""
    answers = {a.norm_id: a for a in scan.answers.select_related("option")}
    themes = list(scan.round.framework.themes.prefetch_related("norms"))
    return [
        (theme, [(norm, answers.get(norm.pk)) for norm in theme.norms.all()]) for theme in themes
    ]


@dataclass(frozen=True)
class Gap:
    norm: Any
    self_answer: Any
    review_answer: Any

    @property
    def differs(self) -> bool:
        """The self-scan and the review disagree on whether the norm is met (or applies)."""

        def outcome(answer: Any) -> tuple[bool, bool] | None:
            return (
                None if answer is None else (answer.option.counts_as_met, answer.option.applicable)
            )

        return outcome(self.self_answer) != outcome(self.review_answer)


def scan_gaps(user: Any, scan: Scan) -> list[Gap] | None:
    """Both scans of the organisation in the round side by side, or None when the user may not
    see both (which keeps the review blind). Four queries."""
    from dijkwacht.scans.permissions import scans_visible_to

    pair = list(
        scans_visible_to(user).filter(round_id=scan.round_id, organisation_id=scan.organisation_id)
    )
    by_kind = {s.kind: s for s in pair}
    if set(by_kind) != {ScanKind.SELF, ScanKind.REVIEW}:
        return None
    answers: dict[tuple[str, int], Any] = {
        (a.scan.kind, a.norm_id): a
        for a in Answer.objects.filter(scan__in=pair).select_related("option", "scan")
    }
    return [
        Gap(n, answers.get((ScanKind.SELF, n.pk)), answers.get((ScanKind.REVIEW, n.pk)))
        for n in Norm.objects.filter(framework_id=scan.round.framework_id).select_related("theme")
    ]
