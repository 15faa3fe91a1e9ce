import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from dijkwacht.programmes import selectors, services, workbook
from dijkwacht.programmes.models import Action, Commitment, Status, StatusUpdate
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(twente, [enschede, hengelo], actions=2, name="Excelronde")


@pytest.fixture
def downloaded(client, coordinator, programme, verified):
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/plan.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _upload(client, programme, content: bytes, name="plan.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/programmas/{programme.pk}/excel-importeren/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_unchanged_download_reads_back_without_changes(downloaded, programme):
    parsed = workbook.read_workbook(_bytes(downloaded))
    assert parsed.problems == []
    assert len(parsed.plan) == 2 and len(parsed.cells) == 4
    assert selectors.workbook_changes(programme, parsed).count == 0


def test_round_trip_previews_then_applies_changes(client, downloaded, programme, enschede):
    matrix = downloaded["Matrix"]
    matrix["C3"] = str(Status.COMPLETED.label)  # first action, first organisation (Enschede)
    plan = downloaded["Plan"]
    plan["D2"] = "Actie 1.1 (herzien)"
    plan["F2"] = 2500
    plan.append([None, "1.3", "Thema 1", "Nieuwe actie uit Excel", "2027", None, None])
    preview = _upload(client, programme, _bytes(downloaded))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Nieuwe actie uit Excel" in html and "Actie 1.1 (herzien)" in html
    assert not Action.objects.filter(title="Nieuwe actie uit Excel").exists()
    assert not StatusUpdate.objects.exists()

    confirmed = client.post(f"/programmas/{programme.pk}/excel-importeren/", {"confirm": "1"})
    assert confirmed["Location"] == f"/programmas/{programme.pk}/matrix/"
    first = programme.actions.order_by("position", "id").first()
    assert first.title == "Actie 1.1 (herzien)" and first.budget_planned == 2500
    cell = Commitment.objects.get(action=first, organisation=enschede)
    assert cell.status == Status.COMPLETED
    assert StatusUpdate.objects.get(commitment=cell).note
    assert Action.objects.get(title="Nieuwe actie uit Excel").planned_period == "2027"


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_written(
    client, downloaded, programme
):
    downloaded["Matrix"]["D4"] = "paars"
    downloaded["Plan"]["F3"] = "veel geld"
    downloaded["Plan"]["A3"] = 999999
    html = _upload(client, programme, _bytes(downloaded)).content.decode()
    assert "rij 4" in html and "Hengelo (O.)" in html and "paars" in html
    assert "rij 3" in html and "Begroot" in html
    # Even a forced confirmation of a file with problems writes nothing.
    confirmed = client.post(f"/programmas/{programme.pk}/excel-importeren/", {"confirm": "1"})
    assert "utrecht-alert--error" in confirmed.content.decode()
    assert not StatusUpdate.objects.exists()
    assert programme.actions.count() == 2


def test_other_files_are_refused_with_a_message(client, programme, coordinator, verified):
    client.force_login(coordinator)
    response = _upload(client, programme, b"%PDF-1.7 not a workbook", "plan.pdf")
    assert 'aria-invalid="true"' in response.content.decode()
    other = Workbook()
    other.active.title = "Blad1"
    html = _upload(client, programme, _bytes(other)).content.decode()
    assert "Plan" in html and "Matrix" in html and "utrecht-alert--error" in html


def test_only_coordinators_round_trip(client, contributor, programme):
    client.force_login(contributor)
    assert client.get(f"/programmas/{programme.pk}/plan.xlsx").status_code == 403
    assert client.get(f"/programmas/{programme.pk}/excel-importeren/").status_code == 403


def test_a_stale_confirmation_writes_nothing(client, coordinator, programme, verified):
    client.force_login(coordinator)
    response = client.post(f"/programmas/{programme.pk}/excel-importeren/", {"confirm": "1"})
    assert response.status_code == 302
    assert not StatusUpdate.objects.exists()


# Text Excel can hold: no control characters (openpyxl refuses to write them at all).
excel_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
cell_values = st.one_of(st.none(), excel_text, st.integers(-10, 10**9), st.floats())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.lists(cell_values, max_size=9), max_size=8))
def test_arbitrary_sheets_never_raise_and_problems_block_writing(values, programme, coordinator):
    book = Workbook()
    plan = book.active
    plan.title = "Plan"
    plan.append(workbook.PLAN_COLUMNS)
    matrix = book.create_sheet("Matrix")
    matrix.append([None, None, 1])
    matrix.append([*workbook.MATRIX_FIXED, "X"])
    for row in values:
        cleaned = [v if not isinstance(v, float) or v == v else None for v in row]
        plan.append(cleaned[:7])
        matrix.append(cleaned)
    parsed = workbook.read_workbook(_bytes(book))
    changes = selectors.workbook_changes(programme, parsed)
    before = (Action.objects.count(), StatusUpdate.objects.count())
    try:
        services.programme_apply_workbook(actor=coordinator, programme=programme, changes=changes)
    except Exception as error:  # the only acceptable failure is a ValidationError
        from django.core.exceptions import ValidationError

        assert isinstance(error, ValidationError), repr(error)
        assert (Action.objects.count(), StatusUpdate.objects.count()) == before


@pytest.mark.parametrize("value", ["NAN", "Infinity", "1e400", "-5", "twee"])
def test_amounts_that_are_not_amounts_are_problems(value):
    with pytest.raises(ValueError):
        workbook._amount(value)
