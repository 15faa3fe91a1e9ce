"""The letters to the applicant: made from the team's texts with the screening's facts, as Word
and PDF, by the team alone, each made letter logged, and nothing typed for a letter stored."""

import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dijkwacht.bibob import letters
from dijkwacht.bibob.defaults import LETTERS
from dijkwacht.bibob.models import AccessLog, LetterTemplate, Purpose
from dijkwacht.core.models import AuditEvent
from tests.factories import make_screening

pytestmark = pytest.mark.django_db

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip


def _dutch(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _word_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def screening(officer, enschede):
    return make_screening(
        officer, enschede,
        subject_name="Café De Gouden Leeuw B.V.",
        decision_subject="exploitatievergunning voor Oude Markt 7",
        subject_kvk="12345678",
    )  # fmt: skip


# --- The text and its fields (pure) -------------------------------------------------------------


def test_the_default_texts_name_only_known_fields():
    for texts in LETTERS.values():
        for text in texts.values():
            assert letters.problems(text) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Geachte {aanvrager}", None),
        ("Kenmerk {{intern}}", None),  # {{ writes a brace
        ("Geachte {naam}", "{naam}"),  # a field that does not exist
        ("Geachte {Aanvrager}", "{Aanvrager}"),  # the names are lower case
        ("Een losse { accolade", "{{"),
    ],
)
def test_a_text_may_name_only_the_fields_there_are(text, problem):
    found = letters.problems(text)
    if problem is None:
        assert found == []
    else:
        assert found and problem in found[0]


@pytest.mark.parametrize(
    ("name", "kind", "sender"),
    [
        ("Enschede", "gemeente", "Gemeente Enschede"),
        ("Gemeente Oss", "gemeente", "Gemeente Oss"),
        ("Overijssel", "provincie", "Provincie Overijssel"),
        ("RIEC Oost-Nederland", "riec", "RIEC Oost-Nederland"),
    ],
)
def test_the_sender_is_named_as_it_signs(name, kind, sender):
    assert letters.sender(name, kind) == sender


def test_fields_are_filled_in_and_paragraphs_kept():
    letter = letters.compose(
        subject="Uw aanvraag {kenmerk}",
        body="Geachte {aanvrager},\n\nRegel een\nregel twee {{x}\n\n\n\nSlot {onbekend}",
        closing="Groet,\n\n{organisatie}",
        values={"aanvrager": "A & B <b>", "kenmerk": "BIBOB-1", "organisatie": "Enschede",
                "datum": "1 mei 2026"},
        address="Straat 1\n\n7511 AA  Enschede\n",
    )  # fmt: skip
    assert letter.subject == "Uw aanvraag BIBOB-1"
    assert letter.body == [
        ["Geachte A & B <b>,"],
        ["Regel een", "regel twee {x}"],
        ["Slot {onbekend}"],
    ]
    assert letter.address == ["A & B <b>", "Straat 1", "7511 AA  Enschede"]
    assert letter.closing == [["Groet,"], ["Enschede"]]


# --- Making a letter ----------------------------------------------------------------------------


