"""The catalogue's documents: the list of sources as a table (CSV), and its open part in
DCAT-AP-DONL (JSON-LD or Turtle)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.catalogue import dcat
from dijkwacht.catalogue.models import AccessLevel, InformationSource
from dijkwacht.exports.csv import csv_document

FORMATS = {"jsonld": dcat.as_json_ld, "ttl": dcat.as_turtle}


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def source_rows(sources: Iterable[InformationSource]) -> tuple[list[str], list[list[str]]]:
    """The factsheets as a table: one row per source, the sharing passport included."""
    header = [
        _("Title"),
        _("Holder"),
        _("Kind"),
        _("Themes"),
        _("Access"),
        _("Reason for restriction"),
        _("Personal data"),
        _("Legal basis for sharing"),
        _("Reference"),
        _("Who may receive it"),
        _("Purpose limitation"),
        _("Retention at the receiver"),
        _("How to request it"),
        _("Update frequency"),
        _("Geographic coverage"),
        _("Owner"),
        _("Deputy"),
        _("Contact point"),
        _("Contact e-mail address"),
        _("Web address"),
    ]
    rows = [
        [
            s.title,
            s.holder.name,
            s.get_kind_display(),
            ", ".join(t.name for t in s.themes.all()),
            s.get_access_level_display(),
            s.get_restriction_reason_display(),
            _yes_no(s.personal_data),
            s.get_legal_basis_display(),
            s.legal_reference,
            s.recipients,
            s.purpose,
            s.retention,
            s.how_to_request,
            s.get_frequency_display(),
            " ".join(s.coverage),
            str(s.owner),
            str(s.deputy or ""),
            s.contact_name,
            s.contact_email,
            s.landing_url,
        ]
        for s in sources
    ]
    return header, rows


def sources_csv(sources: Iterable[InformationSource]) -> str:
    return csv_document(*source_rows(sources))


def _absolute(path: str) -> str:
    return settings.DIJKWACHT_BASE_URL.rstrip("/") + path


def _holder(source: InformationSource) -> dcat.Agent:
    holder = source.holder
    uri = dcat.owms_organisation(holder.name, holder.kind) or _absolute(
        reverse("organisations:organisation_detail", args=[holder.pk])
    )
    return dcat.Agent(uri=uri, name=holder.name)


def open_sources_dcat(sources: Iterable[InformationSource], fmt: str) -> str:
    """The open sources among `sources` as a DCAT-AP-DONL catalogue; the others are left out
    (their existence is no business of an open catalogue)."""
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
        if s.access_level == AccessLevel.OPEN
    ]
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
