"""Organisations owns who is who: organisations (with CBS reference data), partnerships and the
memberships that give people a role."""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dijkwacht.accounts import services as account_services
from dijkwacht.accounts.models import Invitation, User
from dijkwacht.accounts.types import Actor
from dijkwacht.core.services import audit_record
from dijkwacht.notifications.services import notify
from dijkwacht.organisations import maps
from dijkwacht.organisations.models import Membership, Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.notifications import ADMIN_GRANTED, BIBOB_GRANTED
from dijkwacht.organisations.permissions import (
    access_for,
    can_coordinate,
    can_view_partnership,
    forget_access,
)
from dijkwacht.organisations.roles import PARTNERSHIP_ROLES, Role
from dijkwacht.organisations.selectors import people_with_role

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_FILE = DATA_DIR / "gemeenten_2025.geojson"
PROVINCES_FILE = DATA_DIR / "provincies_2025.geojson"
HISTORICAL_FILE = DATA_DIR / "gemeenten_historisch.csv"

# Municipalities created by a merger whose start date the older plans depend on.
KNOWN_START_DATES = {
    "GM1982": datetime.date(2022, 1, 1),  # Land van Cuijk
    "GM1991": datetime.date(2022, 1, 1),  # Maashorst
}

_GEOMETRY_FIELDS = ["boundary_path", "bbox_min_x", "bbox_min_y", "bbox_max_x", "bbox_max_y"]
_REFERENCE_FIELDS = ["kind", "name", "slug", "province", "valid_from", "valid_to", "successor"]


@dataclass(frozen=True)
class ReferenceLoadResult:
    created: int
    updated: int
    unchanged: int


