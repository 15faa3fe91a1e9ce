"""Reads of the catalogue: every one starts from the user's grants (`visible_to`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from dijkwacht.catalogue.models import (
    AccessLevel,
    Area,
    AreaKind,
    ChecklistRecord,
    ChecklistVersion,
    ContactPerson,
    InformationSource,
    RegisterKind,
    RegistrationSystem,
    RequestStatus,
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


def sources_shared_between(
    partnership: Partnership, start: datetime.date, end: datetime.date
) -> QuerySet[InformationSource]:
    """The sources its members share with the partnership, described from `start` to `end`
    (for a newsletter: what every member may read). One query."""
    zone = timezone.get_current_timezone()
    return (
        InformationSource.objects.filter(
            holder__partnerships=partnership,
            visibility=Visibility.PARTNERSHIP,
            created_at__gte=datetime.datetime.combine(start, datetime.time.min, zone),
            created_at__lt=datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time.min, zone
            ),
        )
        .select_related("holder")
        .order_by("created_at", "pk")
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
    today = timezone.localdate()
    # A merged member is counted in its successor, as elsewhere: only current members.
    members = partnership.members.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    ).order_by("name", "pk")
    if kind:
        members = members.filter(kind=kind)
    member_list = list(members)
    kinds = list(RegisterKind.objects.order_by("position", "name"))
    systems = RegistrationSystem.objects.filter(organisation_id__in=[m.pk for m in member_list])
    return SystemsOverview(member_list, kinds, {(s.organisation_id, s.kind_id): s for s in systems})


def partnership_member(partnership: Partnership, organisation_id: int) -> Organisation:
    """One member of a partnership the caller may see; 404 for any other organisation."""
    return get_visible_or_404(partnership.members.all(), pk=organisation_id)


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


@dataclass(frozen=True)
class RegisterEvidence:
    kind: RegisterKind
    system: RegistrationSystem | None  # None: the organisation said nothing (or it is unseen)


def register_evidence(user: Any, organisation_id: int, codes: set[str]) -> list[RegisterEvidence]:
    """What an organisation registers in, for these kinds of register (by code): the evidence
    a scan's norm asks for. Two statements."""
    if not codes:
        return []
    kinds = RegisterKind.objects.filter(code__in=codes).order_by("position", "name")
    found = {
        s.kind_id: s
        for s in system_list_for(user, organisation_id=organisation_id).filter(kind__code__in=codes)
    }
    return [RegisterEvidence(kind, found.get(kind.pk)) for kind in kinds]


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


def contacts_due(last_day: datetime.date) -> QuerySet[ContactPerson]:
    """Entries last confirmed on or before `last_day`, for the daily reminder (work on
    nobody's behalf)."""
    return ContactPerson.objects.filter(confirmed_at__date__lte=last_day).select_related(
        "organisation", "theme", "user"
    )


def account_at(organisation_id: int, email: str) -> Any:
    """The active person at this organisation with this e-mail address, if there is one: the
    only account an entry of the roster is linked to."""
    return people_of([organisation_id]).filter(email__iexact=email.strip()).first()


# --- The checklist ----------------------------------------------------------------------------


def checklist_version(partnership: Partnership) -> ChecklistVersion:
    """The newest version of the partnership's own checklist, else of the platform's default."""
    versions = ChecklistVersion.objects.select_related("checklist").order_by("-number")
    own = versions.filter(checklist__partnership=partnership).first()
    return own or versions.filter(checklist__partnership__isnull=True).first()  # type: ignore[return-value]


def checklist_versions(partnership: Partnership) -> list[ChecklistVersion]:
    return list(
        ChecklistVersion.objects.filter(checklist__partnership=partnership)
        .select_related("created_by")
        .order_by("-number")
    )


def checklist_records_for(user: Any, partnership: Partnership) -> list[ChecklistRecord]:
    return list(
        ChecklistRecord.objects.visible_to(access_for(user))
        .filter(partnership=partnership)
        .select_related("user", "version", "action__programme")
        .order_by("-created_at", "-pk")
    )


