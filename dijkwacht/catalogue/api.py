"""The information position in the API: the sources (also as DCAT-AP-DONL), and the requests
for access with their decisions — scoped as on the pages and written through the same
services."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.pages import PageQuery, page_of, with_page_headers
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
from dijkwacht.catalogue import documents, geo, selectors, services
from dijkwacht.catalogue.models import (
    AccessLevel,
    ContactPerson,
    Frequency,
    Hosting,
    InformationSource,
    LegalBasis,
    Licence,
    ReachesRiec,
    RegistrationSystem,
    RequestStatus,
    RestrictionReason,
    SourceKind,
    SourceRequest,
    Theme,
    Visibility,
)
from dijkwacht.catalogue.permissions import (
    can_keep_systems,
    is_decider,
    keeping_organisation_ids,
    requesting_organisation_ids,
    sees_people,
)
from dijkwacht.organisations import selectors as org_selectors
from dijkwacht.organisations.selectors import organisations_by_pk

router = Router(tags=["informatiepositie"])


class PassportOut(Schema):
    legal_basis: str = Field(..., description="Grondslag om te delen (leeg voor een open bron).")
    legal_reference: str = Field(..., description="Artikel of afspraak.")
    recipients: str = Field(..., description="Wie de gegevens mag ontvangen.")
    purpose: str = Field(..., description="Doelbinding.")
    retention: str = Field(..., description="Bewaartermijn bij de ontvanger.")
    how_to_request: str = Field(..., description="Hoe je de gegevens aanvraagt.")
    decision_days: int = Field(..., description="Binnen hoeveel dagen de eigenaar beslist.")


class InformationSourceOut(Schema):
    id: int
    title: str
    description: str
    holder: int = Field(..., description="Id van de organisatie die de bron beheert.")
    holder_name: str
    owner: str = Field(
        ..., description="Naam van de eigenaar, die over aanvragen beslist (leeg voor meelezers)."
    )
    deputy: str = Field(..., description="Naam van de plaatsvervanger (leeg als er geen is).")
    contact_name: str
    contact_email: str
    contact_phone: str
    themes: list[str] = Field(..., description="Codes van de thema's.")
    kind: SourceKind
    frequency: Frequency
    coverage: list[str] = Field(..., description="CBS-codes van het gebied dat de bron dekt.")
    personal_data: bool
    access_level: AccessLevel
    restriction_reason: str = Field(..., description="Reden van beperking (DONL).")
    visibility: Visibility
    landing_url: str
    licence: str
    passport: PassportOut
    updated_at: datetime.datetime

    @staticmethod
    def resolve_holder(obj: InformationSource) -> int:
        return obj.holder_id

    @staticmethod
    def resolve_holder_name(obj: InformationSource) -> str:
        return obj.holder.name

    @staticmethod
    def resolve_owner(obj: InformationSource, context: dict[str, Any]) -> str:
        return obj.owner.full_name if sees_people(context["request"].user) else ""

    @staticmethod
    def resolve_deputy(obj: InformationSource, context: dict[str, Any]) -> str:
        if obj.deputy is None or not sees_people(context["request"].user):
            return ""
        return obj.deputy.full_name

    @staticmethod
    def resolve_themes(obj: InformationSource) -> list[str]:
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_passport(obj: InformationSource) -> dict[str, Any]:
        return {
            "legal_basis": obj.legal_basis,
            "legal_reference": obj.legal_reference,
            "recipients": obj.recipients,
            "purpose": obj.purpose,
            "retention": obj.retention,
            "how_to_request": obj.how_to_request,
            "decision_days": obj.decision_days,
        }


class SourceSearch(Schema):
    q: str = Field("", max_length=100, description="Zoek in titel en beschrijving.")
    theme: str = Field("", max_length=50, description="Code van een thema.")
    holder: Id | None = Field(None, description="Id van de beherende organisatie.")
    access_level: AccessLevel | None = None
    personal_data: bool | None = None
    legal_basis: LegalBasis | None = None

    def filters(self) -> selectors.SourceFilters:
        return selectors.SourceFilters(
            text=self.q.strip(),
            theme=self.theme,
            holder=self.holder,
            access_level=self.access_level or "",
            personal_data=self.personal_data,
            legal_basis=self.legal_basis or "",
        )


class SourceFilter(PageQuery, SourceSearch):
    pass


class SourceIn(Strict):
    holder: Id = Field(..., description="Id van de organisatie die de bron beheert (de jouwe).")
    title: Text = Field(..., min_length=1, max_length=200)
    description: Text = Field(..., min_length=1, max_length=5000)
    owner: Id = Field(..., description="Id van de eigenaar (werkt bij de beheerder).")
    deputy: Id | None = None
    contact_name: Text = Field(..., min_length=1, max_length=200)
    contact_email: Text = Field(..., min_length=3, max_length=254)
    contact_phone: Text = Field("", max_length=30)
    themes: list[Text] = Field([], max_length=50, description="Codes van de thema's.")
    kind: SourceKind
    frequency: Frequency = Frequency.UNKNOWN
    coverage: list[Text] = Field([], max_length=services.MAX_COVERAGE)
    personal_data: bool = False
    access_level: AccessLevel
    restriction_reason: RestrictionReason | None = None
    visibility: Visibility = Visibility.PARTNERSHIP
    landing_url: Text = Field("", max_length=500)
    licence: Licence | None = None
    legal_basis: LegalBasis | None = None
    legal_reference: Text = Field("", max_length=300)
    recipients: Text = Field("", max_length=2000)
    purpose: Text = Field("", max_length=2000)
    retention: Text = Field("", max_length=300)
    how_to_request: Text = Field("", max_length=2000)
    decision_days: int = Field(28, ge=1, le=365)


@router.get(
    "/sources",
    response={200: list[InformationSourceOut], **LIST_ERRORS},
    summary="Informatiebronnen",
)
def list_sources(request: HttpRequest, response: HttpResponse, filters: Query[SourceFilter]):
    """De factsheets die je ziet: van je eigen organisaties, en wat de leden van je
    samenwerkingsverbanden met hen delen."""
    sources = selectors.source_list_for(request.user, filters.filters()).order_by("pk")
    return page_of(request, response, sources, filters)


@router.get(
    "/sources/dcat",
    response={200: dict[str, Any], **LIST_ERRORS},
    summary="De open informatiebronnen als DCAT-AP-DONL (JSON-LD)",
    openapi_extra={"responses": {"200": {"content": {"application/ld+json": {}}}}},
)
def sources_dcat(request: HttpRequest, filters: Query[SourceSearch]):
    """De open bronnen (met dezelfde filters) als catalogus volgens DCAT-AP-DONL, het profiel
    van data.overheid.nl; niet-openbare bronnen en bronnen alleen voor de eigen organisatie
    blijven erbuiten. Niet gepagineerd."""
    sources = selectors.open_sources_for(request.user, filters.filters())
    return HttpResponse(
        documents.open_sources_dcat(sources, "jsonld"),
        content_type="application/ld+json; charset=utf-8",
    )


@router.get(
    "/sources/{source_id}",
    response={200: InformationSourceOut, 401: Problem, 404: Problem},
    summary="Eén informatiebron",
)
def get_source(request: HttpRequest, source_id: int):
    return selectors.get_source_for(request.user, source_id)


def _themes(codes: list[str]) -> list[Theme]:
    known = {t.code: t for t in selectors.themes()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"themes": _("Unknown theme: %s.") % ", ".join(unknown[:5])})
    return [known[c] for c in dict.fromkeys(codes)]


def _person(user_id: int | None, holder_id: int, field: str) -> Any:
    if user_id is None:
        return None
    person = selectors.people_of([holder_id]).filter(pk=user_id).first()
    if person is None:
        raise ValidationError({field: _("No one with this id works at the holder.")})
    return person


@router.post(
    "/sources",
    response={201: InformationSourceOut, **CREATE_ERRORS},
    summary="Een informatiebron beschrijven",
)
def create_source(request: AuthenticatedHttpRequest, body: SourceIn):
    """Een factsheet van een bron van je eigen organisatie (coördinator of bijdrager daar)."""
    values: dict[str, Any] = body.model_dump()
    holders = organisations_by_pk([body.holder] if body.holder in
                                  keeping_organisation_ids(request.user) else [])  # fmt: skip
    if not holders:
        raise ValidationError({"holder": _("You describe only your own organisation's sources.")})
    holder = holders[0]
    values.pop("holder")
    themes = _themes(values.pop("themes"))
    values["owner"] = _person(values["owner"], holder.pk, "owner")
    values["deputy"] = _person(values["deputy"], holder.pk, "deputy")
    for optional in ("restriction_reason", "licence", "legal_basis"):
        values[optional] = values[optional] or ""
    source = services.source_create(actor=request.user, holder=holder, themes=themes, **values)
    return Status(201, selectors.get_source_for(request.user, source.pk))


# --- Requests for access ----------------------------------------------------------------------


class SourceRequestOut(Schema):
    id: int
    source: int
    source_title: str
    organisation: int = Field(..., description="Namens welke organisatie.")
    requester: str
    purpose: str
    legal_basis: LegalBasis
    legal_reference: str
    status: RequestStatus
    requested_at: datetime.datetime
    due: datetime.date = Field(..., description="Uiterste dag van de beslissing.")
    decided_at: datetime.datetime | None
    reason: str = Field(..., description="De reden van de beslissing.")

    @staticmethod
    def resolve_source(obj: SourceRequest) -> int:
        return obj.source_id

    @staticmethod
    def resolve_source_title(obj: SourceRequest) -> str:
        return obj.source.title

    @staticmethod
    def resolve_organisation(obj: SourceRequest) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_requester(obj: SourceRequest) -> str:
        return obj.requester.full_name

    @staticmethod
    def resolve_requested_at(obj: SourceRequest) -> datetime.datetime:
        return obj.created_at


class SourceRequestFilter(PageQuery):
    status: RequestStatus | None = None


class SourceRequestIn(Strict):
    source: Id
    organisation: Id | None = Field(
        None, description="Namens welke van je organisaties; mag leeg als je er één hebt."
    )
    purpose: Text = Field(..., min_length=1, max_length=2000)
    legal_basis: LegalBasis
    legal_reference: Text = Field("", max_length=300)


class DecisionIn(Strict):
    granted: bool
    reason: Text = Field(..., min_length=1, max_length=2000)


@router.get(
    "/source-requests",
    response={200: list[SourceRequestOut], **LIST_ERRORS},
    summary="Aanvragen om toegang tot informatiebronnen",
)
def list_source_requests(
    request: HttpRequest, response: HttpResponse, filters: Query[SourceRequestFilter]
):
    """Je eigen aanvragen, die voor bronnen waarvan je eigenaar of plaatsvervanger bent, en
    die voor de bronnen van je organisatie."""
    rows = selectors.request_list_for(request.user, status=filters.status or "").order_by("pk")
    return page_of(request, response, rows, filters)


@router.get(
    "/source-requests/{request_id}",
    response={200: SourceRequestOut, 401: Problem, 404: Problem},
    summary="Eén aanvraag",
)
def get_source_request(request: HttpRequest, request_id: int):
    return selectors.get_request_for(request.user, request_id)


@router.post(
    "/source-requests",
    response={201: SourceRequestOut, **WRITE_ERRORS},
    summary="Toegang tot een bron aanvragen",
)
def create_source_request(request: AuthenticatedHttpRequest, body: SourceRequestIn):
    """Voor een bron die niet open is; de eigenaar beslist binnen de termijn van de bron."""
    source = selectors.get_source_for(request.user, body.source)
    if source.is_open:
        raise ValidationError({"source": _("This source is open: it needs no request.")})
    allowed = requesting_organisation_ids(request.user, source)
    chosen = body.organisation or (allowed[0] if len(allowed) == 1 else None)
    if chosen is None or chosen not in allowed:
        raise ValidationError(
            {"organisation": _("Name one of your own organisations (not the holder).")}
        )
    made = services.source_request_submit(
        actor=request.user,
        source=source,
        organisation=organisations_by_pk([chosen])[0],
        purpose=body.purpose,
        legal_basis=body.legal_basis,
        legal_reference=body.legal_reference,
    )
    return Status(201, selectors.get_request_for(request.user, made.pk))


def _decidable_request(request: HttpRequest, request_id: int) -> SourceRequest:
    """Before the body is read: 404 for a request the user does not see, 403 for one they
    do not decide on."""
    found = selectors.get_request_for(request.user, request_id)
    if not is_decider(request.user, found.source):
        raise PermissionDenied(_("Only the source's owner or deputy decides."))
    return found


@router.post(
    "/source-requests/{request_id}/decision",
    response={200: SourceRequestOut, **WRITE_ERRORS},
    summary="Beslissen op een aanvraag",
)
@permission_first(_decidable_request)
def decide_source_request(request: AuthenticatedHttpRequest, request_id: int, body: DecisionIn):
    """De eigenaar of plaatsvervanger kent toe of wijst af, altijd met een reden."""
    found = permitted(request, _decidable_request, request_id)
    services.source_request_decide(
        actor=request.user, request=found, granted=body.granted, reason=body.reason
    )
    return selectors.get_request_for(request.user, request_id)


# --- Registration systems ---------------------------------------------------------------------


class SystemOut(Schema):
    organisation: int
    organisation_name: str
    kind: str = Field(..., description="Code van de soort registratie.")
    has_register: bool = Field(..., description="Onwaar: de organisatie heeft er geen.")
    product: str
    supplier: str
    hosting: Hosting
    in_use_since: datetime.date | None
    reaches_riec: ReachesRiec = Field(..., description="Of signalen eruit het RIEC bereiken.")
    notes: str

    @staticmethod
    def resolve_organisation(obj: RegistrationSystem) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj: RegistrationSystem) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_kind(obj: RegistrationSystem) -> str:
        return obj.kind.code


class SystemFilter(PageQuery):
    partnership: str | None = Field(
        None, pattern=r"^[-a-z0-9_]+$", max_length=200, description="Slug van het verband."
    )
    organisation: Id | None = None
    kind: str = Field("", max_length=50, description="Code van de soort registratie.")


class SystemIn(Strict):
    has_register: bool = True
    product: Text = Field("", max_length=200)
    supplier: Text = Field("", max_length=200)
    hosting: Hosting = Hosting.OWN
    in_use_since: datetime.date | None = None
    reaches_riec: ReachesRiec = ReachesRiec.UNKNOWN
    notes: Text = Field("", max_length=2000)


@router.get(
    "/registration-systems",
    response={200: list[SystemOut], 404: Problem, **LIST_ERRORS},
    summary="Registratiesystemen",
)
def list_registration_systems(
    request: HttpRequest, response: HttpResponse, filters: Query[SystemFilter]
):
    """Welk systeem de organisaties in je samenwerkingsverbanden per soort registratie
    gebruiken (of dat ze er geen hebben). Een organisatie zonder regel heeft niets gezegd."""
    partnership = (
        org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    rows = selectors.system_list_for(
        request.user,
        partnership=partnership,
        organisation_id=filters.organisation,
        kind=filters.kind,
    ).order_by("pk")
    return page_of(request, response, rows, filters)


def _keepable_organisation(request: HttpRequest, organisation_id: int, kind: str) -> Any:
    """Before the body is read: 404 for an organisation or kind the user does not see, 403
    for one whose systems they may not record."""
    organisation = org_selectors.get_organisation_for(request.user, organisation_id)
    register_kind = selectors.get_register_kind(kind)
    if not can_keep_systems(request.user, organisation):
        raise PermissionDenied(_("Only the organisation or its coordinator says so."))
    return organisation, register_kind


@router.put(
    "/registration-systems/{organisation_id}/{kind}",
    response={200: SystemOut, **WRITE_ERRORS},
    summary="Het registratiesysteem van een organisatie vastleggen",
)
@permission_first(_keepable_organisation)
def put_registration_system(
    request: AuthenticatedHttpRequest, organisation_id: int, kind: str, body: SystemIn
):
    """Voor de eigen organisatie, of als coördinator voor een lid van je verband."""
    organisation, register_kind = permitted(request, _keepable_organisation, organisation_id, kind)
    return services.registration_system_save(
        actor=request.user, organisation=organisation, kind=register_kind, **body.model_dump()
    )


# --- Contact persons --------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    partnership: str = Field(..., description="Slug van het samenwerkingsverband.")
    organisation: int
    organisation_name: str
    theme: str = Field(..., description="Code van het thema.")
    name: str
    function: str
    phone: str
    email: str
    deputy_name: str
    deputy_phone: str
    deputy_email: str
    confirmed_at: datetime.datetime = Field(..., description="Laatst bevestigd.")

    @staticmethod
    def resolve_partnership(obj: ContactPerson) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_organisation(obj: ContactPerson) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj: ContactPerson) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_theme(obj: ContactPerson) -> str:
        return obj.theme.code


class ContactFilter(PageQuery):
    partnership: str | None = Field(
        None, pattern=r"^[-a-z0-9_]+$", max_length=200, description="Slug van het verband."
    )


@router.get(
    "/contacts",
    response={200: list[ContactOut], 404: Problem, **LIST_ERRORS},
    summary="Contactpersonen per thema",
)
def list_contacts(request: HttpRequest, response: HttpResponse, filters: Query[ContactFilter]):
    """De contactpersonen van je samenwerkingsverbanden, per thema en organisatie."""
    partnership = (
        org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    rows = selectors.contact_list_for(request.user, partnership=partnership).order_by("pk")
    return page_of(request, response, rows, filters)


# --- Areas on the map ----------------------------------------------------------------------------


class AreaFeatureOut(Schema):
    type: str = Field("Feature", description="Altijd `Feature`.")
    id: int
    geometry: dict[str, Any] = Field(
        ..., description="Polygon, MultiPolygon of Point in WGS84 (RFC 7946)."
    )
    properties: dict[str, Any] = Field(
        ...,
        description=(
            "`naam`, `soort` (code), `status`, `eenheden`, `gemeente` (CBS-code), `beheerder`, "
            "`zichtbaar voor`, en de overige eigenschappen van het gebied."
        ),
    )


class AreaCollectionOut(Schema):
    type: str = Field("FeatureCollection", description="Altijd `FeatureCollection`.")
    features: list[AreaFeatureOut]


class AreaSearch(Schema):
    q: str = Field("", max_length=100, description="Zoek in naam en beschrijving.")
    kind: str = Field("", max_length=50, description="Code van een soort gebied.")
    owner: Id | None = Field(None, description="Id van de organisatie die het gebied beheert.")
    municipality: Id | None = Field(None, description="Id van de gemeente waarin het ligt.")
    status: str = Field("", max_length=50)


class AreaFilter(PageQuery, AreaSearch):
    pass


class AreasImported(Schema):
    created: int
    updated: int


class AreasTarget(Schema):
    owner: Id = Field(..., description="Id van de organisatie die de gebieden beheert (de jouwe).")
    visibility: Visibility = Visibility.PARTNERSHIP
    kind: str = Field(
        "",
        max_length=50,
        description="Code van de soort voor objecten zonder eigen `soort`-eigenschap.",
    )


GEOJSON = "application/geo+json"


@router.get(
    "/areas",
    response={200: AreaCollectionOut, **LIST_ERRORS},
    summary="Gebieden op de kaart (GeoJSON)",
    openapi_extra={"responses": {"200": {"content": {GEOJSON: {}}}}},
)
def list_areas(request: HttpRequest, response: HttpResponse, filters: Query[AreaFilter]):
    """De gebieden die je ziet, als GeoJSON FeatureCollection in WGS84: van je eigen
    organisaties, en wat de leden van je samenwerkingsverbanden met hen delen. Een gebied dat
    alleen voor de eigen organisatie is, bereikt niemand anders."""
    search = selectors.AreaFilters(
        text=filters.q.strip(),
        kind=filters.kind,
        owner=filters.owner,
        municipality=filters.municipality,
        status=filters.status,
    )
    areas = selectors.area_list_for(request.user, search, with_geometry=True).order_by("pk")
    answer = HttpResponse(
        json.dumps(documents.areas_geojson(page_of(request, response, areas, filters))),
        content_type=GEOJSON,
    )
    return with_page_headers(answer, response)


@router.get(
    "/areas/{area_id}",
    response={200: AreaFeatureOut, 401: Problem, 404: Problem},
    summary="Eén gebied (GeoJSON)",
    openapi_extra={"responses": {"200": {"content": {GEOJSON: {}}}}},
)
def get_area(request: HttpRequest, area_id: int):
    area = selectors.get_area_for(request.user, area_id)
    return HttpResponse(json.dumps(documents.area_feature(area)), content_type=GEOJSON)


@router.post(
    "/areas",
    response={201: AreasImported, **CREATE_ERRORS},
    summary="Gebieden inlezen uit GeoJSON",
)
def import_areas(
    request: AuthenticatedHttpRequest, target: Query[AreasTarget], body: Body[dict[str, Any]]
):
    """Een FeatureCollection (of één Feature) in RD New of WGS84, zoals op de pagina: elk
    object wordt eerst gecontroleerd; bij één probleem wordt niets bewaard en staat elk
    probleem bij zijn object (`features[0]` is het eerste). Een object met een naam en soort
    die je organisatie al gebruikt, werkt dat gebied bij."""
    owners = organisations_by_pk([target.owner] if target.owner in
                                 keeping_organisation_ids(request.user) else [])  # fmt: skip
    if not owners:
        raise ValidationError({"owner": _("You keep only your own organisation's areas.")})
    kind = None
    if target.kind:
        kind = next((k for k in selectors.area_kinds() if k.code == target.kind), None)
        if kind is None:
            raise ValidationError({"kind": _("Unknown kind of area.")})
    read = geo.read_geojson(body)
    try:
        if read.problems:
            raise services.AreasRejected(read.problems)
        done = services.areas_import(
            actor=request.user,
            owner=owners[0],
            visibility=target.visibility,
            kind=kind,
            features=read.features,
        )
    except services.AreasRejected as rejected:
        by_feature: dict[str, list[str]] = {}
        for problem in rejected.problems[:200]:
            name = "body" if problem.feature is None else f"features[{problem.feature - 1}]"
            by_feature.setdefault(name, []).append(str(problem))
        raise ValidationError(by_feature) from None
    return Status(201, {"created": done.created, "updated": done.updated})
