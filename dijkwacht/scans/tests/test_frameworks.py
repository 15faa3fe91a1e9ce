import io

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dijkwacht.scans.frameworks import framework_yaml, read_framework
from dijkwacht.scans.models import Framework, Norm
from dijkwacht.scans.selectors import framework_as_dict
from dijkwacht.scans.services import framework_create, framework_load_default

SMALL = """
name: Testnorm
version: "1"
description: Een kleine norm.
scale:
  - {code: nee, label: Nee, value: 0, counts_as_met: false}
  - {code: ja, label: Ja, value: 1, counts_as_met: true}
  - {code: nvt, label: Niet van toepassing, value: null, applicable: false}
themes:
  - code: A
    title: Eerste thema
    norms:
      - {code: A.1, text: Er is een beleid., essential: true, weight: 2}
      - {code: A.2, text: Het beleid wordt uitgevoerd., guidance: Kijk naar het verslag.}
"""


def test_small_framework_reads_into_a_spec():
    spec, problems = read_framework(SMALL)
    assert problems == []
    assert (spec.name, spec.version, spec.norm_count) == ("Testnorm", "1", 2)
    assert spec.themes[0].norms[0].essential and spec.themes[0].norms[0].weight == 2
    assert spec.scale[2].applicable is False and spec.scale[1].counts_as_met


@pytest.mark.django_db
def test_a_norm_names_the_registers_it_asks_for_and_they_survive_export():
    data = yaml.safe_load(SMALL)
    data["themes"][0]["norms"][0]["registers"] = ["agressie", "signalen", "agressie"]
    spec, problems = read_framework(yaml.safe_dump(data, allow_unicode=True))
    assert problems == []
    assert spec.themes[0].norms[0].registers == ("agressie", "signalen")
    assert spec.themes[0].norms[1].registers == ()
    framework = framework_create(actor=None, spec=spec)
    assert Norm.objects.get(framework=framework, code="A.1").registers == ["agressie", "signalen"]
    exported = framework_as_dict(framework)["themes"][0]["norms"]
    assert exported[0]["registers"] == ["agressie", "signalen"]
    assert "registers" not in exported[1]


@pytest.mark.django_db
def test_a_norm_names_the_target_groups_whose_reach_it_asks_for_and_they_survive_export():
    data = yaml.safe_load(SMALL)
    data["themes"][0]["norms"][1]["reach"] = ["nieuwe-medewerkers", "kwetsbare-functies"]
    spec, problems = read_framework(yaml.safe_dump(data, allow_unicode=True))
    assert problems == []
    assert spec.themes[0].norms[1].reach == ("nieuwe-medewerkers", "kwetsbare-functies")
    framework = framework_create(actor=None, spec=spec)
    assert Norm.objects.get(framework=framework, code="A.2").reach == [
        "nieuwe-medewerkers",
        "kwetsbare-functies",
    ]
    exported = framework_as_dict(framework)["themes"][0]["norms"]
    assert "reach" not in exported[0]
    assert exported[1]["reach"] == ["nieuwe-medewerkers", "kwetsbare-functies"]
    again, problems = read_framework(framework_yaml(framework_as_dict(framework)))
    assert problems == [] and again.themes[0].norms[1].reach == spec.themes[0].norms[1].reach


@pytest.mark.django_db
def test_the_shipped_framework_asks_for_registers_where_its_norms_speak_of_them():
    framework = framework_load_default()
    asked = dict(Norm.objects.filter(framework=framework).exclude(registers=[]).values_list(
        "code", "registers"))  # fmt: skip
    assert asked["VPT.2"] == ["agressie"] and asked["BI.2"] == ["bibob"]
    assert len(asked["IP.2"]) == 7
    # The norm on awareness sessions asks for the reach of the civil service's groups.
    assert Norm.objects.get(framework=framework, code="BO.6").reach == [
        "ambtelijke-organisatie",
        "kwetsbare-functies",
        "nieuwe-medewerkers",
    ]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("name"), "framework.name"),
        (lambda d: d["themes"][0]["norms"][1].update(code="A.1"), "themes[0].norms[1].code"),
        (lambda d: d["themes"][0]["norms"][0].update(weight=0), "themes[0].norms[0].weight"),
        (
            lambda d: d["themes"][0]["norms"][0].update(essential="ja"),
            "themes[0].norms[0].essential",
        ),
        (lambda d: d["scale"][2].update(counts_as_met=True), "scale[2]"),
        (lambda d: d["themes"][0].update(norms=[]), "themes[0].norms"),
        (lambda d: d.update(scale=[{"code": "x", "label": "X"}]), "scale"),
        (
            lambda d: d["themes"][0]["norms"][0].update(registers="agressie"),
            "themes[0].norms[0].registers",
        ),
        (
            lambda d: d["themes"][0]["norms"][0].update(registers=["Agressie incidenten"]),
            "themes[0].norms[0].registers",
        ),
        (
            lambda d: d["themes"][0]["norms"][0].update(reach="nieuwe-medewerkers"),
            "themes[0].norms[0].reach",
        ),
    ],
)
def test_problems_name_their_place_in_the_file(change, where):
    data = yaml.safe_load(SMALL)
    change(data)
    spec, problems = read_framework(yaml.safe_dump(data, allow_unicode=True))
    assert spec is None
    assert where in [place for place, _message in problems], problems


