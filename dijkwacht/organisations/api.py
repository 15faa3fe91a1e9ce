"""Who is who in the API: the person behind the call, organisations and partnerships. Anyone
reads what they work with; a platform admin also creates and changes them, through the same
services (and audit trail) as the admin pages. People and their roles: `api_people`."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.prechecks import permission_first, permitted
from dijkwacht.api.schemas import (
    CREATE_ERRORS,
    LIST_ERRORS,
    WRITE_ERRORS,
    Id,
    Problem,
    Strict,
    Text,
)
from dijkwacht.organisations import selectors, services
from dijkwacht.organisations.models import Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.permissions import is_platform_admin

router = Router(tags=["organisaties"])

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def platform_admin_only(request: HttpRequest, **path: object) -> None:
    """The precheck of every provisioning operation: 403 for anyone but a platform admin,
    before anything is read (so it tells nobody whether an object exists)."""
    if not is_platform_admin(request.user):
        raise PermissionDenied(
            _("Only platform admins set up organisations, partnerships and people.")
        )


def platform_admin_or_not_found(request: HttpRequest, **path: object) -> None:
    """The precheck of an operation on a person or a role: those are the platform admins' to
    see, so for anyone else the object does not exist (404, as another organisation's)."""
    if not is_platform_admin(request.user):
        raise Http404


def _changeable_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    """404 for an organisation the user does not see, 403 for one they see but may not
    change; for a platform admin the organisation, locked."""
    if not is_platform_admin(request.user):
        selectors.get_organisation_for(request.user, organisation_id)
        platform_admin_only(request)
    return selectors.get_organisation_for_update(request.user, organisation_id)


def _changeable_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    if not is_platform_admin(request.user):
        selectors.get_partnership_for(request.user, partnership_id)
        platform_admin_only(request)
    return selectors.get_partnership_for_update(request.user, partnership_id)


class MeOut(Schema):
    id: int
    email: str = Field(..., description="E-mailadres waarmee de persoon inlogt.")
    name: str = Field(..., description="Naam van de persoon.")


@router.get("/me", response={200: MeOut, 401: Problem}, summary="Wie ben ik")
def me(request: AuthenticatedHttpRequest):
    """The person behind the session or the API token: a koppeling checks its token with it."""
    return {"id": request.user.pk, "email": request.user.email, "name": request.user.full_name}


# --- Organisations ----------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    kind: OrganisationKind = Field(..., description="Soort organisatie.")
    cbs_code: str | None = Field(
        ..., description="CBS-code (GM#### of PV##) waar die bestaat; codes wijzigen per 1 januari."
    )
    province: int | None = Field(..., description="Id van de provincie (bij een gemeente).")
    valid_from: datetime.date | None = Field(..., description="Bestaat sinds (bij een fusie).")
    valid_to: datetime.date | None = Field(..., description="Bestond tot (opgeheven gemeente).")

    @staticmethod
    def resolve_province(obj: Organisation) -> int | None:
        return obj.province_id


ORGANISATION_COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "cbs_code",
    "province",
    "valid_from",
    "valid_to",
)


class OrganisationFilter(PageQuery):
    partnership: str | None = Field(
        None,
        description="Alleen de leden van dit samenwerkingsverband (slug).",
        pattern=r"^[-a-z0-9_]+$",
        max_length=200,
    )


class OrganisationChange(Strict):
    kind: OrganisationKind | None = Field(None, description="Soort organisatie.")
    name: Text | None = Field(None, min_length=1, max_length=200, description="Naam.")
    slug: Text | None = Field(
        None, max_length=200, pattern=SLUG, description="Vaste sleutel; uit de naam als leeg."
    )
    cbs_code: Text | None = Field(None, max_length=10, description="CBS-code, bijvoorbeeld GM0153.")
    province: Id | None = Field(None, description="Id van de provincie.")
    valid_from: datetime.date | None = Field(None, description="Bestaat sinds.")
    valid_to: datetime.date | None = Field(None, description="Bestond tot.")


class OrganisationIn(OrganisationChange):
    kind: OrganisationKind = Field(..., description="Soort organisatie.")
    name: Text = Field(..., min_length=1, max_length=200, description="Naam.")


