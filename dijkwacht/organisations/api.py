from django.http import HttpRequest
from ninja import Query, Router, Schema

from dijkwacht.organisations import selectors

router = Router(tags=["organisaties"])


class PartnershipOut(Schema):
    id: int
    slug: str
    name: str


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    cbs_code: str | None


class OrganisationFilter(Schema):
    partnership: str | None = None


@router.get("/partnerships", response=list[PartnershipOut], summary="Mijn samenwerkingsverbanden")
def list_partnerships(request: HttpRequest):
    return selectors.partnership_list_for(request.user).only("id", "slug", "name")


@router.get("/organisations", response=list[OrganisationOut], summary="Organisaties")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):
    """Organisations visible to the user; `partnership` (a slug) narrows to its members."""
    partnership = (
        selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    return selectors.organisation_list_for(request.user, partnership=partnership).only(
        "id", "slug", "name", "kind", "cbs_code"
    )
