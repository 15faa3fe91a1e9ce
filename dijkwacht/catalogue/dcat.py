"""The open part of the catalogue in DCAT-AP-DONL (data.overheid.nl's profile of DCAT-AP), as
an RDF graph that serialises to JSON-LD and Turtle.

A function over plain values: the catalogue's documents hand it one `OpenSource` per open
source. DONL 1.1 asks of every dataset an identifier, title, description, language, theme,
modification date, authority, publisher, contact point (a name and an e-mail address) and a
licence; the values come from DONL's lists (EU access rights, languages and frequencies,
the OWMS theme taxonomy and organisation terms).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
OVERHEID = Namespace("http://standaarden.overheid.nl/owms/terms/")
ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")

PREFIXES = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "overheid": str(OVERHEID),
    "xsd": str(XSD),
}

# Every source of the approach against ondermijning falls under this theme of the OWMS
# taxonomy (TaxonomieBeleidsagenda); Dijkwacht's own themes go along as keywords.
THEME = OVERHEID["Openbare_orde_en_veiligheid"]
DUTCH = LANGUAGE["NLD"]


@dataclass(frozen=True)
class Agent:
    """An organisation as DONL names it: its OWMS term where one exists, else its page."""

    uri: str
    name: str


@dataclass(frozen=True)
class OpenSource:
    uri: str
    title: str
    description: str
    modified: datetime.date
    holder: Agent
    contact_name: str
    contact_email: str
    contact_phone: str
    licence: str
    frequency: str  # a term of the EU frequency list (ANNUAL, IRREG, …)
    landing_url: str = ""
    keywords: list[str] = field(default_factory=list)


def owms_organisation(name: str, kind: str, cbs_code: str | None) -> str | None:
    """The OWMS term of a municipality or province, where it follows from the CBS name
    (`Enschede_(gemeente)`, `Overijssel_(provincie)`). A name with a qualifier or an
    apostrophe (`Bergen (NH.)`, `'s-Hertogenbosch`) and any other kind of organisation has no
    term that can be derived safely: None."""
    if not cbs_code or kind not in {"gemeente", "provincie"}:
        return None
    plain = name.removeprefix("Provincie ").strip() if kind == "provincie" else name.strip()
    if not re.fullmatch(r"[A-Za-zÀ-ÿ]+(?:[ -][A-Za-zÀ-ÿ]+)*", plain):
        return None
    return str(OVERHEID[f"{plain.replace(' ', '_')}_({kind})"])


def catalogue_graph(
    *, uri: str, title: str, description: str, publisher: Agent, sources: list[OpenSource]
) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace))
    catalogue = URIRef(uri)
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(title, lang="nl")))
    graph.add((catalogue, DCTERMS.description, Literal(description, lang="nl")))
    graph.add((catalogue, DCTERMS.language, DUTCH))
    graph.add((catalogue, DCTERMS.publisher, _agent(graph, publisher)))
    for source in sources:
        graph.add((catalogue, DCAT.dataset, _dataset(graph, source)))
    return graph


def _agent(graph: Graph, agent: Agent) -> URIRef:
    node = URIRef(agent.uri)
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(agent.name, lang="nl")))
    return node


def _dataset(graph: Graph, source: OpenSource) -> URIRef:
    dataset = URIRef(source.uri)
    holder = _agent(graph, source.holder)
    add = graph.add
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.identifier, Literal(source.uri, datatype=XSD.anyURI)))
    add((dataset, DCTERMS.title, Literal(source.title, lang="nl")))
    add((dataset, DCTERMS.description, Literal(source.description, lang="nl")))
    add((dataset, DCTERMS.language, DUTCH))
    add((dataset, DCAT.theme, THEME))
    add((dataset, DCTERMS.modified, Literal(source.modified.isoformat(), datatype=XSD.date)))
    add((dataset, OVERHEID.authority, holder))
    add((dataset, DCTERMS.publisher, holder))
    add((dataset, DCTERMS.license, URIRef(source.licence)))
    add((dataset, DCTERMS.accessRights, ACCESS_RIGHT["PUBLIC"]))
    add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY[source.frequency]))
    for keyword in source.keywords:
        add((dataset, DCAT.keyword, Literal(keyword, lang="nl")))
    # A named contact point (not a blank node): stable output, nested under the dataset's URI.
    contact = URIRef(f"{source.uri}#contactpunt")
    add((dataset, DCAT.contactPoint, contact))
    add((contact, RDF.type, VCARD.Organization))
    add((contact, VCARD.fn, Literal(source.contact_name)))
    add((contact, VCARD.hasEmail, URIRef(f"mailto:{source.contact_email}")))
    phone = "".join(c for c in source.contact_phone if c.isdigit() or c == "+")
    if any(c.isdigit() for c in phone):
        add((contact, VCARD.hasTelephone, URIRef(f"tel:{phone}")))
    if source.landing_url:
        add((dataset, DCAT.landingPage, URIRef(source.landing_url)))
        distribution = URIRef(f"{source.uri}#distributie")
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.accessURL, URIRef(source.landing_url)))
        add((distribution, DCTERMS.title, Literal(source.title, lang="nl")))
        add((distribution, DCTERMS.description, Literal(source.description, lang="nl")))
        add((distribution, DCTERMS.language, DUTCH))
        add((distribution, DCTERMS.license, URIRef(source.licence)))
        # The web address is a page (a viewer, a portal), not a file.
        add((distribution, DCTERMS.format, FILE_TYPE["HTML"]))
    return dataset


def as_json_ld(graph: Graph) -> str:
    return graph.serialize(format="json-ld", context=PREFIXES, indent=2)


def as_turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")