def test_the_questionnaire_letter_as_word_and_as_pdf(client, officer, screening):
    client.force_login(officer)
    url = reverse("bibob:letter_new", args=[screening.pk, "vragenformulier"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Café De Gouden Leeuw B.V." in page.content.decode()
    today = timezone.localdate()
    reply_by = today + datetime.timedelta(days=30)
    data = {"date": today.isoformat(), "reply_by": reply_by.isoformat(),
            "address": "Oude Markt 7\n7511 GB Enschede"}  # fmt: skip
    word = client.post(url, {**data, "format": "docx"})
    assert word.status_code == 200
    assert word["Content-Disposition"].endswith(
        f'brief-{screening.reference.lower()}-vragenformulier.docx"'
    )
    text = _word_text(word.content)
    for expected in (
        "Café De Gouden Leeuw B.V.",
        "Oude Markt 7",
        "7511 GB Enschede",
        screening.reference,
        "exploitatievergunning voor Oude Markt 7",
        _dutch(today),
        f"uiterlijk {_dutch(reply_by)}",
        "Bibob-vragenformulier bij uw aanvraag",
        "Gemeente Enschede"
        if "Gemeente" in screening.organisation.name
        else screening.organisation.name,
    ):
        assert expected in text, expected
    assert "{" not in text  # every field filled in
    pdf = client.post(url, {**data, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Café De Gouden Leeuw B.V." in text and screening.reference in text
    # The page and both letters read the screening: three reads, each logged as a letter.
    assert (
        AccessLog.objects.filter(
            user=officer, reference=screening.reference, purpose=Purpose.LETTER
        ).count()
        == 3
    )


def test_the_intention_to_refuse_asks_for_the_reasons_and_stores_none(client, officer, screening):
    client.force_login(officer)
    url = reverse("bibob:letter_new", args=[screening.pk, "voornemen_weigering"])
    today = timezone.localdate()
    data = {
        "date": today.isoformat(),
        "reply_by": (today + datetime.timedelta(days=14)).isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["reasons"] == [
        "Schrijf de redenen op: de tekst van de brief vraagt erom."
    ]
    reasons = "Zq8Reden: de exploitant is een stroman van een veroordeelde."
    word = client.post(url, {**data, "reasons": reasons, "address": "Zq8Adres 1"})
    text = _word_text(word.content)
    assert reasons in text and "Voornemen tot weigering van uw aanvraag" in text
    assert _dutch(today + datetime.timedelta(days=14)) in text
    # Whole phrases, with a colon and a space: encrypted columns are base64 text, in which a
    # short marker such as "Zq8" turns up by chance now and then.
    written = ("Zq8Reden: de exploitant", "Zq8Adres 1")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                assert not any(w in str(value) for value in row for w in written), table


@pytest.mark.parametrize(
    ("date_days", "reply_days", "field"),
    [(0, -1, "reply_by"), (0, 0, "reply_by"), (0, 400, "reply_by"), (-400, 0, "date")],
)
def test_impossible_dates_are_refused_next_to_their_field(
    client, officer, screening, date_days, reply_days, field
):
    client.force_login(officer)
    today = timezone.localdate()
    response = client.post(
        reverse("bibob:letter_new", args=[screening.pk, "vragenformulier"]),
        {"date": (today + datetime.timedelta(days=date_days)).isoformat(),
         "reply_by": (today + datetime.timedelta(days=reply_days)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_an_unknown_letter_is_not_found(client, officer, screening):
    client.force_login(officer)
    assert client.get(reverse("bibob:letter_new", args=[screening.pk, "brief"])).status_code == 404


# --- The team's own texts -----------------------------------------------------------------------


def test_the_team_writes_its_own_text_and_goes_back_to_the_default(
    client, officer, colleague, enschede, screening
):
    client.force_login(officer)
    edit = reverse("bibob:letter_template_edit", args=[enschede.pk, "vragenformulier"])
    assert LETTERS["vragenformulier"]["subject"] in client.get(edit).content.decode()
    wrong = client.post(edit, {"subject": "Uw aanvraag", "body": "Beste {naam},",
                               "closing": "Groet"})  # fmt: skip
    assert wrong.status_code == 400
    assert "{naam}" in wrong.context["form"].errors["body"][0]
    assert not LetterTemplate.objects.exists()
    saved = client.post(edit, {"subject": "Vragenlijst {kenmerk}",
                               "body": "Beste {aanvrager},\n\nGraag vóór {termijn} terug.",
                               "closing": "Team Bibob Enschede"})  # fmt: skip
    assert saved.status_code == 302
    assert AuditEvent.objects.filter(action="bibob.letter_template").exists()
    # A colleague of the same team makes the letter from it.
    client.force_login(colleague)
    today = timezone.localdate()
    word = client.post(
        reverse("bibob:letter_new", args=[screening.pk, "vragenformulier"]),
        {"date": today.isoformat(), "reply_by": (today + datetime.timedelta(days=1)).isoformat()},
    )
    text = _word_text(word.content)
    assert f"Vragenlijst {screening.reference}" in text
    assert "Beste Café De Gouden Leeuw B.V.," in text and "Team Bibob Enschede" in text
    assert LETTERS["vragenformulier"]["subject"] not in text
    client.post(reverse("bibob:letter_template_reset", args=[enschede.pk, "vragenformulier"]))
    assert not LetterTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="bibob.letter_template_reset").exists()


def test_another_team_cannot_touch_a_teams_texts(
    client, hengelo_officer, coordinator, enschede, verified
):
    edit = reverse("bibob:letter_template_edit", args=[enschede.pk, "vragenformulier"])
    for user in (hengelo_officer, coordinator):
        client.force_login(user)
        assert client.get(edit).status_code == 404
        data = {"subject": "x", "body": "x", "closing": "x"}
        assert client.post(edit, data).status_code == 404
    assert not LetterTemplate.objects.exists()
    # Only a Bibob team has letter texts at all.
    assert client.get(reverse("bibob:letter_templates")).status_code == 404


def test_the_letter_is_dutch_whatever_language_the_officer_reads(client, officer, screening):
    from django.conf import settings

    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("bibob:letter_new", args=[screening.pk, "vragenformulier"])
    assert "Letter: questionnaire" in client.get(url).content.decode()  # the page is English
    today = timezone.localdate()
    word = client.post(
        url,
        {"date": today.isoformat(), "reply_by": (today + datetime.timedelta(days=9)).isoformat()},
    )
    text = _word_text(word.content)
    assert "Ons kenmerk" in text and "Vertrouwelijk" in text and _dutch(today) in text
    assert "Our reference" not in text