def _organisation_values(body: OrganisationChange) -> dict[str, Any]:
    """What the body sets (a PATCH names only what changes), in the model's terms."""
    values: dict[str, Any] = body.model_dump(exclude_unset=True)
    if "province" in values:
        province = values.pop("province")
        values["province"] = selectors.province_by_pk(province) if province is not None else None
        if province is not None and values["province"] is None:
            raise ValidationError({"province": _("Unknown province.")})
    if "cbs_code" in values:
        values["cbs_code"] = (str(values["cbs_code"] or "").strip().upper()) or None
    if values.get("name") is not None:
        values["name"] = values["name"].strip()
    return values


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], 404: Problem, **LIST_ERRORS},
    summary="Organisaties",
)
def list_organisations(
    request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilter]
):
    """Organisations visible to the user; `partnership` (a slug) narrows to its members and
    answers 404 for a partnership the user does not take part in."""
    partnership = (
        selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    rows = selectors.organisation_list_for(request.user, partnership=partnership)
    return page_of(request, response, rows.only(*ORGANISATION_COLUMNS), filters)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **CREATE_ERRORS},
    summary="Een organisatie toevoegen",
)
@permission_first(platform_admin_only)
def create_organisation(request: AuthenticatedHttpRequest, body: OrganisationIn):
    """Platform admins only. The slug comes from the name when none is given."""
    values = _organisation_values(body)
    organisation = services.organisation_create(actor=request.user, **values)
    return Status(201, organisation)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 401: Problem, 404: Problem},
    summary="Eén organisatie",
)
def get_organisation(request: HttpRequest, organisation_id: int):
    return selectors.get_organisation_for(request.user, organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    summary="Een organisatie wijzigen",
)
@permission_first(_changeable_organisation, atomic=True)
def update_organisation(
    request: AuthenticatedHttpRequest, organisation_id: int, body: OrganisationChange
):
    """Platform admins only; only the fields sent change."""
    organisation = permitted(request, _changeable_organisation, organisation_id)
    values = _organisation_values(body)
    return services.organisation_update(
        actor=request.user, organisation=organisation, values=values
    )


# --- Partnerships -----------------------------------------------------------------------------


class PartnershipOut(Schema):
    id: int
    slug: str = Field(..., description="Vaste, leesbare sleutel, bijvoorbeeld `district-twente`.")
    name: str = Field(..., description="Naam van het samenwerkingsverband.")
    description: str = Field(..., description="Omschrijving.")
    members: list[int] = Field(..., description="Ids van de deelnemende organisaties.")

    @staticmethod
    def resolve_members(obj: Partnership) -> list[int]:
        return sorted(member.pk for member in obj.members.all())


class PartnershipChange(Strict):
    name: Text | None = Field(None, min_length=1, max_length=200, description="Naam.")
    slug: Text | None = Field(
        None, max_length=200, pattern=SLUG, description="Vaste sleutel; uit de naam als leeg."
    )
    description: Text | None = Field(None, max_length=5000, description="Omschrijving.")
    members: list[Id] | None = Field(
        None,
        max_length=2000,
        description="Ids van alle deelnemende organisaties (vervangt de lijst).",
    )


class PartnershipIn(PartnershipChange):
    name: Text = Field(..., min_length=1, max_length=200, description="Naam.")


def _members(ids: list[int] | None) -> list[Organisation] | None:
    if ids is None:
        return None
    wanted = set(ids)
    found = selectors.organisations_by_pk(wanted)
    unknown = wanted - {o.pk for o in found}
    if unknown:
        raise ValidationError(
            {
                "members": _("Unknown organisations: %(ids)s")
                % {"ids": ", ".join(map(str, sorted(unknown)))}
            }
        )
    return found


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], **LIST_ERRORS},
    summary="Mijn samenwerkingsverbanden",
)
def list_partnerships(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    """The partnerships the user takes part in (every one, for a platform admin)."""
    return page_of(request, response, selectors.partnership_rows_for(request.user), pages)


@router.post(
    "/partnerships",
    response={201: PartnershipOut, **CREATE_ERRORS},
    summary="Een samenwerkingsverband toevoegen",
)
@permission_first(platform_admin_only)
def create_partnership(request: AuthenticatedHttpRequest, body: PartnershipIn):
    """Platform admins only, with its members (organisation ids)."""
    partnership = services.partnership_create(
        actor=request.user,
        name=body.name.strip(),
        slug=body.slug or "",
        description=body.description or "",
        members=_members(body.members),
    )
    return Status(201, selectors.get_partnership_row(request.user, partnership.pk))


@router.get(
    "/partnerships/{partnership_id}",
    response={200: PartnershipOut, 401: Problem, 404: Problem},
    summary="Eén samenwerkingsverband, met zijn leden",
)
def get_partnership(request: HttpRequest, partnership_id: int):
    return selectors.get_partnership_row(request.user, partnership_id)


@router.patch(
    "/partnerships/{partnership_id}",
    response={200: PartnershipOut, **WRITE_ERRORS},
    summary="Een samenwerkingsverband wijzigen",
)
@permission_first(_changeable_partnership, atomic=True)
def update_partnership(
    request: AuthenticatedHttpRequest, partnership_id: int, body: PartnershipChange
):
    """Platform admins only; `members`, when sent, is the whole new list."""
    partnership = permitted(request, _changeable_partnership, partnership_id)
    values = body.model_dump(exclude_unset=True, exclude={"members"})
    services.partnership_update(
        actor=request.user,
        partnership=partnership,
        values={k: (v or "").strip() if k != "slug" else v for k, v in values.items()},
        members=_members(body.members) if "members" in body.model_fields_set else None,
    )
    return selectors.get_partnership_row(request.user, partnership.pk)
