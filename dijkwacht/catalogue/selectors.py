"""Reads of the catalogue: every one starts from the user's grants (`visible_to`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from dijkwacht.catalogue.models import (
    AccessLevel,
    ContactPerson,
    InformationSource,
    RegisterKind,
    RegistrationSystem,
    SourceRequest,
    Theme,
    Visibility,
)
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for


@dataclass(frozen=True)
class SourceFilters:
    """What a list of sources is narrowed to; empty values narrow nothing."""

    text: str = ""
    theme: str = ""  # a theme's code
    holder: int | None = None
    access_level: str = ""
    personal_data: bool | None = None
    legal_basis: str = ""


def _sources(user: Any) -> QuerySet[InformationSource]:
    return InformationSource.objects.visible_to(access_for(user))


def source_list_for(user: Any, filters: SourceFilters | None = None) -> QuerySet[InformationSource]:
    """The sources the user sees, narrowed by `filters`, with what a list shows of them."""
    filters = filters or SourceFilters()
    sources = _sources(user)
    if filters.text:
        sources = sources.filter(
            Q(title__icontains=filters.text) | Q(description__icontains=filters.text)
        )
    if filters.theme:
        sources = sources.filter(themes__code=filters.theme)
    if filters.holder is not None:
        sources = sources.filter(holder_id=filters.holder)
    if filters.access_level:
        sources = sources.filter(access_level=filters.access_level)
    if filters.personal_data is not None:
        sources = sources.filter(personal_data=filters.personal_data)
    if filters.legal_basis:
        sources = sources.filter(legal_basis=filters.legal_basis)
    return (
        sources.select_related("holder", "owner", "deputy")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "name")))
        .order_by("title", "pk")
    )


def open_sources_for(
    user: Any, filters: SourceFilters | None = None
) -> QuerySet[InformationSource]:
    """The open sources the user sees that are shared beyond their holder: what an open
    catalogue (DCAT) may carry."""
    return source_list_for(user, filters).filter(
        access_level=AccessLevel.OPEN, visibility=Visibility.PARTNERSHIP
    )


def get_source_for(user: Any, pk: Any) -> InformationSource:
    return get_visible_or_404(
        _sources(user).select_related("holder", "owner", "deputy").prefetch_related("themes"),
        pk=pk,
    )


def source_holders_for(user: Any) -> list[Organisation]:
    """The organisations holding a source the user sees, by name: the holder filter's
    choices."""
    return list(
        Organisation.objects.filter(pk__in=_sources(user).values("holder_id")).order_by("name")
    )


def themes() -> list[Theme]:
    return list(Theme.objects.order_by("position", "name"))


def people_of(organisation_ids: Any) -> QuerySet:
    """The active people with a membership at one of these organisations, by name: who can be
    a source's owner or deputy."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_service_account=False,
            memberships__organisation_id__in=list(organisation_ids),
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def person_works_at(user_id: int, organisation_id: int) -> bool:
    return people_of([organisation_id]).filter(pk=user_id).exists()


def _requests(user: Any) -> QuerySet[SourceRequest]:
    return SourceRequest.objects.visible_to(access_for(user))


def request_list_for(user: Any, *, status: str = "") -> QuerySet[SourceRequest]:
    requests = _requests(user)
    if status:
        requests = requests.filter(status=status)
    return requests.select_related(
        "source__holder", "requester", "organisation", "decided_by"
    ).order_by("-created_at", "-pk")


def get_request_for(user: Any, pk: Any) -> SourceRequest:
    return get_visible_or_404(
        _requests(user).select_related(
            "source__holder", "source__owner", "source__deputy", "requester", "organisation",
            "decided_by",
        ),
        pk=pk,
    )  # fmt: skip


def requests_of_source(user: Any, source: InformationSource) -> list[SourceRequest]:
    """The requests for `source` the user sees (the owner: all of them)."""
    return list(request_list_for(user).filter(source=source))


