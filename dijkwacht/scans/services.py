"""Scans owns the resilience norms and, later, the self-scans, reviews and rode draden."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dijkwacht.core.services import audit_record
from dijkwacht.organisations.permissions import is_platform_admin
from dijkwacht.scans.frameworks import FrameworkSpec
from dijkwacht.scans.models import Framework, FrameworkTheme, Norm, ScaleOption


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