def test_broken_yaml_is_a_problem_not_an_error():
    spec, problems = read_framework("name: [unclosed\n  - x")
    assert spec is None and problems


@given(st.text(max_size=300))
def test_any_text_reads_without_raising(text):
    spec, problems = read_framework(text)
    assert (spec is None) == bool(problems)


@pytest.mark.django_db
def test_import_export_round_trip_and_versions_are_never_overwritten(admin_user):
    spec, _problems = read_framework(SMALL)
    framework = framework_create(actor=admin_user, spec=spec)
    exported = framework_yaml(framework_as_dict(framework))
    again, problems = read_framework(exported)
    assert problems == [] and again == spec
    with pytest.raises(ValidationError) as error:
        framework_create(actor=admin_user, spec=spec)
    assert "version" in error.value.message_dict
    assert Framework.objects.count() == 1


@pytest.mark.django_db
def test_only_platform_admins_create_frameworks(coordinator):
    spec, _problems = read_framework(SMALL)
    with pytest.raises(PermissionDenied):
        framework_create(actor=coordinator, spec=spec)


@pytest.mark.django_db
def test_the_shipped_framework_is_complete():
    framework = framework_load_default()
    assert framework is not None and framework.name == "Basis op orde — weerbare overheid"
    assert framework_load_default() is None  # idempotent
    norms = Norm.objects.filter(framework=framework)
    assert 40 <= norms.count() <= 60
    themes = list(framework.themes.values_list("code", flat=True))
    assert themes == ["BO", "IN", "VPT", "IP", "BI", "SM"]
    for theme in framework.themes.all():
        assert theme.norms.filter(essential=True).count() >= 2, theme.code
    assert all(n.text and n.guidance for n in norms)
    scale = list(framework.scale.values_list("code", "counts_as_met", "applicable"))
    assert ("voldaan", True, True) in scale and ("niet_van_toepassing", False, False) in scale


@pytest.mark.django_db
def test_commands_import_check_and_export(tmp_path):
    path = tmp_path / "norm.yaml"
    path.write_text(SMALL, encoding="utf-8")
    out = io.StringIO()
    call_command("import_framework", str(path), "--dry-run", stdout=out)
    assert "2 norms, valid" in out.getvalue() and not Framework.objects.exists()
    call_command("import_framework", str(path), stdout=io.StringIO())
    exported = io.StringIO()
    call_command("export_framework", "Testnorm", "1", stdout=exported)
    assert read_framework(exported.getvalue())[0].norm_count == 2
    broken = tmp_path / "kapot.yaml"
    broken.write_text(SMALL.replace("code: A.2", "code: A.1"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_framework", str(broken), stderr=err)
    assert "themes[0].norms[1].code" in err.getvalue()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(weight=st.integers(-5, 200), essential=st.sampled_from([True, False, "ja", None]))
def test_norm_fields_are_checked_before_anything_is_written(weight, essential):
    data = yaml.safe_load(SMALL)
    data["themes"][0]["norms"][0].update(weight=weight, essential=essential)
    spec, problems = read_framework(yaml.safe_dump(data, allow_unicode=True))
    valid = 1 <= weight <= 100 and isinstance(essential, bool)
    assert (spec is not None) == valid, problems


def test_editing_a_norm_in_the_admin_is_seen_by_pages_that_keep_the_framework_in_memory(
    client, admin_user, verified
):
    from dijkwacht.scans import selectors
    from dijkwacht.scans.models import Framework
    from tests.factories import make_framework

    framework = make_framework(name="Geheugen", norms=2)
    assert selectors.framework_parts(framework).norms[0].text == "Norm 1"
    norm = framework.norms.get(code="A.1")
    client.force_login(admin_user)
    response = client.post(
        f"/beheer/scans/norm/{norm.pk}/change/",
        {"framework": framework.pk, "theme": norm.theme_id, "position": 0, "code": "A.1",
         "text": "Aangescherpte norm", "guidance": "", "weight": 1},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    fresh = Framework.objects.get(pk=framework.pk)
    assert fresh.revision == framework.revision + 1
    assert selectors.framework_parts(fresh).norms[0].text == "Aangescherpte norm"
