"""People and their roles in the API, for platform admins: accounts, invitations by e-mail,
service accounts with their API tokens, and memberships. The same services as the admin pages
write them, with the same rules (a meldpunt handler takes two people; a service account is
never an admin, handler or Bibob officer) and the same audit trail. Anyone else gets 403."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from dijkwacht.accounts import services as account_services
from dijkwacht.accounts.models import Invitation
from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.auth import authenticated_by_token
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.prechecks import permission_first
from dijkwacht.api.schemas import (
    CREATE_ERRORS,
    LIST_ERRORS,
    WRITE_ERRORS,
    Id,
    Problem,
    Strict,
    Text,
)
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.organisations import selectors, services
from dijkwacht.organisations.api import platform_admin_only, platform_admin_or_not_found
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role

router = Router(tags=["mensen en rollen"])

ADMIN_LIST_ERRORS = {**LIST_ERRORS, 403: Problem}


# --- People -----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    email: str = Field(..., description="E-mailadres (bij een serviceaccount een vast adres).")
    full_name: str = Field(..., description="Naam.")
    is_active: bool = Field(..., description="Niet actief: kan niet inloggen of de API gebruiken.")
    is_service_account: bool = Field(..., description="Een koppeling: werkt alleen met API-tokens.")
    last_login: datetime.datetime | None = Field(..., description="Laatst ingelogd.")


class PeopleFilter(PageQuery):
    email: Text | None = Field(None, max_length=254, description="Alleen dit e-mailadres.")
    service_account: bool | None = Field(None, description="Alleen serviceaccounts, of juist niet.")


@router.get("/users", response={200: list[PersonOut], **ADMIN_LIST_ERRORS}, summary="Accounts")
@permission_first(platform_admin_only)
def list_users(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[PeopleFilter]
):
    rows = selectors.people_for(
        request.user, email=filters.email, service_account=filters.service_account
    )
    return page_of(request, response, rows, filters)


@router.get(
    "/users/{user_id}",
    response={200: PersonOut, 401: Problem, 404: Problem},
    summary="Eén account",
)
@permission_first(platform_admin_or_not_found)
def get_user(request: AuthenticatedHttpRequest, user_id: int):
    return selectors.get_person_for(request.user, user_id)


# --- Invitations ------------------------------------------------------------------------------


class InvitationIn(Strict):
    email: Text = Field(
        ..., min_length=3, max_length=254, description="E-mailadres van de persoon."
    )
    full_name: Text = Field(..., min_length=1, max_length=150, description="Naam van de persoon.")


class InvitationOut(Schema):
    id: int
    user: int = Field(..., description="Id van het account (voor de rollen: `/memberships`).")
    email: str
    full_name: str
    status: Literal["open", "accepted", "expired"] = Field(
        ..., description="Open, aangenomen (wachtwoord gekozen) of verlopen."
    )
    created_at: datetime.datetime = Field(..., description="Verstuurd.")
    expires_at: datetime.datetime = Field(..., description="De link werkt tot.")

    @staticmethod
    def resolve_user(obj: Invitation) -> int:
        return obj.user_id

    @staticmethod
    def resolve_email(obj: Invitation) -> str:
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj: Invitation) -> str:
        return obj.user.full_name


class InvitationFilter(PageQuery):
    status: Literal["open", "accepted", "expired"] | None = Field(
        None, description="Alleen open, aangenomen of verlopen uitnodigingen."
    )


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **ADMIN_LIST_ERRORS},
    summary="Uitnodigingen",
)
@permission_first(platform_admin_only)
def list_invitations(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[InvitationFilter]
):
    return page_of(
        request, response, selectors.invitations_for(request.user, status=filters.status), filters
    )


@router.post(
    "/invitations",
    response={201: InvitationOut, **CREATE_ERRORS},
    summary="Iemand uitnodigen per e-mail",
)
@permission_first(platform_admin_only)
def invite(request: AuthenticatedHttpRequest, body: InvitationIn):
    """Makes the account (without a password) and mails a link to choose one, valid for a
    week. Again for someone who has not chosen one yet: a new link. Someone with an account
    already gets 422. Give the roles with `/memberships`."""
    invitation = account_services.user_invite(
        actor=request.user, email=body.email, full_name=body.full_name
    )
    return Status(201, invitation)


# --- Service accounts and their API tokens -----------------------------------------------------


class ServiceAccountIn(Strict):
    name: Text = Field(
        ...,
        min_length=1,
        max_length=150,
        description="Naam van de koppeling, bijvoorbeeld `BI-tool`.",
    )


class TokenIn(Strict):
    name: Text = Field(..., min_length=1, max_length=100, description="Waarvoor het token dient.")


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None


class NewTokenOut(TokenOut):
    key: str = Field(
        ..., description="Het token zelf: alleen in dit antwoord, daarna nergens meer te zien."
    )


@router.post(
    "/service-accounts",
    response={201: PersonOut, **CREATE_ERRORS},
    summary="Een serviceaccount voor een koppeling",
)
@permission_first(platform_admin_only)
def create_service_account(request: AuthenticatedHttpRequest, body: ServiceAccountIn):
    """An account that cannot log in and gets no mail; it works with the API tokens made for
    it below, with the roles given to it (never admin, meldpunt handler or Bibob officer)."""
    account = account_services.service_account_create(actor=request.user, name=body.name)
    return Status(201, account)


@router.get(
    "/service-accounts/{user_id}/api-tokens",
    response={200: list[TokenOut], **LIST_ERRORS, 404: Problem},
    summary="De API-tokens van een serviceaccount",
)
@permission_first(platform_admin_or_not_found)
def list_service_account_tokens(
    request: AuthenticatedHttpRequest, response: HttpResponse, user_id: int, pages: Query[PageQuery]
):
    rows = selectors.api_tokens_of_service_account(request.user, user_id)
    return page_of(request, response, rows, pages)


@router.post(
    "/service-accounts/{user_id}/api-tokens",
    response={201: NewTokenOut, **WRITE_ERRORS},
    summary="Een API-token maken voor een serviceaccount",
)
@permission_first(platform_admin_or_not_found)
def create_service_account_token(request: AuthenticatedHttpRequest, user_id: int, body: TokenIn):
    """The key is in this answer only: store it in the koppeling at once."""
    account = selectors.get_service_account_for(request.user, user_id)
    token, key = account_services.api_token_create(
        actor=request.user, name=body.name, owner=account
    )
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "key": key,
        },
    )


@router.delete(
    "/service-accounts/{user_id}/api-tokens/{token_id}",
    response={204: None, 401: Problem, 404: Problem},
    summary="Een API-token van een serviceaccount intrekken",
)
@permission_first(platform_admin_or_not_found)
def revoke_service_account_token(request: AuthenticatedHttpRequest, user_id: int, token_id: int):
    token = get_visible_or_404(
        selectors.api_tokens_of_service_account(request.user, user_id), pk=token_id
    )
    account_services.api_token_revoke(actor=request.user, token=token)
    return Status(204, None)


# --- Memberships ------------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    user: Id = Field(..., description="Id van het account.")
    role: Role = Field(..., description="De rol.")
    organisation: int | None = Field(
        ..., description="Id van de organisatie (niet bij een beheerder)."
    )
    partnership: int | None = Field(
        ..., description="Id van het samenwerkingsverband, bij een rol daarin."
    )
    title: str = Field(..., description="Functie.")
    compartments: list[str] = Field(
        ..., description="Bij een behandelaar van het meldpunt: de compartimenten."
    )

    @staticmethod
    def resolve_user(obj: Membership) -> int:
        return obj.user_id

    @staticmethod
    def resolve_organisation(obj: Membership) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_partnership(obj: Membership) -> int | None:
        return obj.partnership_id


class MembershipFilter(PageQuery):
    user: Id | None = Field(None, description="Alleen de rollen van dit account.")
    organisation: Id | None = Field(None, description="Alleen bij deze organisatie.")
    partnership: Id | None = Field(None, description="Alleen in dit samenwerkingsverband.")
    role: Role | None = Field(None, description="Alleen deze rol.")


class MembershipChange(Strict):
    role: Role | None = Field(None, description="De rol.")
    organisation: Id | None = Field(None, description="Id van de organisatie.")
    partnership: Id | None = Field(None, description="Id van het samenwerkingsverband.")
    title: Text | None = Field(None, max_length=150, description="Functie.")


class MembershipIn(MembershipChange):
    user: Id = Field(..., description="Id van het account.")
    role: Role = Field(..., description="De rol (een behandelaar van het meldpunt: niet hier).")


def _admin_needs_a_session(request: AuthenticatedHttpRequest, role: str | None) -> None:
    """A platform admin holds the keys to everything: one is made by a person who logged in
    with their second factor, not by whoever holds an admin's API token (a token skips the
    second factor, and may sit in a script or a log)."""
    if role == Role.ADMIN and authenticated_by_token(request):
        raise PermissionDenied(
            gettext_lazy(
                "A platform admin is made in a session with your second factor, not with an "
                "API token."
            )
        )


UNKNOWN = {
    "user": gettext_lazy("Unknown account."),
    "organisation": gettext_lazy("Unknown organisation."),
    "partnership": gettext_lazy("Unknown partnership."),
}


def _references(values: dict[str, Any]) -> dict[str, Any]:
    """Ids in `values` as the objects they name; 422 for one that does not exist."""
    named = {k: values[k] for k in ("user", "organisation", "partnership") if k in values}
    found = selectors.references_by_pk(**named)
    errors = {name: UNKNOWN[name] for name, row in found.items() if row is None}
    if errors:
        raise ValidationError(errors)
    values.update(found)
    if "title" in values:
        values["title"] = str(values["title"] or "").strip()
    return values


@router.get(
    "/memberships",
    response={200: list[MembershipOut], **ADMIN_LIST_ERRORS},
    summary="Rollen",
)
@permission_first(platform_admin_only)
def list_memberships(
    request: AuthenticatedHttpRequest, response: HttpResponse, filters: Query[MembershipFilter]
):
    rows = selectors.memberships_for(
        request.user,
        person=filters.user,
        organisation=filters.organisation,
        partnership=filters.partnership,
        role=filters.role,
    )
    return page_of(request, response, rows, filters)


@router.post(
    "/memberships", response={201: MembershipOut, **CREATE_ERRORS}, summary="Iemand een rol geven"
)
@permission_first(platform_admin_only)
def create_membership(request: AuthenticatedHttpRequest, body: MembershipIn):
    """A role at an organisation (and in a partnership, for coordinators, assessors and
    viewers), or platform admin (neither): only in a session with the second factor, never
    with a token. The other platform admins hear of a new one."""
    _admin_needs_a_session(request, body.role)
    with transaction.atomic():
        values = _references(body.model_dump(exclude_unset=True))
        membership = services.membership_create(actor=request.user, **values)
        services.admin_granted_notify(actor=request.user, membership=membership)
    return Status(201, membership)


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, 401: Problem, 404: Problem},
    summary="Eén rol",
)
@permission_first(platform_admin_or_not_found)
def get_membership(request: AuthenticatedHttpRequest, membership_id: int):
    return get_visible_or_404(selectors.memberships_for(request.user), pk=membership_id)


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    summary="Een rol wijzigen",
)
@permission_first(platform_admin_or_not_found, atomic=True)
def update_membership(
    request: AuthenticatedHttpRequest, membership_id: int, body: MembershipChange
):
    """Only the fields sent change. A meldpunt handler's role is ended, not changed; a platform
    admin is made only in a session with the second factor."""
    _admin_needs_a_session(request, body.role)
    membership = selectors.get_membership_for_update(request.user, membership_id)
    values = _references(body.model_dump(exclude_unset=True))
    return services.membership_update(actor=request.user, membership=membership, values=values)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None, 401: Problem, 404: Problem},
    summary="Een rol beëindigen",
)
@permission_first(platform_admin_or_not_found, atomic=True)
def delete_membership(request: AuthenticatedHttpRequest, membership_id: int):
    membership = selectors.get_membership_for_update(request.user, membership_id)
    services.membership_delete(actor=request.user, membership=membership)
    return Status(204, None)