def checklist_counts(
    partnership: Partnership, start: datetime.date, end: datetime.date
) -> list[tuple[str, str, int]]:
    """Completed checklists per outcome in a period (party, outcome title, count), grouped in
    the database: the annual report's figure."""
    rows = (
        ChecklistRecord.objects.filter(
            partnership=partnership, created_at__date__gte=start, created_at__date__lte=end
        )
        .values("party", "outcome_title")
        .annotate(count=Count("pk"))
        .order_by("-count", "outcome_title")
    )
    return [(r["party"], r["outcome_title"], r["count"]) for r in rows]


# --- The year's figures (the annual report) ---------------------------------------------------


@dataclass(frozen=True)
class SourceRequests:
    title: str
    holder: str
    total: int
    granted: int
    refused: int
    waiting: int
    decided_in_time: int


def request_counts(
    holder_ids: list[int], start: datetime.date, end: datetime.date
) -> list[SourceRequests]:
    """Requests for access per source of these holders, made in the period, grouped in the
    database: how many, granted, refused, still waiting, and decided within the term."""
    rows = (
        SourceRequest.objects.filter(
            source__holder_id__in=holder_ids,
            created_at__date__gte=start,
            created_at__date__lte=end,
        )
        .values("source_id", "source__title", "source__holder__name")
        .annotate(
            total=Count("pk"),
            granted=Count("pk", filter=Q(status=RequestStatus.GRANTED)),
            refused=Count("pk", filter=Q(status=RequestStatus.REFUSED)),
            waiting=Count("pk", filter=Q(status=RequestStatus.SUBMITTED)),
            in_time=Count("pk", filter=Q(decided_at__isnull=False, decided_at__date__lte=F("due"))),
        )
        .order_by("-total", "source__title")
    )
    return [
        SourceRequests(
            r["source__title"], r["source__holder__name"], r["total"], r["granted"],
            r["refused"], r["waiting"], r["in_time"],
        )
        for r in rows
    ]  # fmt: skip


def source_counts(holder_ids: list[int]) -> dict[str, int]:
    """How many sources these holders describe, per access level (grouped in the database)."""
    rows = (
        InformationSource.objects.filter(holder_id__in=holder_ids)
        .values("access_level")
        .annotate(count=Count("pk"))
    )
    return {r["access_level"]: r["count"] for r in rows}


@dataclass(frozen=True)
class Coverage:
    kind: RegisterKind
    known: int  # organisations that named the system they register this in
    said: int  # organisations that said anything (a system, or that they have none)


def register_coverage(organisation_ids: list[int]) -> list[Coverage]:
    """Per kind of register, how many of these organisations have a known register and how
    many said anything: one grouped statement."""
    mine = Q(systems__organisation_id__in=organisation_ids)
    kinds = RegisterKind.objects.annotate(
        known=Count("systems", filter=mine & Q(systems__has_register=True)),
        said=Count("systems", filter=mine),
    ).order_by("position", "name")
    return [Coverage(kind, kind.known, kind.said) for kind in kinds]  # type: ignore[attr-defined]


# --- Areas on the map ----------------------------------------------------------------------------

LAYER_LIMIT = 1000  # the areas one map draws at most; more asks for a narrower choice


@dataclass(frozen=True)
class AreaFilters:
    """What a list of areas is narrowed to; empty values narrow nothing."""

    text: str = ""
    kind: str = ""  # a kind's code
    owner: int | None = None
    municipality: int | None = None
    status: str = ""


def _areas(user: Any) -> QuerySet[Area]:
    return Area.objects.visible_to(access_for(user))


def area_list_for(
    user: Any, filters: AreaFilters | None = None, *, with_geometry: bool = False
) -> QuerySet[Area]:
    """The areas the user sees, narrowed by `filters`, with what a list shows of them (their
    outlines and properties only `with_geometry`: an outline may have 20,000 points)."""
    filters = filters or AreaFilters()
    areas = _areas(user)
    if filters.text:
        areas = areas.filter(
            Q(name__icontains=filters.text) | Q(description__icontains=filters.text)
        )
    if filters.kind:
        areas = areas.filter(kind__code=filters.kind)
    if filters.owner is not None:
        areas = areas.filter(owner_id=filters.owner)
    if filters.municipality is not None:
        areas = areas.filter(municipality_id=filters.municipality)
    if filters.status:
        areas = areas.filter(status=filters.status)
    areas = areas.select_related("kind", "owner", "municipality").order_by("name", "pk")
    return areas if with_geometry else areas.defer("geometry", "attributes")


