"""The catalogue's documents: the list of sources as a table (CSV), and its open part in
DCAT-AP-DONL (JSON-LD or Turtle)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import vobject
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.catalogue import dcat, systems
from dijkwacht.catalogue.models import (
    AccessLevel,
    Area,
    ContactPerson,
    InformationSource,
    RegistrationSystem,
    Visibility,
)
from dijkwacht.catalogue.source_files import HEADER
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.xlsx import new_workbook, table_sheet, workbook_bytes

FORMATS = {"jsonld": dcat.as_json_ld, "ttl": dcat.as_turtle}


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def source_rows(
    sources: Iterable[InformationSource], *, people: bool = True
) -> tuple[list[str], list[list[str]]]:
    """The factsheets as a table in the columns a list of sources is read back from
    (`source_files.COLUMNS`): choices by their label, people by their e-mail address (left
    empty for a reader who sees no names)."""
    rows = [
        [
            s.holder.name,
            s.title,
            s.description,
            s.get_kind_display(),
            "; ".join(t.name for t in s.themes.all()),
            s.get_frequency_display(),
            " ".join(s.coverage),
            _yes_no(s.personal_data),
            s.get_access_level_display(),
            s.get_restriction_reason_display(),
            s.get_visibility_display(),
            s.landing_url,
            s.get_licence_display(),
            s.get_legal_basis_display(),
            s.legal_reference,
            s.recipients,
            s.purpose,
            s.retention,
            s.how_to_request,
            str(s.decision_days),
            s.owner.email if people else "",
            s.deputy.email if s.deputy and people else "",
            s.contact_name,
            s.contact_email,
            s.contact_phone,
        ]
        for s in sources
    ]
    return list(HEADER), rows


def sources_csv(sources: Iterable[InformationSource], *, people: bool = True) -> str:
    return csv_document(*source_rows(sources, people=people))


def sources_workbook(sources: Iterable[InformationSource], *, people: bool = True) -> bytes:
    header, rows = source_rows(sources, people=people)
    book, sheet = new_workbook(_("Information sources"))
    table_sheet(sheet, header, rows, widths=[24, 36, 48] + [18] * (len(header) - 3))
    return workbook_bytes(book)


AREA_HEADER = [
    "naam",
    "soort",
    "status",
    "eenheden",
    "gemeente",
    "beheerder",
    "zichtbaar voor",
    "beschrijving",
]


def areas_csv(areas: Iterable[Area]) -> str:
    rows = [
        [
            a.name,
            a.kind.name,
            a.status,
            "" if a.units is None else str(a.units),
            a.municipality.name if a.municipality else "",
            a.owner.name,
            a.get_visibility_display(),
            a.description,
        ]
        for a in areas
    ]
    return csv_document(AREA_HEADER, rows)


def area_feature(area: Area) -> dict[str, Any]:
    """An area as a GeoJSON feature in WGS84, with the properties a file of areas is read
    back from (`geo`): the kind by its code, the municipality by its CBS code."""
    properties: dict[str, Any] = {**area.attributes}
    properties.update(
        {
            "naam": area.name,
            "soort": area.kind.code,
            "status": area.status,
            "eenheden": area.units,
            "gemeente": area.municipality.cbs_code if area.municipality else None,
            "beheerder": area.owner.name,
            "zichtbaar voor": area.visibility,
        }
    )
    return {"type": "Feature", "id": area.pk, "geometry": area.geometry, "properties": properties}


def areas_geojson(areas: Iterable[Area]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [area_feature(a) for a in areas]}


def _absolute(path: str) -> str:
    return settings.DIJKWACHT_BASE_URL.rstrip("/") + path


def _holder(source: InformationSource) -> dcat.Agent:
    holder = source.holder
    uri = dcat.owms_organisation(holder.name, holder.kind, holder.cbs_code) or _absolute(
        reverse("organisations:organisation_detail", args=[holder.pk])
    )
    return dcat.Agent(uri=uri, name=holder.name)


def open_sources_dcat(sources: Iterable[InformationSource], fmt: str) -> str:
    """The open, shared sources among `sources` as a DCAT-AP-DONL catalogue; the others are
    left out (their existence is no business of an open catalogue)."""
    open_sources = [
        dcat.OpenSource(
            uri=_absolute(reverse("catalogue:source_detail", args=[s.pk])),
            title=s.title,
            description=s.description,
            modified=timezone.localdate(s.updated_at),
            holder=_holder(s),
            contact_name=s.contact_name,
            contact_email=s.contact_email,
            contact_phone=s.contact_phone,
            licence=s.licence,
            frequency=s.frequency,
            landing_url=s.landing_url,
            keywords=[t.name for t in s.themes.all()],
        )
        for s in sources
        if s.access_level == AccessLevel.OPEN and s.visibility == Visibility.PARTNERSHIP
    ]
    with translation.override("nl"):  # the catalogue says it is in Dutch
        graph = dcat.catalogue_graph(
            uri=_absolute(reverse("catalogue:source_list")),
            title=_("Dijkwacht: open information sources"),
            description=_(
                "The open datasets and information sources that the partners in the approach "
                "against subversive crime hold."
            ),
            publisher=dcat.Agent(uri=_absolute("/"), name="Dijkwacht"),
            sources=open_sources,
        )
    return FORMATS[fmt](graph)


# --- Registration systems ---------------------------------------------------------------------


@dataclass(frozen=True)
class SystemsTable:
    kinds: list[str]
    rows: list[tuple[str, list[RegistrationSystem | None]]]  # organisation, a system per kind
    gaps: list[systems.Gap]


def system_text(system: RegistrationSystem | None) -> str:
    """A cell as words: the product (and supplier), shared or not, and whether signals reach
    the RIEC; or that there is no register, or that nothing was said."""
    if system is None:
        return _("unknown")
    if not system.has_register:
        return _("no register")
    parts = [system.product + (f" ({system.supplier})" if system.supplier else "")]
    parts.append(system.get_hosting_display())
    parts.append(_("RIEC: %(answer)s") % {"answer": system.get_reaches_riec_display()})
    return " · ".join(parts)


def gap_text(gap: systems.Gap) -> str:
    return _("%(gaps)s of %(total)s") % {"gaps": gap.gaps, "total": gap.total}


def systems_rows(table: SystemsTable) -> tuple[list[str], list[list[str]]]:
    header = [_("Organisation"), *table.kinds]
    rows = [[name, *(system_text(s) for s in cells)] for name, cells in table.rows]
    rows.append([_("Without a known register"), *(gap_text(g) for g in table.gaps)])
    return header, rows


def systems_csv(table: SystemsTable) -> str:
    return csv_document(*systems_rows(table))


def systems_workbook(table: SystemsTable) -> bytes:
    header, rows = systems_rows(table)
    book, sheet = new_workbook(_("Registration systems"))
    table_sheet(sheet, header, rows, widths=[28] + [30] * len(table.kinds),
                wrap=range(2, len(header) + 1))  # fmt: skip
    return workbook_bytes(book)


# --- Contact persons --------------------------------------------------------------------------


def roster_rows(entries: Iterable[ContactPerson]) -> tuple[list[str], list[list[str]]]:
    header = [
        _("Theme"),
        _("Organisation"),
        _("Name"),
        _("Function"),
        _("Telephone number"),
        _("E-mail address"),
        _("Deputy"),
        _("Deputy's telephone number"),
        _("Deputy's e-mail address"),
        _("Confirmed on"),
    ]
    rows = [
        [
            e.theme.name,
            e.organisation.name,
            e.name,
            e.function,
            e.phone,
            e.email,
            e.deputy_name,
            e.deputy_phone,
            e.deputy_email,
            timezone.localdate(e.confirmed_at).isoformat(),
        ]
        for e in entries
    ]
    return header, rows


def roster_workbook(entries: Iterable[ContactPerson]) -> bytes:
    header, rows = roster_rows(entries)
    book, sheet = new_workbook(_("Contact persons"))
    table_sheet(sheet, header, rows, widths=[24, 24, 24, 24, 16, 28, 24, 16, 28, 12])
    return workbook_bytes(book)


def roster_vcards(entries: Iterable[ContactPerson]) -> str:
    """The roster as vCards (3.0), one per person, for Outlook and phones: the theme goes in
    the note, the deputy too."""
    cards = []
    for e in entries:
        card = vobject.vCard()
        card.add("fn").value = e.name
        card.add("n").value = vobject.vcard.Name(family=e.name)
        card.add("org").value = [e.organisation.name]
        if e.function:
            card.add("title").value = e.function
        email = card.add("email")
        email.value = e.email
        email.type_param = "WORK"
        if e.phone:
            phone = card.add("tel")
            phone.value = e.phone
            phone.type_param = "WORK"
        note = _("Contact for %(theme)s") % {"theme": e.theme.name}
        if e.deputy_name:
            deputy = ", ".join(v for v in (e.deputy_name, e.deputy_phone, e.deputy_email) if v)
            note += ". " + _("Deputy: %(deputy)s") % {"deputy": deputy}
        card.add("note").value = note
        cards.append(card.serialize())
    return "".join(cards)
