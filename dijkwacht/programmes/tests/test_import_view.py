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
        "/programmas/importeren/",
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


MISREAD = (
    "Actielijst\n\n1. Bewustwording\n2. Een training voor alle baliemedewerkers van de gemeente\n"
    "- rollenspel\n- toets\n"
)


def test_the_coordinator_corrects_a_misread_line_before_importing(
    client, coordinator, twente, verified
):
    """Read as three actions (the first really a theme): the coordinator makes line 3 a
    theme and the rest follows."""
    client.force_login(coordinator)
    data = {"partnership": twente.pk, "name": "Gecorrigeerd", "text": MISREAD, "confirm": "0"}
    html = client.post("/programmas/importeren/", data).content.decode()
    assert 'name="soort-0"' in html and 'name="soort-3"' in html
    assert '<option value="action" selected>Actie</option>' in html
    key = html.split('name="gelezen" value="')[1].split('"')[0]

    corrected = {**data, "gelezen": key, "soort-0": "theme", "soort-3": "skip"}
    html = client.post("/programmas/importeren/", corrected).content.decode()
    assert '<option value="theme" selected>Thema</option>' in html
    assert "2 acties inlezen als concept" in html  # the action and its one part left
    assert not Programme.objects.filter(name="Gecorrigeerd").exists()

    client.post("/programmas/importeren/", {**corrected, "confirm": "1"})
    programme = Programme.objects.get(name="Gecorrigeerd")
    assert list(programme.themes.values_list("title", flat=True)) == ["Bewustwording"]
    action = programme.actions.get(parent__isnull=True)
    assert action.theme.title == "Bewustwording"
    assert action.title == "Een training voor alle baliemedewerkers van de gemeente"
    assert list(action.sub_actions.values_list("title", flat=True)) == ["rollenspel"]

    # Corrections made for another text are not applied to a changed one.
    changed = {**corrected, "name": "Ander", "text": MISREAD + "3. Nieuw\n", "confirm": "1"}
    client.post("/programmas/importeren/", changed)
    assert not Programme.objects.get(name="Ander").themes.exists()


def test_corrections_hold_when_the_text_comes_back_with_other_line_endings(
    client, coordinator, twente, verified
):
    """An uploaded file's text is posted back from the text field with \\r\\n: the
    coordinator's choice still applies to it."""
    client.force_login(coordinator)
    upload = SimpleUploadedFile("plan.txt", MISREAD.encode("utf-8"), content_type="text/plain")
    html = client.post(
        "/programmas/importeren/",
        {"partnership": twente.pk, "name": "Upload", "file": upload, "confirm": "0"},
    ).content.decode()
    key = html.split('name="gelezen" value="')[1].split('"')[0]
    posted_back = {
        "partnership": twente.pk, "name": "Upload", "text": MISREAD.replace("\n", "\r\n"),
        "gelezen": key, "soort-0": "theme", "confirm": "1",
    }  # fmt: skip
    client.post("/programmas/importeren/", posted_back)
    programme = Programme.objects.get(name="Upload")
    assert list(programme.themes.values_list("title", flat=True)) == ["Bewustwording"]


def test_a_long_plan_offers_choices_for_its_first_lines_only(client, coordinator, twente, verified):
    """Each choice is a posted field and Django refuses more than a thousand: a plan of 700
    actions offers 600 choices and says the rest is changed after the import."""
    client.force_login(coordinator)
    text = "".join(f"{n}. Actie nummer {n}\n" for n in range(1, 701))
    data = {"partnership": twente.pk, "name": "Lang", "text": text, "confirm": "0"}
    html = client.post("/programmas/importeren/", data).content.decode()
    assert 'name="soort-599"' in html and 'name="soort-600"' not in html
    assert "De eerste 600 regels" in html
    key = html.split('name="gelezen" value="')[1].split('"')[0]
    beyond = {**data, "gelezen": key, "soort-650": "skip", "confirm": "1"}
    confirmed = client.post("/programmas/importeren/", beyond)
    assert confirmed.status_code == 302
    assert Programme.objects.get(name="Lang").actions.count() == 700
