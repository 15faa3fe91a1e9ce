"""The open part of the catalogue in DCAT-AP-DONL: read back as RDF, every dataset carries
what DONL 1.1 requires, with values from its lists; nothing that is not open leaves."""

import json

import pytest
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT as DCAT_TERMS
from rdflib.namespace import DCTERMS, RDF

from tests.factories import make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
OVERHEID = Namespace("http://standaarden.overheid.nl/owms/terms/")

# DCAT-AP-DONL 1.1: the mandatory properties of a dataset (dataoverheid's specification and
# the portal's schema), of its contact point, and of the catalogue (DCAT-AP-NL).
DATASET_REQUIRED = [
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.language,
    DCAT_TERMS.theme,
    DCTERMS.modified,
    OVERHEID.authority,
    DCTERMS.publisher,
    DCAT_TERMS.contactPoint,
    DCTERMS.license,
]
CATALOGUE_REQUIRED = [DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT_TERMS.dataset]
DONL_LICENCES = {
    "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    "http://creativecommons.org/licenses/by/4.0/deed.nl",
    "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
    "http://standaarden.overheid.nl/owms/terms/licentieonbekend",
}


@pytest.fixture
def sources(enschede, overijssel, coordinator, contributor):
    make_source(enschede, coordinator, title="Open BAG", access_level="publiek",
                licence="http://creativecommons.org/licenses/by/4.0/deed.nl",
                landing_url="https://example.test/bag", themes=["vastgoed"],
                frequency="DAILY", contact_phone="053 - 481 48 14")  # fmt: skip
    make_source(enschede, coordinator, title="Open zonder adres", access_level="publiek")
    make_source(enschede, coordinator, title="Open maar eigen", access_level="publiek",
                visibility="organisatie")  # fmt: skip
    make_source(enschede, coordinator, title="Afgeschermd register")
    make_source(enschede, coordinator, title="Beperkt beeld", access_level="beperkt",
                restriction_reason="VERTROUWELIJK")  # fmt: skip


def _graph(client, user, url, fmt):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content.decode(), format=fmt)
    return response, graph


@pytest.mark.parametrize(
    ("name", "fmt"), [("catalogue:dcat_jsonld", "json-ld"), ("catalogue:dcat_turtle", "turtle")]
)
def test_every_open_dataset_has_what_donl_requires(client, coordinator, sources, name, fmt):
    _response, graph = _graph(client, coordinator, reverse(name), fmt)
    datasets = set(graph.subjects(RDF.type, DCAT_TERMS.Dataset))
    titles = {str(graph.value(d, DCTERMS.title)) for d in datasets}
    assert titles == {"Open BAG", "Open zonder adres"}
    for dataset in datasets:
        missing = [p for p in DATASET_REQUIRED if graph.value(dataset, p) is None]
        assert not missing, f"{dataset} lacks {missing}"
        assert graph.value(dataset, DCTERMS.language) == URIRef(
            "http://publications.europa.eu/resource/authority/language/NLD"
        )
        assert str(graph.value(dataset, DCTERMS.license)) in DONL_LICENCES
        assert graph.value(dataset, DCTERMS.accessRights) == URIRef(
            "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
        )
        contact = graph.value(dataset, DCAT_TERMS.contactPoint)
        assert graph.value(contact, VCARD.fn) is not None
        assert str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:")
        # Enschede is a municipality: named by its OWMS term.
        assert graph.value(dataset, OVERHEID.authority) == OVERHEID["Enschede_(gemeente)"]
    (catalogue,) = graph.subjects(RDF.type, DCAT_TERMS.Catalog)
    assert all(graph.value(catalogue, p) is not None for p in CATALOGUE_REQUIRED)
    assert len(set(graph.objects(catalogue, DCAT_TERMS.dataset))) == 2


def test_a_landing_page_becomes_a_distribution_and_the_phone_a_tel_uri(
    client, coordinator, sources
):
    _response, graph = _graph(client, coordinator, reverse("catalogue:dcat_turtle"), "turtle")
    (bag,) = [d for d in graph.subjects(RDF.type, DCAT_TERMS.Dataset)
              if str(graph.value(d, DCTERMS.title)) == "Open BAG"]  # fmt: skip
    distribution = graph.value(bag, DCAT_TERMS.distribution)
    assert str(graph.value(distribution, DCAT_TERMS.accessURL)) == "https://example.test/bag"
    for required in (DCTERMS.title, DCTERMS.license, DCTERMS.format, DCTERMS.language):
        assert graph.value(distribution, required) is not None
    assert str(graph.value(bag, DCTERMS.accrualPeriodicity)).endswith("/frequency/DAILY")
    contact = graph.value(bag, DCAT_TERMS.contactPoint)
    assert str(graph.value(contact, VCARD.hasTelephone)) == "tel:0534814814"


def test_the_api_gives_json_ld_of_what_the_user_sees(
    client, coordinator, sources, other_coordinator
):
    client.force_login(coordinator)
    response = client.get("/api/v1/sources/dcat", {"theme": "vastgoed"})
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    graph = Graph().parse(data=response.content.decode(), format="json-ld")
    assert "@context" in data
    datasets = list(graph.subjects(RDF.type, DCAT_TERMS.Dataset))
    assert [str(graph.value(d, DCTERMS.title)) for d in datasets] == ["Open BAG"]
    client.force_login(other_coordinator)
    graph = Graph().parse(data=client.get("/api/v1/sources/dcat").content.decode(),
                          format="json-ld")  # fmt: skip
    assert list(graph.subjects(RDF.type, DCAT_TERMS.Dataset)) == []


def test_a_province_is_named_by_its_owms_term_and_others_by_their_page():
    from dijkwacht.catalogue.dcat import owms_organisation

    assert owms_organisation("Provincie Overijssel", "provincie", "PV23") == str(
        OVERHEID["Overijssel_(provincie)"]
    )
    assert owms_organisation("Hof van Twente", "gemeente", "GM1735") == str(
        OVERHEID["Hof_van_Twente_(gemeente)"]
    )
    # No term is guessed where the name carries a qualifier, or for a RIEC.
    assert owms_organisation("Bergen (NH.)", "gemeente", "GM0373") is None
    assert owms_organisation("'s-Hertogenbosch", "gemeente", "GM0796") is None
    assert owms_organisation("RIEC Oost-Nederland", "riec", None) is None
