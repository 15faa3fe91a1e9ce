from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.schemas import LIST_ERRORS, Problem
from dijkwacht.organisations import selectors
from dijkwacht.organisations.models import OrganisationKind

router = Router(tags=["organisaties"])


class MeOut(Schema):
    id: int
    email: str = Field(..., description="E-mailadres waarmee de persoon inlogt.")
    name: str = Field(..., description="Naam van de persoon.")


class PartnershipOut(Schema):
    id: int
    slug: str = Field(..., description="Vaste, leesbare sleutel, bijvoorbeeld `district-twente`.")
    name: str = Field(..., description="Naam van het samenwerkingsverband.")


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    kind: OrganisationKind = Field(..., description="Soort organisatie.")
    cbs_code: str | None = Field(
        ..., description="CBS-code (GM#### of PV##) waar die bestaat; codes wijzigen per 1 januari."
    )


class OrganisationFilter(Schema):
    partnership: str | None = Field(
        None,
        description="Alleen de leden van dit samenwerkingsverband (slug).",
        pattern=r"^[-a-z0-9_]+$",
        max_length=200,
    )


@router.get("/me", response={200: MeOut, 401: Problem}, summary="Wie ben ik")
def me(request: AuthenticatedHttpRequest):
    """The person behind the session or the API token: a koppeling checks its token with it."""
    return {"id": request.user.pk, "email": request.user.email, "name": request.user.full_name}


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], **LIST_ERRORS},
    summary="Mijn samenwerkingsverbanden",
)
def list_partnerships(request: HttpRequest):
    """The partnerships the user takes part in."""
    return selectors.partnership_list_for(request.user).only("id", "slug", "name")


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], 404: Problem, **LIST_ERRORS},
    summary="Organisaties",
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):
    """Organisations visible to the user; `partnership` (a slug) narrows to its members and
    answers 404 for a partnership the user does not take part in."""
    partnership = (
        selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    return selectors.organisation_list_for(request.user, partnership=partnership).only(
        "id", "slug", "name", "kind", "cbs_code"
    )
