"""The catalogue owns the information position: the factsheets of the sources the partners
hold, with their sharing passport; the requests for access to the sources that are not open;
the overview of which registration systems the members use; the partnership's contact
persons per theme; and the practical checklist with the records of its use.

Every write checks permission first, validates everything, then writes in one short
transaction with an audit line. A request never carries the source's data: only who asked,
for what purpose and on what ground, and the owner's decision with its reason.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.accounts.models import User
from dijkwacht.accounts.types import Actor
from dijkwacht.catalogue import checklist as checklist_engine
from dijkwacht.catalogue import geo, roster, selectors, terms
from dijkwacht.catalogue.models import (
    AccessLevel,
    Area,
    AreaKind,
    Checklist,
    ChecklistRecord,
    ChecklistVersion,
    ContactPerson,
    InformationSource,
    Licence,
    RegisterKind,
    RegistrationSystem,
    RequestStatus,
    SourceRequest,
    Theme,
    Visibility,
)
from dijkwacht.catalogue.notifications import CONTACT_CONFIRM, REQUEST_DECIDED, REQUEST_SUBMITTED
from dijkwacht.catalogue.permissions import (
    can_decide,
    can_edit_area,
    can_edit_contact,
    can_edit_source,
    can_keep_roster,
    can_keep_sources,
    can_keep_systems,
    can_withdraw,
    is_decider,
    requesting_organisation_ids,
)
from dijkwacht.catalogue.selectors import people_of, person_works_at
from dijkwacht.catalogue.source_files import COLUMNS, Problem, SourceRow
from dijkwacht.core.services import audit_record
from dijkwacht.meldpunt.selectors import case_list
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import can_coordinate, can_view_partnership
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import (
    areas_by_code,
    municipality_boundaries,
    people_with_role,
)

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
    """What a factsheet must say before it is saved: every problem at once, each next to its
    field (the model's own checks included)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if source.owner_id and not person_works_at(source.owner_id, source.holder_id):
        add("owner", _("The owner must work at the holding organisation."))
    if source.deputy_id:
        if source.deputy_id == source.owner_id:
            add("deputy", _("The deputy is someone other than the owner."))
        elif not person_works_at(source.deputy_id, source.holder_id):
            add("deputy", _("The deputy must work at the holding organisation."))
    if source.access_level == AccessLevel.OPEN:
        source.restriction_reason = ""
        if not source.licence:
            source.licence = Licence.CC0
    else:
        if not source.restriction_reason:
            add("restriction_reason", _("Say why the source is not open."))
        if not source.legal_basis:
            add("legal_basis", _("Name the legal basis on which it may be shared."))
        if not source.how_to_request.strip():
            add("how_to_request", _("Say how a partner asks for it."))
    try:
        source.coverage = coverage_codes(source.coverage or [])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    try:
        source.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def source_create(
    *, actor: Actor, holder: Organisation, themes: list[Theme] | None = None, **fields: Any
) -> InformationSource:
    """A factsheet of a source `holder` holds, written by one of its keepers."""
    if actor is not None and not can_keep_sources(actor, holder.pk):
        raise PermissionDenied(_("Only the holding organisation describes its sources."))
    source = InformationSource(holder=holder, **{k: fields[k] for k in FIELDS if k in fields})
    _check(source)
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


# --- A list of sources from a file -------------------------------------------------------------


class SourcesRejected(Exception):
    """Nothing was written: every problem, by row."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def _row_problems(number: int, error: ValidationError) -> list[Problem]:
    messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    problems = []
    for name, texts in messages.items():
        column = COLUMNS.get(name, ("",))[0]
        for text in texts:
            problems.append(Problem(number, f"{column}: {text}" if column else text))
    return problems


def _or_default(name: str, value: Any) -> Any:
    """An empty cell of a column that must have a value (the update frequency, the
    visibility) takes the field's default."""
    model_field = cast(models.Field, InformationSource._meta.get_field(name))
    if value == "" and not model_field.blank and model_field.has_default():
        return model_field.get_default()
    return value


def sources_import(*, actor: Actor, holder: Organisation, rows: list[SourceRow]) -> Imported:
    """A holder's list of sources from a file: a row whose title the holder already uses
    changes that source, any other row adds one. Every row is checked first; with any problem
    nothing is written."""
    if actor is not None and not can_keep_sources(actor, holder.pk):
        raise PermissionDenied(_("Only the holding organisation describes its sources."))
    people = {p.email.casefold(): p for p in people_of([holder.pk])}
    themes: dict[str, Theme] = {}
    for theme in Theme.objects.all():
        themes[theme.code.casefold()] = themes[theme.name.casefold()] = theme
    existing = {s.title.casefold(): s for s in holder.information_sources.all()}
    problems: list[Problem] = []
    checked: list[tuple[InformationSource, list[Theme]]] = []
    seen: set[str] = set()
    for row in rows:
        values = dict(row.values)
        found: list[Problem] = []
        for name in ("owner", "deputy"):
            if name not in values:
                continue
            email = str(values[name] or "").casefold()
            values[name] = people.get(email) if email else None
            if email and values[name] is None:
                found.append(Problem(row.number, f"{COLUMNS[name][0]}: " + _(
                    "no one with this e-mail address works at %(holder)s."
                ) % {"holder": holder.name}))  # fmt: skip
        chosen = [themes.get(t.casefold()) for t in row.themes]
        unknown = [t for t, theme in zip(row.themes, chosen, strict=True) if theme is None]
        if unknown:
            found.append(Problem(row.number, f"{COLUMNS['themes'][0]}: " + _(
                "unknown theme %(names)s."
            ) % {"names": ", ".join(unknown)}))  # fmt: skip
        title = str(values.get("title") or "").casefold()
        if title in seen:
            found.append(Problem(row.number, _("This title is in the file twice.")))
        seen.add(title)
        source = existing.get(title) or InformationSource(holder=holder)
        for name in FIELDS:
            if name in values:
                setattr(source, name, _or_default(name, values[name]))
        if not found:
            try:
                _check(source)
            except ValidationError as error:
                found.extend(_row_problems(row.number, error))
        problems.extend(found)
        checked.append((source, [t for t in chosen if t is not None]))
    if problems:
        raise SourcesRejected(problems)
    created = 0
    with transaction.atomic():
        for source, chosen_themes in checked:
            is_new = source.pk is None
            created += is_new
            source.save()
            source.themes.set(chosen_themes)
            audit_record(
                actor=actor,
                action="catalogue.source_create" if is_new else "catalogue.source_update",
                obj=source,
                changes={"title": (None if is_new else source.title, source.title)},
                reason=_("from a file"),
                organisation=holder,
            )
    return Imported(created=created, updated=len(checked) - created)


# --- Registration systems ------------------------------------------------------------------------

SYSTEM_FIELDS = (
    "has_register",
    "product",
    "supplier",
    "hosting",
    "in_use_since",
    "reaches_riec",
    "notes",
)


def registration_system_save(
    *, actor: Actor, organisation: Organisation, kind: RegisterKind, **fields: Any
) -> RegistrationSystem:
    """Which system `organisation` registers `kind` in, or that it has none: one row per
    organisation and kind, written anew each time."""
    if actor is not None and not can_keep_systems(actor, organisation):
        raise PermissionDenied(_("Only the organisation or its coordinator says so."))
    values = {k: fields[k] for k in SYSTEM_FIELDS if k in fields}
    if values.get("has_register") is False:
        values.update(product="", supplier="", in_use_since=None)
    with transaction.atomic():
        system = (
            RegistrationSystem.objects.select_for_update()
            .filter(organisation=organisation, kind=kind)
            .first()
        ) or RegistrationSystem(organisation=organisation, kind=kind)
        before = {name: getattr(system, name) for name in SYSTEM_FIELDS}
        is_new = system.pk is None
        for name, value in values.items():
            setattr(system, name, value)
        errors: dict[str, list[str]] = {}
        if system.has_register and not system.product.strip():
            errors["product"] = [_("Name the product, or say there is no register.")]
        try:
            system.full_clean(exclude=list(errors), validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                system.save()
        except IntegrityError as race:  # the same row recorded twice at once
            raise ValidationError(_("Someone saved this at the same moment; try again.")) from race
        changes = {
            name: (
                None if is_new else _audit_value(before[name]),
                _audit_value(getattr(system, name)),
            )
            for name in SYSTEM_FIELDS
            if is_new or before[name] != getattr(system, name)
        }
        if changes:
            audit_record(
                actor=actor,
                action="catalogue.system_save",
                obj=system,
                changes=changes,
                organisation=organisation,
            )
    return system


# --- Contact persons ---------------------------------------------------------------------------

CONTACT_FIELDS = (
    "name",
    "function",
    "phone",
    "email",
    "deputy_name",
    "deputy_phone",
    "deputy_email",
)


def contact_save(
    *,
    actor: Actor,
    partnership: Partnership,
    organisation: Organisation,
    theme: Theme,
    contact: ContactPerson | None = None,
    **fields: Any,
) -> ContactPerson:
    """Add or correct an entry of the roster. Saving confirms it: the one who saves vouches
    that it is right today. The entry is linked to the account at the organisation with its
    e-mail address, so that the person sees and corrects it; only a keeper changes the
    address (and so the link), and an entry keeps its organisation and theme."""
    keeper = actor is None or can_keep_roster(actor, partnership.pk, organisation.pk)
    if contact is not None:
        organisation, theme = contact.organisation, contact.theme
        keeper = actor is None or can_keep_roster(actor, partnership.pk, organisation.pk)
        if not keeper and not can_edit_contact(actor, contact):
            raise PermissionDenied(_("Only the organisation or the coordinator keeps this entry."))
    elif not keeper:
        raise PermissionDenied(_("Only the organisation or the coordinator keeps this entry."))
    if not partnership.members.filter(pk=organisation.pk).exists():
        raise ValidationError(_("The organisation is not a member."))
    with transaction.atomic():
        entry = (
            ContactPerson.objects.select_for_update().get(pk=contact.pk)
            if contact is not None
            else ContactPerson(partnership=partnership, organisation=organisation, theme=theme)
        )
        before = {name: getattr(entry, name) for name in CONTACT_FIELDS}
        for name in CONTACT_FIELDS:
            if name in fields and (keeper or name != "email"):
                setattr(entry, name, str(fields[name] or "").strip())
        entry.user = selectors.account_at(organisation.pk, entry.email) if entry.email else None
        entry.confirmed_at = timezone.now()
        entry.confirmed_by = actor
        try:
            entry.full_clean()
        except ValidationError as error:
            if NON_FIELD_ERRORS in getattr(error, "error_dict", {}):
                raise ValidationError({"theme": error.message_dict[NON_FIELD_ERRORS]}) from error
            raise
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as race:  # the same entry added twice at once
            raise ValidationError(
                {"theme": _("This organisation already has a contact person for this theme.")}
            ) from race
        # Which fields changed, not their values: a removed entry leaves no number behind.
        changed = sorted(n for n in CONTACT_FIELDS if before[n] != getattr(entry, n))
        audit_record(
            actor=actor,
            action="catalogue.contact_save",
            changes={"fields": (None, changed)},
            reason=f"contact {entry.pk}",
            organisation=organisation,
            partnership=partnership,
        )
    return entry


def contact_confirm(*, actor: User, contact: ContactPerson) -> ContactPerson:
    """The entry is still right: the six months start again."""
    if not can_edit_contact(actor, contact):
        raise PermissionDenied(_("Only the organisation or the coordinator keeps this entry."))
    with transaction.atomic():
        ContactPerson.objects.filter(pk=contact.pk).update(
            confirmed_at=timezone.now(), confirmed_by=actor
        )
        audit_record(
            actor=actor,
            action="catalogue.contact_confirm",
            reason=f"contact {contact.pk}",
            partnership=contact.partnership,
        )
    contact.refresh_from_db()
    return contact


def contact_remove(*, actor: User, contact: ContactPerson) -> None:
    if not can_keep_roster(actor, contact.partnership_id, contact.organisation_id):
        raise PermissionDenied(_("Only the organisation or the coordinator keeps this entry."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="catalogue.contact_remove",
            reason=f"contact {contact.pk}",
            organisation=contact.organisation,
            partnership=contact.partnership,
        )
        contact.delete()


def contacts_remind(*, today: datetime.date) -> int:
    """Everyone whose entry is due to be confirmed (or past due) hears of it once per
    confirmation: the person themself when they have an account, else the keepers of the
    organisation's entries (its contributors, and the partnership's coordinators)."""
    reminded = 0
    last_day = roster.stale_before(today) + roster.REMIND_BEFORE
    for entry in selectors.contacts_due(last_day):
        person = entry.user
        if (
            person is not None
            and person.is_active
            and person_works_at(person.pk, entry.organisation_id)
        ):
            people = [person]
        else:  # no account, or the person left: whoever keeps the entry
            people = [
                *people_with_role(Role.COORDINATOR, partnership_id=entry.partnership_id),
                *people_with_role(Role.CONTRIBUTOR, organisation_ids=[entry.organisation_id]),
            ]
        made = notify(
            people,
            CONTACT_CONFIRM,
            {
                "name": entry.name,
                "theme": entry.theme.name,
                "organisation": entry.organisation.name,
            },
            link=reverse("catalogue:contact_edit", args=[entry.partnership_id, entry.pk]),
            once=f"contact-{entry.pk}-{entry.confirmed_at:%Y%m%d}",
        )
        reminded += bool(made)
    return reminded


# --- The checklist ----------------------------------------------------------------------------


def checklist_publish(*, actor: User, partnership: Partnership, text: str) -> ChecklistVersion:
    """A new version of the partnership's own checklist, after the whole tree is checked
    (the first one makes the partnership's checklist, until then it uses the default)."""
    if not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators change its checklist."))
    try:
        checklist_engine.read_tree(text)
    except checklist_engine.TreeProblem as problem:
        raise ValidationError({"text": problem.problems}) from problem
    with transaction.atomic():
        checklist, _created = Checklist.objects.select_for_update().get_or_create(
            partnership=partnership
        )
        last = checklist.versions.order_by("-number").first()
        version = ChecklistVersion.objects.create(
            checklist=checklist,
            number=(last.number + 1) if last else 1,
            text=text.replace("\r\n", "\n"),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="catalogue.checklist_publish",
            obj=version,
            changes={"number": (last.number if last else None, version.number)},
            partnership=partnership,
        )
    return version


def checklist_record(
    *,
    actor: User,
    partnership: Partnership,
    version: ChecklistVersion,
    answers: list[int],
    action: Any = None,
    case: Any = None,
) -> ChecklistRecord:
    """Keep a completed checklist: who, when, the answers and the outcome; the action must be
    one of the partnership's programmes, the case one the person handles."""
    if not can_view_partnership(actor, partnership):
        raise PermissionDenied(_("You do not take part in this partnership."))
    if action is not None and action.programme.partnership_id != partnership.pk:
        raise ValidationError({"action": _("Choose an action of this partnership.")})
    if case is not None and not case_list(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Choose a case you handle.")})
    step = checklist_engine.walk(checklist_engine.read_tree(version.text), answers)
    if step.outcome is None:
        raise ValidationError(_("Answer every question before you save the checklist."))
    record = ChecklistRecord(
        version=version,
        partnership=partnership,
        user=actor,
        outcome=step.outcome.key,
        outcome_title=step.outcome.title,
        party=step.outcome.party,
        path=[list(pair) for pair in step.path],
        action=action,
        case=case,
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_record(
            actor=actor,
            action="catalogue.checklist_record",
            obj=record,
            changes={"outcome": (None, record.outcome)},
            partnership=partnership,
        )
    return record


# --- Requests for access ----------------------------------------------------------------------


def _request_link(request: SourceRequest) -> str:
    return reverse("catalogue:request_detail", args=[request.pk])


def source_request_submit(
    *,
    actor: User,
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
    # Permission before input: the organisation is one of the asker's, sharing a partnership
    # with the holder.
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
    request.full_clean()  # one waiting request per person and source, among the rest
    with transaction.atomic():
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as race:  # the same request, sent twice at once
            raise ValidationError(
                _("You already asked for this source; wait for the decision or withdraw it.")
            ) from race
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
    *, actor: User, request: SourceRequest, granted: bool, reason: str
) -> SourceRequest:
    """The owner (or deputy) grants or refuses, always with a reason; the person who asked
    hears of it."""
    if not is_decider(actor, request.source):
        raise PermissionDenied(_("Only the source's owner or deputy decides."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    with transaction.atomic():
        locked = (
            SourceRequest.objects.select_for_update(of=("self",))
            .select_related("source__holder", "requester", "organisation")
            .get(pk=request.pk)
        )
        if not can_decide(actor, locked):
            raise ValidationError(_("This request has already been dealt with."))
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


def source_request_withdraw(*, actor: User, request: SourceRequest) -> SourceRequest:
    """The person who asked takes a waiting request back; the owner no longer needs to
    decide."""
    with transaction.atomic():
        locked = (
            SourceRequest.objects.select_for_update(of=("self",))
            .select_related("source__holder")
            .get(pk=request.pk)
        )
        if locked.requester_id != actor.pk:
            raise PermissionDenied(_("Only who asked withdraws a request."))
        if not can_withdraw(actor, locked):
            raise ValidationError(_("Only a waiting request can be withdrawn."))
        locked.status = RequestStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.request_withdraw",
            obj=locked,
            changes={"status": (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN)},
            organisation=locked.source.holder,
        )
    return locked


# --- Areas on the map ----------------------------------------------------------------------------


class AreasRejected(Exception):
    """Nothing was written: every problem, by feature."""

    def __init__(self, problems: list[geo.Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@functools.cache
def _municipalities() -> geo.Municipalities:
    return geo.Municipalities(municipality_boundaries())


def _kind_named(kinds: list[AreaKind], text: str) -> AreaKind | None:
    wanted = text.strip().casefold()
    return next((k for k in kinds if wanted in (k.code.casefold(), k.name.casefold())), None)


def _status_of(kind: AreaKind, status: str) -> tuple[str, str]:
    """The status as the kind spells it, and a problem when the kind has a list without it."""
    if not status or not kind.statuses:
        return status, ""
    known = next((s for s in kind.statuses if s.casefold() == status.casefold()), None)
    if known is None:
        return status, _(
            "the status “%(status)s” does not belong to %(kind)s (choose from: %(known)s)."
        ) % {
            "status": status,
            "kind": kind.name,
            "known": ", ".join(kind.statuses),
        }
    return known, ""


def areas_import(
    *,
    actor: Actor,
    owner: Organisation,
    visibility: str,
    kind: AreaKind | None,
    features: list[geo.Feature],
) -> Imported:
    """An organisation's areas from a GeoJSON file, already read by `geo.read_geojson`: a
    feature whose kind and name the owner already uses changes that area, any other adds one.
    A feature's own kind (property "soort") goes before `kind`. Each area gets the
    municipality its inside point lies in. Every feature is checked first; with any problem
    nothing is written."""
    if actor is not None and not can_keep_sources(actor, owner.pk):
        raise PermissionDenied(_("Only the owning organisation keeps its areas."))
    if visibility not in Visibility.values:
        raise AreasRejected([geo.Problem(None, "", _("Choose who may see the areas."))])
    kinds = list(AreaKind.objects.all())
    codes = {f.number: _municipalities().code_at(f.outline.lon, f.outline.lat) for f in features}
    municipalities = {
        o.cbs_code: o
        for o in Organisation.objects.filter(cbs_code__in={c for c in codes.values() if c})
    }
    existing = {(a.kind_id, a.name.casefold()): a for a in owner.areas.all()}
    problems: list[geo.Problem] = []
    checked: list[tuple[Area, dict[str, Any]]] = []
    seen: set[tuple[int, str]] = set()
    for feature in features:

        def add(message: str, feature: geo.Feature = feature) -> None:
            problems.append(geo.Problem(feature.number, feature.name, message))

        chosen = _kind_named(kinds, feature.kind) if feature.kind else kind
        if chosen is None:
            add(
                _("the kind “%(kind)s” is unknown.") % {"kind": feature.kind}
                if feature.kind
                else _("it has no kind: choose one for the file, or give “soort”.")
            )
            continue
        key = (chosen.pk, feature.name.casefold())
        if key in seen:
            add(_("an area of this kind and name is in the file twice."))
        seen.add(key)
        status, problem = _status_of(chosen, feature.status)
        if problem:
            add(problem)
        if feature.visibility and feature.visibility not in Visibility.values:
            add(
                _("“zichtbaar voor” is “samenwerking” or “organisatie”, not “%(value)s”.")
                % {"value": feature.visibility}
            )
        municipality = municipalities.get(codes[feature.number] or "")
        if municipality is None:
            add(_("it does not lie in a Dutch municipality."))
        area = existing.get(key) or Area(owner=owner)
        before = {name: _audit_value(getattr(area, name, None)) for name in AUDITED_AREA_FIELDS}
        # Who may see it: as the file says; else as it was (a file read again never shares
        # a shielded area); a new area as chosen with the file.
        area.visibility = feature.visibility or (area.visibility if area.pk else visibility)
        area.name, area.kind, area.status = feature.name, chosen, status
        area.units, area.attributes = feature.units, feature.attributes
        area.municipality = municipality
        _place(area, feature.outline)
        checked.append((area, before))
    if problems:
        raise AreasRejected(problems)
    created = 0
    with transaction.atomic():
        for area, before in checked:
            is_new = area.pk is None
            created += is_new
            area.save()
            after = {name: _audit_value(getattr(area, name)) for name in AUDITED_AREA_FIELDS}
            audit_record(
                actor=actor,
                action="catalogue.area_create" if is_new else "catalogue.area_update",
                obj=area,
                changes={
                    name: (None if is_new else before[name], after[name])
                    for name in AUDITED_AREA_FIELDS
                    if is_new or before[name] != after[name]
                },
                reason=_("from a file"),
                organisation=owner,
            )
    return Imported(created=created, updated=len(checked) - created)


def _place(area: Area, outline: geo.Outline) -> None:
    area.geometry = outline.geometry
    area.is_point, area.path = outline.is_point, outline.path
    area.bbox_min_x, area.bbox_min_y = outline.bbox.min_x, outline.bbox.min_y
    area.bbox_max_x, area.bbox_max_y = outline.bbox.max_x, outline.bbox.max_y
    area.point_x, area.point_y = outline.x, outline.y


AREA_FIELDS = ("name", "kind", "description", "status", "units", "visibility")
# What the audit compares of an area read from a file (its outline is said as changed by its
# municipality only: coordinates are no reading matter).
AUDITED_AREA_FIELDS = ("name", "kind", "status", "units", "visibility", "municipality")


def area_update(
    *,
    actor: User,
    area: Area,
    sources: list[InformationSource] | None = None,
    actions: list[Any] | None = None,
    offered: tuple[Any, Any] | None = None,
    **fields: Any,
) -> Area:
    """Change what is said of an area (its outline comes from a file) and what concerns it:
    the sources and programme actions it links to. `offered` are the sources and actions the
    user was offered (those they see): a link to one they do not see stays as it is."""
    if not can_edit_area(actor, area):
        raise PermissionDenied(_("Only the owning organisation keeps its areas."))
    before = {name: getattr(area, name) for name in AREA_FIELDS}
    for name in AREA_FIELDS:
        if name in fields:
            setattr(area, name, fields[name])
    status, problem = _status_of(area.kind, area.status)
    if problem:
        raise ValidationError({"status": problem})
    area.status = status
    area.full_clean(exclude=["geometry"])
    with transaction.atomic():
        area.save()
        offered_sources, offered_actions = offered or (None, None)
        if sources is not None:
            area.sources.set([*sources, *_unseen(area.sources, offered_sources)])
        if actions is not None:
            area.actions.set([*actions, *_unseen(area.actions, offered_actions)])
        audit_record(
            actor=actor,
            action="catalogue.area_update",
            obj=area,
            changes={
                name: (_audit_value(before[name]), _audit_value(getattr(area, name)))
                for name in AREA_FIELDS
                if before[name] != getattr(area, name)
            },
            organisation=area.owner,
        )
    return area


def _unseen(linked: Any, offered: Any) -> list[Any]:
    return [] if offered is None else list(linked.exclude(pk__in=offered.values("pk")))


def area_delete(*, actor: User, area: Area) -> None:
    if not can_edit_area(actor, area):
        raise PermissionDenied(_("Only the owning organisation keeps its areas."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="catalogue.area_delete",
            obj=area,
            changes={"name": (area.name, None)},
            organisation=area.owner,
        )
        area.delete()