# --- Registration systems ---------------------------------------------------------------------


@dataclass(frozen=True)
class SystemsOverview:
    """A partnership's members × kinds of register, with what each member registers in."""

    members: list[Organisation]
    kinds: list[RegisterKind]
    cells: dict[tuple[int, int], RegistrationSystem]  # (organisation, kind) → its system

    def cell(self, organisation_id: int, kind_id: int) -> RegistrationSystem | None:
        return self.cells.get((organisation_id, kind_id))


def systems_overview(partnership: Partnership, *, kind: str = "") -> SystemsOverview:
    """Three queries: the members (of one kind of organisation if asked), the kinds of
    register, and the systems of those members."""
    members = partnership.members.order_by("name", "pk")
    if kind:
        members = members.filter(kind=kind)
    member_list = list(members)
    kinds = list(RegisterKind.objects.order_by("position", "name"))
    systems = RegistrationSystem.objects.filter(organisation_id__in=[m.pk for m in member_list])
    return SystemsOverview(member_list, kinds, {(s.organisation_id, s.kind_id): s for s in systems})


def register_kinds() -> list[RegisterKind]:
    return list(RegisterKind.objects.order_by("position", "name"))


def get_register_kind(code: str) -> RegisterKind:
    return get_visible_or_404(RegisterKind.objects.all(), code=code)


def system_of(organisation: Organisation, kind: RegisterKind) -> RegistrationSystem | None:
    """What the organisation said about this kind of register (the caller checked the
    organisation is one the user may see)."""
    return RegistrationSystem.objects.filter(organisation=organisation, kind=kind).first()


def system_list_for(
    user: Any,
    *,
    partnership: Partnership | None = None,
    organisation_id: int | None = None,
    kind: str = "",
) -> QuerySet[RegistrationSystem]:
    systems = RegistrationSystem.objects.visible_to(access_for(user))
    if partnership is not None:
        systems = systems.filter(organisation__partnerships=partnership)
    if organisation_id is not None:
        systems = systems.filter(organisation_id=organisation_id)
    if kind:
        systems = systems.filter(kind__code=kind)
    return systems.select_related("organisation", "kind")


# --- Contact persons --------------------------------------------------------------------------


def roster(
    partnership: Partnership, *, theme: str = "", organisation_id: int | None = None
) -> list[ContactPerson]:
    """The partnership's contact persons by theme and organisation (the caller checked the
    user sees the partnership)."""
    entries = ContactPerson.objects.filter(partnership=partnership)
    if theme:
        entries = entries.filter(theme__code=theme)
    if organisation_id is not None:
        entries = entries.filter(organisation_id=organisation_id)
    return list(
        entries.select_related("organisation", "theme").order_by(
            "theme__position", "theme__name", "organisation__name", "pk"
        )
    )


def get_contact_for(user: Any, partnership: Partnership, pk: Any) -> ContactPerson:
    return get_visible_or_404(
        ContactPerson.objects.visible_to(access_for(user))
        .filter(partnership=partnership)
        .select_related("organisation", "theme", "partnership"),
        pk=pk,
    )


def contact_list_for(user: Any, *, partnership: Partnership | None = None) -> QuerySet:
    entries = ContactPerson.objects.visible_to(access_for(user))
    if partnership is not None:
        entries = entries.filter(partnership=partnership)
    return entries.select_related("organisation", "theme", "partnership")


def account_for_email(email: str) -> Any:
    """The active person with this e-mail address, if there is one."""
    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_active=True, is_service_account=False)
        .first()
    )


def contacts_due(before: datetime.date) -> QuerySet[ContactPerson]:
    """Entries last confirmed before `before`, for the daily reminder (work on nobody's
    behalf)."""
    return ContactPerson.objects.filter(confirmed_at__date__lt=before).select_related(
        "partnership", "organisation", "theme", "user"
    )