def get_area_for(user: Any, pk: Any) -> Area:
    return get_visible_or_404(
        _areas(user).select_related("kind", "kind__theme", "owner", "municipality"), pk=pk
    )


def area_kinds() -> list[AreaKind]:
    return list(AreaKind.objects.order_by("position", "name"))


@dataclass(frozen=True)
class AreaChoices:
    """What the filters of the areas the user sees offer, by name."""

    owners: list[Organisation]
    municipalities: list[Organisation]
    statuses: list[str]


def area_choices_for(user: Any) -> AreaChoices:
    visible = _areas(user)
    owners = Organisation.objects.filter(pk__in=visible.values("owner_id")).order_by("name")
    places = Organisation.objects.filter(pk__in=visible.values("municipality_id")).order_by("name")
    statuses = visible.exclude(status="").order_by("status").values_list("status", flat=True)
    return AreaChoices(list(owners), list(places), list(statuses.distinct()))


@dataclass(frozen=True)
class Layer:
    kind: AreaKind
    count: int  # the areas of this kind the user sees (everywhere)
    statuses: list[str]  # the statuses these areas have, in the kind's order


def layers_for(user: Any) -> list[Layer]:
    """The kinds of area the user sees any area of, with how many and their statuses: the
    map's layers and the figures it offers. Two statements, whatever the number of areas."""
    counts: dict[int, int] = {}
    statuses: dict[int, set[str]] = {}
    grouped = _areas(user).order_by().values_list("kind_id", "status").annotate(n=Count("pk"))
    for kind_id, status, n in grouped:
        counts[kind_id] = counts.get(kind_id, 0) + n
        if status:
            statuses.setdefault(kind_id, set()).add(status)
    return [
        Layer(
            kind,
            counts[kind.pk],
            [s for s in kind.statuses if s in statuses.get(kind.pk, ())]
            + sorted(statuses.get(kind.pk, set()) - set(kind.statuses)),
        )
        for kind in area_kinds()
        if kind.pk in counts
    ]


def areas_on_map(user: Any, kind_codes: list[str], bounds: Any) -> list[Area]:
    """The areas of the chosen kinds that the user sees and that lie (partly) within `bounds`
    (an `organisations.maps.BBox` in map units): at most `LAYER_LIMIT` + 1, so the caller can
    say there are more."""
    if not kind_codes:
        return []
    return list(
        _areas(user)
        .filter(
            kind__code__in=kind_codes,
            bbox_max_x__gte=bounds.min_x,
            bbox_min_x__lte=bounds.max_x,
            bbox_max_y__gte=bounds.min_y,
            bbox_min_y__lte=bounds.max_y,
        )
        .select_related("kind", "owner", "municipality")
        .defer("geometry", "attributes")
        .order_by("kind__position", "name", "pk")[: LAYER_LIMIT + 1]
    )


def area_counts(
    user: Any, kind_id: int, *, status: str = "", municipality_ids: list[int] | None = None
) -> dict[int, int]:
    """How many areas of a kind (with a status) the user sees per municipality: counted in the
    database."""
    areas = _areas(user).filter(kind_id=kind_id, municipality__isnull=False)
    if status:
        areas = areas.filter(status=status)
    if municipality_ids is not None:
        areas = areas.filter(municipality_id__in=municipality_ids)
    return dict(
        areas.order_by()
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )


def area_contacts(area: Area, partnership_ids: Any) -> list[ContactPerson]:
    """The contact persons who concern an area: in the given partnerships, at its owner or its
    municipality, for its kind's theme (every theme when the kind has none)."""
    entries = ContactPerson.objects.filter(
        partnership_id__in=partnership_ids,
        organisation_id__in=[pk for pk in (area.owner_id, area.municipality_id) if pk],
    )
    if area.kind.theme_id is not None:
        entries = entries.filter(theme_id=area.kind.theme_id)
    return list(
        entries.select_related("organisation", "theme", "partnership").order_by(
            "organisation__name", "theme__position", "pk"
        )
    )
