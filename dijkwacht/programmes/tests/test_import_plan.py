import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dijkwacht.programmes.models import Action, Commitment, Programme, Theme
from dijkwacht.programmes.plan_text import parse_plan
from dijkwacht.programmes.services import programme_import_plan
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def _counts():
    return (Programme.objects.count(), Theme.objects.count(), Action.objects.count(),
            Commitment.objects.count())  # fmt: skip


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_plan_as_json_and_writes_nothing(twente):
    before = _counts()
    out, _err = _run(
        str(_seed("000")), "--partnership", twente.slug, "--dry-run", "--format", "json"
    )
    plan = json.loads(out)
    assert list(plan) == ["themes"]
    (theme,) = plan["themes"]
    assert theme["title"] == ""
    assert len(theme["actions"]) == 5
    assert len(theme["actions"][0]["items"]) == 4
    assert _counts() == before


def test_unplaceable_text_is_reported_with_line_numbers(twente, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "1. Eerste actie\n\nDit is een losse alinea die nergens bij hoort en geen actie is.\n",
        encoding="utf-8",
    )
    _out, err = _run(str(path), "--partnership", twente.slug, "--dry-run")
    assert f"{path}:3:" in err


def test_import_creates_a_draft_with_cells_for_matching_columns(
    twente, enschede, hengelo, tmp_path
):
    path = tmp_path / "matrix.txt"
    path.write_text(
        "Bewustwording\n\nWat?\tEnschede\tHengelo\tOnbekend\n"
        "Training raad\tHerhaling in 2019\t2018\t2019\n",
        encoding="utf-8",
    )
    out, err = _run(str(path), "--partnership", twente.slug, "--name", "Geïmporteerd")
    programme = Programme.objects.get(name="Geïmporteerd")
    assert programme.is_draft
    action = programme.actions.get(title="Training raad")
    periods = dict(action.commitments.values_list("organisation__name", "planned_period"))
    assert periods == {"Enschede": "Herhaling in 2019", "Hengelo (O.)": "2018"}
    assert "Onbekend" in err
    assert "created" in out


def test_seed_004_imports_its_table_rows_as_actions(tmp_path):
    from dijkwacht.organisations.models import Organisation

    members = Organisation.objects.filter(
        cbs_code__in=["GM0755", "GM0756", "GM1702", "GM0856", "GM1685"]
    )
    partnership = PartnershipFactory(members=list(members))
    _run(str(_seed("004")), "--partnership", partnership.slug, "--name", "ML")
    programme = Programme.objects.get(name="ML")
    action = programme.actions.get(title="Bewustwording ambtelijke organisatie")
    assert (
        action.commitments.get(organisation__name="Boxmeer").planned_period == "Herhaling in 2019"
    )
    assert action.commitments.count() == 5


def test_unreadable_file_and_unknown_partnership_are_clear_errors(twente, tmp_path):
    binary = tmp_path / "plan.docx"
    binary.write_bytes(b"\xff\xfe\x00PK\x03\x04")
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(binary), "--partnership", twente.slug)
    with pytest.raises(CommandError, match="No partnership"):
        _run(str(_seed("000")), "--partnership", "bestaat-niet")
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(tmp_path / "missing.txt"), "--partnership", twente.slug)


def test_importing_the_same_name_twice_is_refused_without_writing(twente):
    _run(str(_seed("000")), "--partnership", twente.slug, "--name", "Dubbel")
    before = _counts()
    with pytest.raises(CommandError):
        _run(str(_seed("000")), "--partnership", twente.slug, "--name", "Dubbel")
    assert _counts() == before


plan_text = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["1. Actie", "2.1 Deelactie", "• punt", "- punt", "Ambitie: hoger",
                         "Wat?\tEnschede\tHengelo", "Rij\t2019\t2020", "", "\t", "Thema"]),
    ),
    max_size=25,
).map("\n".join)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=plan_text)
def test_any_text_imports_completely_or_not_at_all(text, twente):
    before = _counts()
    plan = parse_plan(text)
    try:
        result = programme_import_plan(
            actor=None, partnership=twente, plan=plan, name=f"H{abs(hash(text))}"
        )
    except ValidationError:
        assert _counts() == before
    else:
        expected = sum(len(a.items) + 1 for t in plan.themes for a in t.actions)
        assert result.actions == expected
        Programme.objects.filter(pk=result.programme.pk).delete()
