"""The catalogue owns the information position's factsheets — the sources the partners hold,
with their sharing passport — and the requests for access to the sources that are not open.

Every write checks permission first, validates everything, then writes in one short
transaction with an audit line. A request never carries the source's data: only who asked,
for what purpose and on what ground, and the owner's decision with its reason.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.catalogue import terms
from dijkwacht.catalogue.models import (
    AccessLevel,
    InformationSource,
    Licence,
    RequestStatus,
    SourceRequest,
    Theme,
)
from dijkwacht.catalogue.notifications import REQUEST_DECIDED, REQUEST_SUBMITTED
from dijkwacht.catalogue.permissions import (
    can_decide,
    can_edit_source,
    can_keep_sources,
    can_withdraw,
    requesting_organisation_ids,
)
from dijkwacht.catalogue.selectors import person_works_at
from dijkwacht.core.services import audit_record
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.selectors import areas_by_code

FIELDS = (
    "title",
    "description",
    "owner",
    "deputy",
    "contact_name",
    "contact_email",
    "contact_phone",
    "kind",
    "frequency",
    "coverage",
    "personal_data",
    "access_level",
    "restriction_reason",
    "visibility",
    "landing_url",
    "licence",
    "legal_basis",
    "legal_reference",
    "recipients",
    "purpose",
    "retention",
    "how_to_request",
    "decision_days",
)

MAX_COVERAGE = 400


def _audit_value(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return value


def coverage_codes(codes: list[str]) -> list[str]:
    """The coverage as CBS codes, upper case, each once, in the given order; an unknown code
    is the field's error."""
    cleaned = list(dict.fromkeys(str(c).strip().upper() for c in codes if str(c).strip()))
    if len(cleaned) > MAX_COVERAGE:
        raise ValidationError(
            {"coverage": _("Name at most %(max)d areas.") % {"max": MAX_COVERAGE}}
        )
    known = areas_by_code(cleaned)
    unknown = [c for c in cleaned if c not in known]
    if unknown:
        raise ValidationError(
            {"coverage": _("Unknown CBS code: %(codes)s.") % {"codes": ", ".join(unknown[:10])}}
        )
    return cleaned


def _check(source: InformationSource) -> None:
    """What a factsheet must say before it is saved; each problem next to its field."""
    errors: dict[str, str] = {}
    if source.owner_id and not person_works_at(source.owner_id, source.holder_id):
        errors["owner"] = _("The owner must work at the holding organisation.")
    if source.deputy_id:
        if source.deputy_id == source.owner_id:
            errors["deputy"] = _("The deputy is someone other than the owner.")
        elif not person_works_at(source.deputy_id, source.holder_id):
            errors["deputy"] = _("The deputy must work at the holding organisation.")
    if source.access_level == AccessLevel.OPEN:
        source.restriction_reason = ""
        if not source.licence:
            source.licence = Licence.CC0
    else:
        if not source.restriction_reason:
            errors["restriction_reason"] = _("Say why the source is not open.")
        if not source.legal_basis:
            errors["legal_basis"] = _("Name the legal basis on which it may be shared.")
        if not source.how_to_request.strip():
            errors["how_to_request"] = _("Say how a partner asks for it.")
    if errors:
        raise ValidationError(errors)
    source.coverage = coverage_codes(source.coverage or [])


def source_create(
    *, actor: Actor, holder: Organisation, themes: list[Theme] | None = None, **fields: Any
) -> InformationSource:
    """A factsheet of a source `holder` holds, written by one of its keepers."""
    if actor is not None and not can_keep_sources(actor, holder.pk):
        raise PermissionDenied(_("Only the holding organisation describes its sources."))
    source = InformationSource(holder=holder, **{k: fields[k] for k in FIELDS if k in fields})
    _check(source)
    source.full_clean()
    with transaction.atomic():
        source.save()
        source.themes.set(themes or [])
        audit_record(
            actor=actor,
            action="catalogue.source_create",
            obj=source,
            changes={"title": (None, source.title), "access_level": (None, source.access_level)},
            organisation=holder,
        )
    return source


