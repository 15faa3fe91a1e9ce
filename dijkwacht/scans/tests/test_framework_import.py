import copy
import dataclasses
import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dijkwacht.scans.frameworks import (
    framework_workbook,
    framework_yaml,
    read_framework,
    read_framework_workbook,
)
from dijkwacht.scans.models import Framework, Norm
from dijkwacht.scans.selectors import framework_as_dict
from dijkwacht.scans.services import framework_load_default

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL = "/normenkaders/importeren/"

SMALL = {
    "name": "Testnorm",
    "version": "1",
    "description": "Een kleine norm.",
    "scale": [
        {"code": "nee", "label": "Nee", "value": 0, "counts_as_met": False, "applicable": True},
        {"code": "ja", "label": "Ja", "value": 1, "counts_as_met": True, "applicable": True},
        {"code": "nvt", "label": "Niet van toepassing", "value": None, "counts_as_met": False,
         "applicable": False},
    ],
    "themes": [
        {"code": "A", "title": "Eerste thema", "description": "", "norms": [
            {"code": "A.1", "text": "Er is een beleid.", "guidance": "", "essential": True,
             "weight": 2},
            {"code": "A.2", "text": "Het beleid wordt uitgevoerd.",
             "guidance": "Kijk naar het verslag.", "essential": False, "weight": 1},
        ]},
        {"code": "B", "title": "Tweede thema", "description": "Over B.", "norms": [
            {"code": "B.1", "text": "B is geregeld.", "guidance": "", "essential": False,
             "weight": 1},
        ]},
    ],
}  # fmt: skip
# In sheet "Normen": row 1 is the header, then A.1 (row 2), A.2 (row 3), B.1 (row 4).


@pytest.fixture(autouse=True)
def english():
    """Messages in their source language; pages choose their own per request."""
    with translation.override("en"):
        yield


def _plain(spec) -> dict:
    """A FrameworkSpec in the shape of `selectors.framework_as_dict`."""

    def lists(value):
        if isinstance(value, (list, tuple)):
            return [lists(v) for v in value]
        if isinstance(value, dict):  # a norm without registers leaves the key out
            return {
                k: lists(v) for k, v in value.items() if not (k in ("registers", "reach") and not v)
            }
        return value

    return lists(dataclasses.asdict(spec))


