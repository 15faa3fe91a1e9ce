"""A list of sources from a file: read back from the download, every row checked first, each
problem named with its row and column, nothing half written."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dijkwacht.catalogue import services
from dijkwacht.catalogue.models import InformationSource
from dijkwacht.catalogue.source_files import HEADER, read_sources_file
from tests.factories import make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _csv(*rows):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(HEADER[1:])
    writer.writerows(rows)
    return output.getvalue().encode()


def _row(**values):
    row = dict.fromkeys(HEADER[1:], "")
    row.update({
        "titel": "Register", "beschrijving": "Wat erin staat.", "soort": "Register",
        "toegang": "afgeschermd", "reden van beperking": "privacy (persoonsgegevens)",
        "grondslag": "Wet politiegegevens (Wpg)", "hoe vraag je het aan": "Bel.",
        "eigenaar (e-mail)": "coordinator@example.test", "contactpunt": "Balie",
        "e-mail contactpunt": "balie@example.test", "persoonsgegevens": "ja",
        "gebied": "GM0153 GM0164", "thema's": "vastgoed; Drugsproductie en -handel",
    })  # fmt: skip
    row.update(values)
    return [row[h] for h in HEADER[1:]]


@pytest.fixture
def themes():
    from dijkwacht.catalogue.defaults import ensure_default_themes
    from dijkwacht.catalogue.models import Theme

    ensure_default_themes(Theme)


def test_the_download_reads_back_as_it_is(client, enschede, coordinator, contributor, themes):
    make_source(enschede, coordinator, title="Register A", deputy=contributor,
                themes=["vastgoed"], coverage=["GM0153"], contact_phone="+31 53 000")  # fmt: skip
    make_source(enschede, coordinator, title="Kaart", access_level="publiek",
                landing_url="https://example.test/")  # fmt: skip
    client.force_login(coordinator)
    for name in ("catalogue:source_list_xlsx", "catalogue:source_list_csv"):
        data = client.get(reverse(name)).content
        rows, problems = read_sources_file(data)
        assert problems == []
        done = services.sources_import(actor=coordinator, holder=enschede, rows=rows)
        assert (done.created, done.updated) == (0, 2)
    register = InformationSource.objects.get(title="Register A")
    assert register.deputy == contributor
    assert register.contact_phone == "+31 53 000"
    assert [t.code for t in register.themes.all()] == ["vastgoed"]
    book = load_workbook(io.BytesIO(client.get(reverse("catalogue:source_list_xlsx")).content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    enschede, coordinator, themes
):
    rows, problems = read_sources_file(
        _csv(
            _row(),
            _row(titel="B", soort="iets anders", persoonsgegevens="misschien"),
            _row(
                titel="C",
                **{"eigenaar (e-mail)": "onbekend@example.test", "thema's": "vastgoed; Onbekend"},
            ),
            _row(titel="D", gebied="GM0153 XX12", grondslag=""),
            _row(titel="register"),
        )
    )
    assert [str(p) for p in problems] == [
        "Rij 3: soort: “iets anders” is geen van de keuzes.",
        "Rij 3: persoonsgegevens: Schrijf ja of nee.",
    ]
    rows, problems = read_sources_file(
        _csv(
            _row(),
            _row(
                titel="C",
                **{"eigenaar (e-mail)": "onbekend@example.test", "thema's": "vastgoed; Onbekend"},
            ),
            _row(titel="D", gebied="GM0153 XX12", grondslag=""),
            _row(titel="register"),
        )
    )
    with pytest.raises(services.SourcesRejected) as rejected:
        services.sources_import(actor=coordinator, holder=enschede, rows=rows)
    messages = [str(p) for p in rejected.value.problems]
    assert messages[0].startswith("Rij 3: eigenaar (e-mail): niemand met dit e-mailadres")
    assert messages[1] == "Rij 3: thema's: onbekend thema Onbekend."
    assert any(m.startswith("Rij 4: grondslag:") for m in messages)
    assert any(m.startswith("Rij 4: gebied:") and "XX12" in m for m in messages)
    assert "Rij 5: Deze titel staat twee keer in het bestand." in messages
    assert not InformationSource.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"titel;beschrijving\nA;B\n", "Rij 1: De kopregel noemt geen kolom „soort”."),
        (b"PK\x03\x04kapot", "Dit is geen Excel-werkmap (.xlsx)."),
        (b"\xff\xfe\x00", "Sla het bestand op als CSV in UTF-8, of upload de Excel-werkmap."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, message):
    rows, problems = read_sources_file(data)
    assert rows == []
    assert str(problems[0]) == message


def test_the_page_lists_the_problems_under_the_file(client, enschede, coordinator, themes):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("bronnen.csv", _csv(_row(grondslag="")), "text/csv")
    response = client.post(
        reverse("catalogue:source_import"), {"holder": enschede.pk, "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].problems == [
        "Rij 2: grondslag: Noem de grondslag waarop de bron gedeeld mag worden."
    ]
    upload = SimpleUploadedFile("bronnen.csv", _csv(_row()), "text/csv")
    response = client.post(
        reverse("catalogue:source_import"), {"holder": enschede.pk, "file": upload}
    )
    assert response.status_code == 302
    source = InformationSource.objects.get()
    assert source.coverage == ["GM0153", "GM0164"]
    assert sorted(t.code for t in source.themes.all()) == ["drugs", "vastgoed"]


def test_only_a_keeper_reads_a_file_and_only_for_their_own_organisation(
    client, enschede, hengelo, coordinator, viewer, themes
):
    client.force_login(viewer)
    assert client.get(reverse("catalogue:source_import")).status_code == 404
    client.force_login(coordinator)
    upload = SimpleUploadedFile("bronnen.csv", _csv(_row()), "text/csv")
    response = client.post(
        reverse("catalogue:source_import"), {"holder": hengelo.pk, "file": upload}
    )
    assert "holder" in response.context["form"].errors
    assert not InformationSource.objects.exists()