def source_update(
    *,
    actor: Actor,
    source: InformationSource,
    themes: list[Theme] | None = None,
    **fields: Any,
) -> InformationSource:
    if actor is not None and not can_edit_source(actor, source):
        raise PermissionDenied(_("Only the holding organisation changes its sources."))
    with transaction.atomic():
        locked = InformationSource.objects.select_for_update().get(pk=source.pk)
        before = {name: getattr(locked, name) for name in FIELDS}
        for name in FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        _check(locked)
        locked.full_clean()
        locked.save()
        changes = {
            name: (_audit_value(before[name]), _audit_value(getattr(locked, name)))
            for name in FIELDS
            if before[name] != getattr(locked, name)
        }
        if themes is not None:
            old = sorted(t.code for t in locked.themes.all())
            new = sorted(t.code for t in themes)
            if old != new:
                locked.themes.set(themes)
                changes["themes"] = (old, new)
        if changes:
            audit_record(
                actor=actor,
                action="catalogue.source_update",
                obj=locked,
                changes=changes,
                organisation=locked.holder,
            )
    return locked


# --- Requests for access ----------------------------------------------------------------------


def _request_link(request: SourceRequest) -> str:
    return reverse("catalogue:request_detail", args=[request.pk])


def source_request_submit(
    *,
    actor: Any,
    source: InformationSource,
    organisation: Organisation,
    purpose: str,
    legal_basis: str,
    legal_reference: str = "",
    today: datetime.date | None = None,
) -> SourceRequest:
    """A member asks the owner for access to a source that is not open. The owner (and the
    deputy) hear of it; the term to decide starts today."""
    if source.is_open:
        raise ValidationError(_("This source is open: it needs no request."))
    if organisation.pk not in requesting_organisation_ids(actor, source):
        raise PermissionDenied(_("You ask on behalf of your own organisation."))
    today = today or timezone.localdate()
    request = SourceRequest(
        source=source,
        requester=actor,
        organisation=organisation,
        purpose=purpose.strip(),
        legal_basis=legal_basis,
        legal_reference=legal_reference.strip(),
        due=terms.decision_due(today, source.decision_days),
    )
    request.full_clean()
    with transaction.atomic():
        waiting = SourceRequest.objects.select_for_update().filter(
            source=source, requester=actor, status=RequestStatus.SUBMITTED
        )
        if waiting.exists():
            raise ValidationError(
                _("You already asked for this source; wait for the decision or withdraw it.")
            )
        request.save()
        audit_record(
            actor=actor,
            action="catalogue.request_submit",
            obj=request,
            changes={"status": (None, request.status), "legal_basis": (None, legal_basis)},
            organisation=source.holder,
        )
        context = {
            "source": source.title,
            "organisation": organisation.name,
            "due": request.due.strftime("%d-%m-%Y"),
        }
        link = _request_link(request)
        deciders = [source.owner, source.deputy]
        transaction.on_commit(lambda: notify(deciders, REQUEST_SUBMITTED, context, link=link))
    return request


def source_request_decide(
    *, actor: Any, request: SourceRequest, granted: bool, reason: str
) -> SourceRequest:
    """The owner (or deputy) grants or refuses, always with a reason; the person who asked
    hears of it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    with transaction.atomic():
        locked = (
            SourceRequest.objects.select_for_update(of=("self",))
            .select_related("source__holder", "requester", "organisation")
            .get(pk=request.pk)
        )
        if locked.status != RequestStatus.SUBMITTED:
            raise ValidationError(_("This request has already been dealt with."))
        if not can_decide(actor, locked):
            raise PermissionDenied(_("Only the source's owner or deputy decides."))
        old = locked.status
        locked.status = RequestStatus.GRANTED if granted else RequestStatus.REFUSED
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action="catalogue.request_decide",
            obj=locked,
            changes={"status": (old, locked.status)},
            reason=reason[:500],
            organisation=locked.source.holder,
        )
        context = {"source": locked.source.title, "decision": locked.get_status_display()}
        link = _request_link(locked)
        requester = locked.requester
        transaction.on_commit(lambda: notify([requester], REQUEST_DECIDED, context, link=link))
    return locked


def source_request_withdraw(*, actor: Any, request: SourceRequest) -> SourceRequest:
    with transaction.atomic():
        locked = SourceRequest.objects.select_for_update().get(pk=request.pk)
        if not can_withdraw(actor, locked):
            raise ValidationError(_("Only a waiting request of your own can be withdrawn."))
        locked.status = RequestStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.request_withdraw",
            obj=locked,
            changes={"status": (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN)},
        )
    return locked