def _edited(content: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    kind = XLSX if name.endswith(".xlsx") else "application/yaml"
    return SimpleUploadedFile(name, data, content_type=kind)


# Reading and writing the workbook


@pytest.mark.django_db
def test_the_shipped_framework_round_trips_through_excel():
    framework = framework_load_default()
    document = framework_as_dict(framework)
    spec, problems = read_framework_workbook(framework_workbook(document))
    assert problems == []
    assert _plain(spec) == document
    assert spec == read_framework(framework_yaml(document))[0]


@pytest.mark.parametrize(
    ("cells", "place", "words"),
    [
        ({("Normen", "G3"): "veel"}, "Normen, rij 3, kolom gewicht", "1"),
        ({("Normen", "G2"): 0}, "Normen, rij 2, kolom gewicht", "100"),
        ({("Normen", "C4"): None}, "Normen, rij 4, kolom code", ""),
        ({("Normen", "C4"): "A.1"}, "Normen, rij 4, kolom code", ""),
        ({("Normen", "F3"): "misschien"}, "Normen, rij 3, kolom essentieel", "ja"),
        ({("Normen", "A3"): None}, "Normen, rij 3, kolom thema-code", ""),
        ({("Normen", "B3"): "Ander thema"}, "Normen, rij 3, kolom thema", "Normen, rij 2"),
        ({("Schaal", "D3"): "nee"}, "Schaal", ""),
        ({("Schaal", "D4"): "ja"}, "Schaal, rij 4", ""),
        ({("Kader", "B1"): None}, "Kader, rij 1", ""),
        ({("Kader", "A3"): "titel"}, "Kader, rij 3", "naam"),
        (
            {("Normen", "I3"): "Agressie incidenten"},
            "Normen, rij 3, kolom registraties",
            "[agressie]",
        ),
    ],
)
def test_workbook_problems_name_sheet_row_and_column(cells, place, words):
    spec, problems = read_framework_workbook(_edited(framework_workbook(SMALL), cells))
    assert spec is None
    assert place in [where for where, _message in problems], problems
    assert any(words in message for where, message in problems if where == place), problems


def test_the_registers_a_norm_asks_for_are_read_from_their_column():
    content = _edited(framework_workbook(SMALL), {("Normen", "I2"): "agressie, signalen"})
    spec, problems = read_framework_workbook(content)
    assert problems == []
    assert spec.themes[0].norms[0].registers == ("agressie", "signalen")
    assert spec.themes[0].norms[1].registers == ()


def test_the_reach_a_norm_asks_for_is_read_from_its_column():
    content = _edited(
        framework_workbook(SMALL), {("Normen", "J1"): "bereik", ("Normen", "J3"): "raad, college"}
    )
    spec, problems = read_framework_workbook(content)
    assert problems == []
    assert spec.themes[0].norms[0].reach == ()
    assert spec.themes[0].norms[1].reach == ("raad", "college")


def test_a_duplicate_norm_code_is_reported_on_its_own_row():
    content = _edited(framework_workbook(SMALL), {("Normen", "C4"): "A.2"})
    _spec, problems = read_framework_workbook(content)
    assert problems == [("Normen, rij 4, kolom code", "This code is used twice.")]


def test_what_people_type_in_excel_is_understood():
    book = Workbook()
    kader = book.active
    kader.title = "Kader"
    kader.append(["Naam", "Handgemaakt"])
    kader.append([])
    kader.append(["versie", 2])
    scale = book.create_sheet("Schaal")
    scale.append(["Code", "Label", "Waarde", "Telt als voldaan", "Van toepassing"])
    scale.append(["nee", "Nee", 0.0, None, "X"])
    scale.append(["ja", "Ja", "1", "x", None])
    scale.append(["nvt", "N.v.t.", None, 0, "nee"])
    norms = book.create_sheet("Normen")
    norms.append(["thema-code", "thema", "code", "norm", "toelichting", "essentieel", "gewicht"])
    norms.append(["T1", "Eerste", 1, "Eerste norm", None, "JA", "3"])
    norms.append(["T2", "Tweede", "T2.1", "Tweede norm", None, True, None])
    norms.append([None] * 7)
    norms.append(["T1", None, 2, "Derde norm", "Met toelichting", None, 1.0])
    output = io.BytesIO()
    book.save(output)
    spec, problems = read_framework_workbook(output.getvalue())
    assert problems == []
    assert (spec.name, spec.version, spec.description) == ("Handgemaakt", "2", "")
    assert [(o.value, o.counts_as_met, o.applicable) for o in spec.scale] == [
        (0, False, True), (1, True, True), (None, False, False)
    ]  # fmt: skip
    assert [t.code for t in spec.themes] == ["T1", "T2"]
    first = spec.themes[0]
    assert first.title == "Eerste" and [n.code for n in first.norms] == ["1", "2"]
    assert (first.norms[0].essential, first.norms[0].weight) == (True, 3)
    assert (first.norms[1].essential, first.norms[1].guidance) == (False, "Met toelichting")
    assert spec.themes[1].norms[0].weight == 1


@pytest.mark.parametrize(
    "content", [b"", b"name: Testnorm\n", b"PK\x03\x04 no zip after all", b"\x00" * 100]
)
def test_a_file_that_is_not_a_workbook_is_one_problem(content):
    spec, problems = read_framework_workbook(content)
    assert spec is None
    assert problems == [("—", "This is not an Excel workbook (.xlsx).")]


def test_a_workbook_without_the_sheets_names_them():
    output = io.BytesIO()
    Workbook().save(output)
    _spec, problems = read_framework_workbook(output.getvalue())
    assert [where for where, _message in problems] == ["Kader", "Schaal", "Normen"]


def test_a_wrong_header_row_is_reported_once():
    content = _edited(framework_workbook(SMALL), {("Normen", "G1"): "weging"})
    _spec, problems = read_framework_workbook(content)
    assert [where for where, _message in problems] == ["Normen, rij 1"]


# The command


@pytest.mark.django_db
def test_the_command_imports_a_workbook(tmp_path):
    path = tmp_path / "norm.xlsx"
    path.write_bytes(framework_workbook(SMALL))
    out = io.StringIO()
    call_command("import_framework", str(path), "--dry-run", stdout=out)
    assert "3 norms, valid" in out.getvalue() and not Framework.objects.exists()
    call_command("import_framework", str(path), stdout=io.StringIO())
    assert framework_as_dict(Framework.objects.get(name="Testnorm")) == SMALL
    broken = tmp_path / "kapot.XLSX"
    broken.write_bytes(_edited(framework_workbook(SMALL), {("Normen", "G3"): 0}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_framework", str(broken), stderr=err)
    assert "Normen, rij 3, kolom gewicht" in err.getvalue()


# The page


@pytest.mark.django_db
def test_admin_imports_a_workbook_and_lands_on_the_framework(client, admin_user, verified):
    client.force_login(admin_user)
    listing = client.get("/normenkaders/").content.decode()
    assert f'href="{URL}"' in listing
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"file": _upload("kader.xlsx", framework_workbook(SMALL))})
    framework = Framework.objects.get(name="Testnorm", version="1")
    assert response.status_code == 302
    assert response["Location"] == f"/normenkaders/{framework.pk}/"
    assert Norm.objects.filter(framework=framework).count() == 3
    assert "Testnorm" in client.get(response["Location"]).content.decode()

    again = client.post(URL, {"file": _upload("kader.xlsx", framework_workbook(SMALL))})
    assert again.status_code == 200
    assert 'aria-invalid="true"' in again.content.decode()
    assert again.context["form"].errors["file"]
    assert Framework.objects.count() == 1


@pytest.mark.django_db
def test_bad_yaml_shows_every_problem_and_writes_nothing(client, admin_user, verified):
    client.force_login(admin_user)
    document = copy.deepcopy(SMALL)
    document["themes"][0]["norms"][1]["code"] = "A.1"
    document["themes"][1]["norms"][0]["weight"] = 500
    response = client.post(URL, {"file": _upload("kader.yaml", framework_yaml(document))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "themes[0].norms[1].code" in page and "themes[1].norms[0].weight" in page
    problems = response.context["form"].problems
    assert [problem.split(":")[0] for problem in problems] == [
        "themes[0].norms[1].code",
        "themes[1].norms[0].weight",
    ]
    assert all(f'<li class="utrecht-unordered-list__item">{p}</li>' in page for p in problems)
    assert 'aria-invalid="true"' in page
    broken = client.post(URL, {"file": _upload("kapot.yml", "name: [unclosed\n  - x")})
    assert broken.status_code == 200 and "regel" in broken.content.decode()
    assert not Framework.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kader.xlsx", b"this is no workbook"),
        ("kader.txt", b"name: Testnorm"),
        ("kader.yaml", "naam: één".encode("latin-1")),
        ("kader.yaml", b"- a list\n- not a framework\n"),
    ],
)
def test_wrong_files_get_a_message_not_an_error(client, admin_user, verified, name, content):
    client.force_login(admin_user)
    response = client.post(URL, {"file": _upload(name, content)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_a_file_over_two_megabytes_is_refused(client, admin_user, verified):
    client.force_login(admin_user)
    big = b"# " + b"x" * (2 * 1024 * 1024) + b"\n"
    response = client.post(URL, {"file": _upload("groot.yaml", big)})
    assert response.status_code == 200 and response.context["form"].errors["file"]


@pytest.mark.django_db
def test_only_platform_admins_import(client, coordinator, verified):
    client.force_login(coordinator)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": _upload("kader.xlsx", framework_workbook(SMALL))})
    assert response.status_code == 403
    assert not Framework.objects.exists()
    assert URL not in client.get("/normenkaders/").content.decode()


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_stays_text(client, admin_user, verified):
    formula = '=HYPERLINK("https://example.test","klik")'
    document = copy.deepcopy(SMALL)
    document["themes"][0]["norms"][0]["text"] = formula
    document["themes"][1]["title"] = "+SUM(1,2)"
    client.force_login(admin_user)
    response = client.post(URL, {"file": _upload("kader.yaml", yaml.safe_dump(document))})
    assert response.status_code == 302
    exported = framework_workbook(framework_as_dict(Framework.objects.get()))
    sheet = load_workbook(io.BytesIO(exported))["Normen"]
    assert (sheet["D2"].value, sheet["D2"].data_type) == (formula, "s")
    assert (sheet["B4"].value, sheet["B4"].data_type) == ("+SUM(1,2)", "s")
    spec, problems = read_framework_workbook(exported)
    assert problems == [] and spec.themes[0].norms[0].text == formula


@pytest.mark.parametrize(
    ("value", "meant_for", "problem"),
    [
        ("[gemeente, waterschap]", ("gemeente", "waterschap"), None),
        ("gemeente, provincie", ("gemeente", "provincie"), None),
        ("Gemeente , Waterschap", ("gemeente", "waterschap"), None),
        ("[gemeenten]", (), "gemeenten"),
        ("{a: 1}", (), "list of kinds"),
    ],
)
def test_a_framework_says_which_kinds_of_organisation_it_is_for(value, meant_for, problem):
    text = framework_yaml(SMALL) + f"meant_for: {value}\n"
    spec, problems = read_framework(text)
    if problem is None:
        assert problems == [] and spec.meant_for == meant_for
    else:
        assert spec is None
        assert [where for where, _ in problems] == ["framework.meant_for"]
        assert problem in problems[0][1]
