import io

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from dijkwacht.programmes import services
from dijkwacht.programmes.models import Commitment, Status
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


def dutch(text) -> str:
    with translation.override("nl"):
        return str(text)


def test_matrix_downloads_as_excel_with_colours_and_a_legend(
    client, coordinator, twente, enschede, hengelo, verified
):
    programme = make_programme(twente, [enschede, hengelo], actions=2, name="Excelplan")
    cell = Commitment.objects.filter(programme=programme, organisation=enschede).first()
    services.commitment_update(
        actor=coordinator, commitment=cell, status=Status.COMPLETED, planned_period="2018-2019"
    )
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/matrix.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="matrix-excelplan-')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[dutch(_("Matrix"))]
    assert sheet["A1"].value.startswith("Twente (test) — Excelplan")
    assert [c.value for c in sheet[2]][3:] == ["Enschede", "Hengelo (O.)"]
    first = sheet["D3"]
    assert first.value.startswith(f"✓ {dutch(Status.COMPLETED.label)}")
    assert "2018-2019" in first.value
    assert first.fill.start_color.rgb.endswith("DCF1DF")
    assert sheet["E3"].value.startswith(f"? {dutch(Status.UNDETERMINED.label)}")
    assert sheet.max_row == 4
    legend = book[dutch(_("Legend"))]
    assert {legend.cell(row=r, column=1).value for r in range(2, 8)} == {
        dutch(status.label) for status in Status
    }


def test_excel_follows_the_filters(client, coordinator, twente, enschede, hengelo, verified):
    programme = make_programme(twente, [enschede, hengelo], actions=2, themes=2, name="Filters")
    theme = programme.themes.order_by("position").last()
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/matrix.xlsx?theme={theme.pk}")
    sheet = load_workbook(io.BytesIO(response.content))[dutch(_("Matrix"))]
    assert sheet.max_row == 4
    assert {sheet.cell(row=r, column=3).value for r in (3, 4)} == {"Thema 2"}


def test_text_that_looks_like_a_formula_stays_text(client, coordinator, twente, enschede, verified):
    programme = make_programme(twente, [enschede], actions=1, name="Formules")
    action = programme.actions.get()
    action.title = '=HYPERLINK("https://evil.example","klik")'
    action.save()
    client.force_login(coordinator)
    for url in (f"/programmas/{programme.pk}/matrix.xlsx", f"/programmas/{programme.pk}/plan.xlsx"):
        book = load_workbook(io.BytesIO(client.get(url).content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c for c in cells if c.data_type == "f"], url
        assert any(c.value == action.title for c in cells), url
