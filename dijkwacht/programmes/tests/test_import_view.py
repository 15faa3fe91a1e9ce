import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dijkwacht.programmes.models import Action, Programme

pytestmark = pytest.mark.django_db

PLAN = "1. Integriteit\nAmbitie: Iedereen kent de gedragscode.\n1.1 Dilemmasessies\n1.2 Training\n"


def test_preview_writes_nothing_and_confirm_makes_a_draft(client, coordinator, twente, verified):
    client.force_login(coordinator)
    data = {"partnership": twente.pk, "name": "Uit tekst", "text": PLAN, "confirm": "0"}
    preview = client.post("/programmas/importeren/", data)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Dilemmasessies" in html and "Iedereen kent de gedragscode." in html
    assert not Programme.objects.filter(name="Uit tekst").exists()
    confirmed = client.post("/programmas/importeren/", {**data, "confirm": "1"})
    programme = Programme.objects.get(name="Uit tekst")
    assert confirmed["Location"] == f"/programmas/{programme.pk}/"
    assert programme.is_draft
    assert list(programme.themes.values_list("title", flat=True)) == ["Integriteit"]
    assert set(Action.objects.filter(programme=programme).values_list("title", flat=True)) == {
        "Dilemmasessies", "Training"}  # fmt: skip


def test_uploaded_file_is_read_and_carried_to_the_confirmation(
    client, coordinator, twente, verified
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("plan.txt", PLAN.encode("utf-8"), content_type="text/plain")
    html = client.post(
        "/programmas/importeren/",
        {"partnership": twente.pk, "name": "Bestand", "file": upload, "confirm": "0"},
    ).content.decode()
    assert "Dilemmasessies" in html
    assert "1.1 Dilemmasessies" in html  # the text now sits in the textarea for the confirmation


def test_bad_input_gets_messages_next_to_the_fields(client, coordinator, twente, verified):
    client.force_login(coordinator)
    binary = SimpleUploadedFile("plan.docx", b"PK\x03\x04\x00\x00binary", content_type="text/plain")
    html = client.post(
        "/programmes/importeren/".replace("programmes", "programmas"),
        {"partnership": twente.pk, "name": "", "file": binary, "confirm": "1"},
    ).content.decode()
    assert html.count('aria-invalid="true"') == 2  # name and file
    empty = client.post(
        "/programmas/importeren/", {"partnership": twente.pk, "name": "Leeg", "text": "  "}
    ).content.decode()
    assert "utrecht-alert--error" in empty
    assert not Programme.objects.exists()


def test_duplicate_name_is_reported_on_the_form(client, coordinator, twente, verified):
    client.force_login(coordinator)
    data = {"partnership": twente.pk, "name": "Twee keer", "text": PLAN, "confirm": "1"}
    client.post("/programmas/importeren/", data)
    again = client.post("/programmas/importeren/", data)
    assert again.status_code == 200
    assert "utrecht-alert--error" in again.content.decode()
    assert Programme.objects.filter(name="Twee keer").count() == 1


def test_only_coordinators_import_and_only_for_their_partnerships(
    client, contributor, coordinator, utrecht, verified
):
    client.force_login(contributor)
    assert client.get("/programmas/importeren/").status_code == 403
    client.force_login(coordinator)
    response = client.post(
        "/programmas/importeren/",
        {"partnership": utrecht.pk, "name": "Niet van mij", "text": PLAN, "confirm": "1"},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Programme.objects.filter(name="Niet van mij").exists()