def _read_features(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _geometry_values(geometry: dict) -> dict[str, Any]:
    shape = maps.shape_from_geometry(geometry)
    return {
        "boundary_path": shape.path,
        "bbox_min_x": shape.bbox.min_x,
        "bbox_min_y": shape.bbox.min_y,
        "bbox_max_x": shape.bbox.max_x,
        "bbox_max_y": shape.bbox.max_y,
    }


def _upsert(
    existing: dict[str, Organisation], code: str, values: dict[str, Any], counts: dict[str, int]
) -> Organisation:
    organisation = existing.get(code)
    if organisation is None:
        organisation = Organisation(cbs_code=code, **values)
        organisation.full_clean(validate_unique=False, validate_constraints=False)
        organisation.save()
        existing[code] = organisation
        counts["created"] += 1
        return organisation
    changed = [name for name, value in values.items() if getattr(organisation, name) != value]
    if changed:
        for name in changed:
            setattr(organisation, name, values[name])
        organisation.full_clean(validate_unique=False, validate_constraints=False)
        organisation.save(update_fields=[*changed, "updated_at"])
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return organisation


@transaction.atomic
def reference_data_load(*, actor: Actor = None) -> ReferenceLoadResult:
    """Load the 12 provinces and 342 municipalities of 2025 and the historical municipalities.

    Idempotent: matched on CBS code; only what differs is written. Names and slugs of
    organisations created by hand are left alone.
    """
    existing = {
        o.cbs_code: o for o in Organisation.objects.filter(cbs_code__isnull=False) if o.cbs_code
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    provinces: dict[str, Organisation] = {}
    for feature in _read_features(PROVINCES_FILE):
        props = feature["properties"]
        provinces[props["code"]] = _upsert(
            existing,
            props["code"],
            {
                "kind": OrganisationKind.PROVINCE,
                "name": f"Provincie {props['name']}",
                "slug": slugify(f"provincie {props['name']}"),
                **_geometry_values(feature["geometry"]),
            },
            counts,
        )
    for feature in _read_features(MUNICIPALITIES_FILE):
        props = feature["properties"]
        _upsert(
            existing,
            props["code"],
            {
                "kind": OrganisationKind.MUNICIPALITY,
                "name": props["name"],
                "slug": slugify(props["name"]),
                "province": provinces[props["province_code"]],
                "valid_from": KNOWN_START_DATES.get(props["code"]),
                **_geometry_values(feature["geometry"]),
            },
            counts,
        )
    with HISTORICAL_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _upsert(
                existing,
                row["code"],
                {
                    "kind": OrganisationKind.MUNICIPALITY,
                    "name": row["name"],
                    "slug": slugify(row["name"]),
                    "province": provinces[row["province_code"]],
                    "valid_to": datetime.date.fromisoformat(row["valid_to"]),
                    "successor": existing[row["successor_code"]],
                },
                counts,
            )
    result = ReferenceLoadResult(**counts)
    if result.created or result.updated:
        audit_record(
            actor=actor,
            action="organisations.reference_data_load",
            changes={"created": (None, result.created), "updated": (None, result.updated)},
        )
    return result


@transaction.atomic
def organisation_create(
    *, actor: Actor, kind: str, name: str, slug: str = "", **extra
) -> Organisation:
    organisation = Organisation(kind=kind, name=name, slug=slug or slugify(name), **extra)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action="organisations.organisation_create",
        obj=organisation,
        changes={"name": (None, name), "kind": (None, kind)},
        organisation=organisation,
    )
    return organisation


# Fields of an organisation a person may change (the geometry comes with the CBS data).
ORGANISATION_FIELDS = ("kind", "name", "slug", "cbs_code", "province", "valid_from", "valid_to")


def _shown(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set `values` on `obj`; what changed, as (old, new) for the audit trail."""
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            setattr(obj, name, value)
            changes[name] = (_shown(old), _shown(value))
    return changes


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, values: dict[str, Any]
) -> Organisation:
    """Change what `values` names (of ORGANISATION_FIELDS); checked as a whole, written only
    when something changed."""
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not an organisation field to change: {sorted(unknown)}")
    if organisation.cbs_code and any(
        getattr(organisation, name) != value for name, value in values.items()
    ):
        raise ValidationError(
            {
                "cbs_code": _(
                    "This organisation comes from the CBS reference data, which the yearly "
                    "load keeps up to date: it is not changed by hand."
                )
            }
        )
    changes = _changed(organisation, values)
    if changes:
        organisation.full_clean()
        organisation.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="organisations.organisation_update",
            obj=organisation,
            changes=changes,
            organisation=organisation,
        )
    return organisation


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    name: str,
    slug: str = "",
    description: str = "",
    members: list[Organisation] | None = None,
) -> Partnership:
    partnership = Partnership(name=name, slug=slug or slugify(name), description=description)
    partnership.full_clean()
    partnership.save()
    partnership.members.set(members or [])
    audit_record(
        actor=actor,
        action="organisations.partnership_create",
        obj=partnership,
        changes={
            "name": (None, name),
            "members": (None, sorted(o.slug for o in members or [])),
        },
        partnership=partnership,
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    actor: Actor,
    partnership: Partnership,
    values: dict[str, Any],
    members: list[Organisation] | None = None,
) -> Partnership:
    """Change name, slug or description (`values`) and, when given, the members."""
    unknown = set(values) - {"name", "slug", "description"}
    if unknown:
        raise ValueError(f"Not a partnership field to change: {sorted(unknown)}")
    changes = _changed(partnership, values)
    if changes:
        partnership.full_clean()
        partnership.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="organisations.partnership_update",
            obj=partnership,
            changes=changes,
            partnership=partnership,
        )
    if members is not None:
        partnership_set_members(actor=actor, partnership=partnership, members=members)
    return partnership


@transaction.atomic
def partnership_set_members(
    *, actor: Actor, partnership: Partnership, members: list[Organisation]
) -> Partnership:
    old = sorted(partnership.members.values_list("slug", flat=True))
    new = sorted(o.slug for o in members)
    kept = {o.pk for o in members}
    holding = sorted(
        set(
            Membership.objects.filter(partnership=partnership)
            .exclude(organisation_id__in=kept)
            .values_list("organisation__name", flat=True)
        )
    )
    if holding:
        # A member leaves once nobody holds a role in the partnership through it.
        raise ValidationError(
            {
                "members": _("People still hold roles in this partnership through: %(names)s.")
                % {"names": ", ".join(holding)}
            }
        )
    if old != new:
        partnership.members.set(members)
        audit_record(
            actor=actor,
            action="organisations.partnership_set_members",
            obj=partnership,
            changes={"members": (old, new)},
            partnership=partnership,
        )
    return partnership


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    user: Any,
    role: str,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
    compartments: list[str] | None = None,
    title: str = "",
    reports_from: datetime.datetime | None = None,
    requested_by: Any = None,
) -> Membership:
    """A role for a person. A meldpunt handler is never made by one person: only the
    meldpunt's four-eyes grant makes one (`meldpunt.services.handler_grant_decide`), passing
    who asked; the acting person approves, and neither is the new handler. Loading data as
    the system (no actor) is not a person granting."""
    if role == Role.HANDLER and actor is not None:
        people = {getattr(actor, "pk", None), getattr(requested_by, "pk", None), user.pk}
        if requested_by is None or len(people) < 3:
            raise ValidationError(
                {
                    "role": _(
                        "A meldpunt handler is granted by two people, neither of them the new "
                        "handler: ask for it on the meldpunt's handlers page."
                    )
                }
            )
    if role == Role.BIBOB and actor is not None and getattr(actor, "pk", None) == user.pk:
        raise ValidationError({"role": _(BIBOB_SELF_GRANT)})
    membership = Membership(
        user=user,
        role=role,
        organisation=organisation,
        partnership=partnership,
        compartments=sorted(compartments or []),
        title=title,
        reports_from=reports_from,
    )
    membership.full_clean()
    membership.save()
    forget_access(user)
    audit_record(
        actor=actor,
        action="organisations.membership_create",
        obj=membership,
        changes={
            "user": (None, user.email),
            "role": (None, role),
            "organisation": (None, organisation.slug if organisation else None),
            "partnership": (None, partnership.slug if partnership else None),
            "compartments": (None, membership.compartments),
            **({"requested_by": (None, requested_by.email)} if requested_by else {}),
        },
        organisation=organisation,
        partnership=partnership,
    )
    bibob_granted_notify(actor=actor, membership=membership)
    return membership


@transaction.atomic
def membership_update(
    *, actor: Actor, membership: Membership, values: dict[str, Any]
) -> Membership:
    """Change a role's role, organisation, partnership or title. A meldpunt handler's role is
    not changed here (only ended): it was granted by two people, and a role does not become a
    handler's by an edit either."""
    unknown = set(values) - {"role", "organisation", "partnership", "title"}
    if unknown:
        raise ValueError(f"Not a membership field to change: {sorted(unknown)}")
    if membership.role == Role.HANDLER or values.get("role") == Role.HANDLER:
        raise ValidationError(
            {
                "role": _(
                    "A meldpunt handler is granted by two people, neither of them the new "
                    "handler: ask for it on the meldpunt's handlers page."
                )
            }
        )
    became_admin = values.get("role") == Role.ADMIN and membership.role != Role.ADMIN
    role = values.get("role", membership.role)
    organisation = values.get("organisation", membership.organisation)
    became_bibob = role == Role.BIBOB and (
        membership.role != Role.BIBOB or organisation != membership.organisation
    )
    if became_bibob and getattr(actor, "pk", None) == membership.user_id:
        raise ValidationError({"role": _(BIBOB_SELF_GRANT)})
    changes = _changed(membership, values)
    if changes:
        membership.full_clean()
        membership.save(update_fields=[*changes, "updated_at"])
        forget_access(membership.user)
        audit_record(
            actor=actor,
            action="organisations.membership_update",
            obj=membership,
            changes=changes,
            organisation=membership.organisation,
            partnership=membership.partnership,
        )
    if became_admin:
        admin_granted_notify(actor=actor, membership=membership)
    if became_bibob:
        bibob_granted_notify(actor=actor, membership=membership)
    return membership


@transaction.atomic
def platform_admin_create(*, user: Any) -> Membership:
    """The platform admin role for an account made by `createsuperuser` (the system acts: the
    command's operator holds the server). The other admins are told."""
    membership = membership_create(actor=None, user=user, role=Role.ADMIN)
    admin_granted_notify(actor=None, membership=membership)
    return membership


@transaction.atomic
def membership_delete(*, actor: Actor, membership: Membership) -> None:
    audit_record(
        actor=actor,
        action="organisations.membership_delete",
        obj=membership,
        changes={"role": (membership.role, None), "user": (membership.user.email, None)},
        organisation=membership.organisation,
        partnership=membership.partnership,
    )
    user = membership.user
    membership.delete()
    forget_access(user)


@transaction.atomic
def user_choose_partnership(*, actor: User, partnership: Partnership) -> None:
    """Remember which partnership the user works in now (the header's switcher)."""
    if not can_view_partnership(actor, partnership):
        raise PermissionError("Partnership not visible to this user.")
    if actor.preferred_partnership_id != partnership.pk:
        old = actor.preferred_partnership_id
        actor.preferred_partnership = partnership
        actor.save(update_fields=["preferred_partnership"])
        audit_record(
            actor=actor,
            action="accounts.user_choose_partnership",
            obj=actor,
            changes={"preferred_partnership": (old, partnership.pk)},
        )


def admin_granted_notify(*, actor: Actor, membership: Membership) -> None:
    """Tell every other platform admin that someone became one: a platform admin's power is
    checked by the others (the meldpunt's handovers take two of them)."""
    if membership.role != Role.ADMIN:
        return
    audit_record(
        actor=actor,
        action="organisations.admin_granted",
        obj=membership,
        changes={"user": (None, membership.user.email)},
    )
    others = [person for person in people_with_role(Role.ADMIN) if person.pk != membership.user_id]
    user = membership.user
    notify(
        others,
        ADMIN_GRANTED,
        {"who": user.full_name or user.email, "membership": membership, "by": actor},
        link=reverse("admin:accounts_user_change", args=[user.pk]),
    )


# Nobody opens a municipality's Bibob register to themselves: another admin grants the role.
BIBOB_SELF_GRANT = gettext_noop(
    "Nobody gives themselves the Bibob role: ask another platform admin."
)


def bibob_granted_notify(*, actor: Actor, membership: Membership) -> None:
    """Tell the organisation's Bibob team and the other platform admins that someone became a
    Bibob officer there: the role opens a register that is secret by law (art. 28 Wet Bibob),
    so a grant is never quiet."""
    if membership.role != Role.BIBOB or membership.organisation_id is None:
        return
    new = membership.user_id
    team = people_with_role(Role.BIBOB, organisation_ids=[membership.organisation_id])
    admins = people_with_role(Role.ADMIN)
    actor_pk = getattr(actor, "pk", None)
    told = [p for p in [*team, *admins] if p.pk not in (new, actor_pk)]
    user = membership.user
    notify(
        told,
        BIBOB_GRANTED,
        {
            "who": user.full_name or user.email,
            "organisation": membership.organisation.name if membership.organisation else "",
            "membership": membership,
            "by": actor,
        },
        link=reverse("admin:organisations_membership_change", args=[membership.pk]),
    )


# What a coordinator gives people of the partnership's organisations. A meldpunt handler is
# granted by two people on the meldpunt's page, a Bibob officer and an admin by an admin.
INVITABLE_ROLES = (Role.CONTRIBUTOR, Role.VIEWER, Role.ASSESSOR, Role.COORDINATOR)


@transaction.atomic
def person_invite(
    *,
    actor: Actor,
    partnership: Partnership,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    title: str = "",
) -> tuple[Membership, Invitation | None]:
    """Give a person a role at one of the partnership's organisations (partnership roles in
    the partnership). Someone without an account, or who never chose a password, is invited
    by e-mail; someone with an account just gets the role (None for the invitation)."""
    if not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators invite people."))
    errors = {}
    if role not in INVITABLE_ROLES:
        errors["role"] = _("Choose one of the roles offered.")
    if not partnership.members.filter(pk=organisation.pk).exists():
        errors["organisation"] = _("This organisation is not a member of the partnership.")
    elif role not in PARTNERSHIP_ROLES and not _coordinates_all_of(actor, organisation):
        # A contributor works for the organisation in every partnership it takes part in:
        # only who coordinates all of them (or an admin) gives that role.
        errors["organisation"] = _(
            "This organisation also takes part in a partnership you do not coordinate: its "
            "contributors are given their role by an admin."
        )
    address = User.objects.normalize_email(email.strip()).lower()
    if actor is not None and address == actor.email.lower():
        errors["email"] = _("You cannot give yourself a role; ask another coordinator.")
    if errors:
        raise ValidationError(errors)
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    invitation = None
    if user is None or not (user.has_usable_password() or user.last_login):
        invitation = account_services.user_invite(actor=actor, email=address, full_name=full_name)
        user = invitation.user
    elif user.is_service_account or not user.is_active:
        raise ValidationError(
            {"email": _("This account cannot be given a role here; ask an admin.")}
        )
    in_partnership = partnership if role in PARTNERSHIP_ROLES else None
    if Membership.objects.filter(
        user=user, organisation=organisation, role=role, partnership=in_partnership
    ).exists():
        raise ValidationError({"role": _("This person already has this role here.")})
    membership = membership_create(
        actor=actor,
        user=user,
        role=role,
        organisation=organisation,
        partnership=in_partnership,
        title=title.strip(),
    )
    return membership, invitation


def _coordinates_all_of(actor: Actor, organisation: Organisation) -> bool:
    access = access_for(actor)
    if access.is_admin:
        return True
    partnerships = set(organisation.partnerships.values_list("pk", flat=True))
    return partnerships <= access.coordinating_ids


def person_invite_again(*, actor: Actor, partnership: Partnership, user: User) -> Invitation:
    """A new invitation link for someone with a role in the partnership who has not chosen a
    password yet (the old link may have expired)."""
    if not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators invite people."))
    return account_services.user_invite(actor=actor, email=user.email, full_name=user.full_name)
