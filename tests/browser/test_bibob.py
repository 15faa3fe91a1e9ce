"""The Bibob register in the browser: the Enschede team opens a screening, sends the
questionnaire, records its own investigation, asks the LBB for advice, reads the clock, and
decides after the applicant's view; the coordinator of the partnership reads counts only. Every
page passes axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from dijkwacht.bibob.models import AccessLog, Screening
from tests.browser.conftest import SCREENSHOTS
from tests.browser.words import dutch


def _ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def _record(page: Page, submit, action: str, fields: dict[str, str], choose=None) -> None:
    form = page.locator(f"#form-{action}")
    for name, value in fields.items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name, label in (choose or {}).items():
        field = form.locator(f"[name='{action}-{name}']")
        if field.first.get_attribute("type") == "radio":
            form.get_by_label(label, exact=True).check()
        else:
            field.select_option(label=label)
    submit(form.get_by_role("button"))


def test_a_screening_from_questionnaire_to_lbb_advice_to_decision(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    log_in("bibob@dijkwacht.test")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Bibob register")
    ).click()
    expect(page.locator("main h1")).to_have_text(dutch("Bibob register"))
    screenshot("bibob-register")
    problems = accessibility_problems("Bibob register")

    page.get_by_role("link", name=dutch("Open a screening")).click()
    problems += accessibility_problems("open a screening")
    page.get_by_label(dutch("Decision category")).select_option(
        label="Exploitatievergunning horeca"
    )
    page.get_by_label(dutch("The decision it concerns")).fill(
        "Exploitatievergunning Eetcafé De Proefdijk (fictief)"
    )
    page.get_by_label(dutch("Legal term of the decision")).fill(_ago(-20))
    page.get_by_label("onderneming of rechtspersoon").check()
    page.get_by_label(dutch("Name of the person or company")).fill("Proefdijk B.V. (fictief)")
    page.get_by_label(dutch("KvK number")).fill("99001234")
    page.get_by_label(dutch("Opened on")).fill(_ago(90))
    submit(page.get_by_role("button", name=dutch("Open the screening")))
    screening = Screening.objects.latest("pk")
    expect(page.locator("main h1")).to_have_text(f"Bibob-onderzoek {screening.reference}")

    _record(page, submit, "questionnaire_send", {"date": _ago(88), "due_on": _ago(70)})
    _record(page, submit, "questionnaire_receive", {"date": _ago(72)})
    _record(page, submit, "investigate", {"date": _ago(65)},
            {"finding": "Ernstige aanwijzingen: LBB-advies nodig"})  # fmt: skip
    # A day still to come: the field says what is wrong, and nothing is recorded.
    _record(page, submit, "lbb_request", {"date": _ago(-1), "lbb_reference": "LBB-2026-4711"})
    expect(page.locator("#form-lbb_request")).to_contain_text(
        dutch("A step cannot be recorded for a day still to come.")
    )
    problems += accessibility_problems("a step refused")
    _record(page, submit, "lbb_request", {"date": _ago(50), "lbb_reference": "LBB-2026-4711"})
    # Requested 50 days ago: the LBB's 8 weeks end in 6 days, and the team is warned.
    terms = page.get_by_role("region", name=dutch("Terms"))
    expect(terms).to_contain_text("nog 6 dagen")
    screenshot("bibob-screening-lbb-running")
    problems += accessibility_problems("screening with the LBB's term running")

    _record(page, submit, "lbb_advice", {"date": _ago(10)},
            {"conclusion": "ernstige mate van gevaar"})  # fmt: skip
    _record(page, submit, "view_request", {"date": _ago(9)})
    _record(page, submit, "view_receive", {"date": _ago(3)})
    _record(page, submit, "decide", {"date": _ago(1)}, {"outcome": "Geweigerd"})
    _record(page, submit, "register", {"date": _ago(0)})
    screening.refresh_from_db()
    assert (screening.status, screening.outcome, screening.lbb_conclusion) == (
        "besloten", "geweigerd", "ernstige_mate"
    )  # fmt: skip
    assert screening.registered_on == timezone.localdate()
    expect(page.get_by_role("region", name=dutch("Terms"))).to_contain_text(
        dutch("No term is running.")
    )
    screenshot("bibob-screening-decided")
    problems += accessibility_problems("decided screening")
    assert AccessLog.objects.filter(reference=screening.reference).count() >= 10

    page.goto("/bibob/cijfers/")
    problems += accessibility_problems("Bibob figures, team")
    assert not problems, "\n\n".join(problems)


def test_the_coordinator_reads_counts_and_never_a_screening(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    log_in("coordinator@dijkwacht.test")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Bibob figures")
    ).click()
    expect(page.locator("main h1")).to_have_text(dutch("Bibob figures"))
    expect(page.locator("main")).to_contain_text("<5")
    expect(page.locator("main")).not_to_contain_text("fictief")
    screenshot("bibob-figures-coordinator")
    problems = accessibility_problems("Bibob figures, coordinator")
    screening = Screening.objects.order_by("pk").first()
    response = page.goto(f"/bibob/{screening.pk}/")
    assert response is not None and response.status == 404
    page.goto("/bibob/")
    expect(page.locator("main h1")).to_have_text(dutch("Bibob figures"))
    assert not problems, "\n\n".join(problems)


def test_the_policy_matrix_shows_the_gaps_and_one_becomes_a_joint_action(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    """Maas en Leijgraaf's coordinator reads the eight policies against the reference, and
    turns the gap on the sale of real estate into a joint action for the members behind."""
    from dijkwacht.organisations.models import Partnership
    from dijkwacht.programmes.models import Commitment
    from tests.factories import make_programme

    partnership = Partnership.objects.get(slug="basisteam-maas-en-leijgraaf")
    make_programme(
        partnership, [], name="Actieplan Maas en Leijgraaf 2027"
    )  # the 2019 one is closed
    log_in("maasenleijgraaf@dijkwacht.test")
    page.goto(f"/bibob/beleid/{partnership.pk}/")
    expect(page.locator("main h1")).to_have_text(f"Bibob-beleid in {partnership.name}")
    table = page.locator("table.dw-policy-matrix")
    sale = table.get_by_role("row").filter(has_text="Verkoop van vastgoed of grond")
    expect(sale.get_by_text("onder de referentie")).to_have_count(5)
    screenshot("bibob-policy-matrix")
    problems = accessibility_problems("Bibob policy matrix")
    sale.get_by_role("link", name="Gezamenlijke actie voor 5 leden").click()
    problems += accessibility_problems("joint action from a gap")
    submit(page.get_by_role("button", name=dutch("Create the joint action")))
    expect(page.locator(".utrecht-alert, [role=status]").first).to_contain_text("5 organisaties")
    action_title = page.locator("main h1").inner_text()
    behind = Commitment.objects.filter(action__title=action_title).values_list(
        "organisation__name", flat=True
    )
    assert sorted(behind) == [
        "Boekel",
        "Boxmeer",
        "Landerd",
        "Mill en Sint Hubert",
        "Sint Anthonis",
    ]

    page.goto(f"/bibob/beleid/{partnership.pk}/referentie/")
    problems += accessibility_problems("reference policy form")
    assert not problems, "\n\n".join(problems)


def test_the_team_makes_its_own_letter_text_and_a_letter_of_intention_to_refuse(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    """The Enschede officer signs the intention to refuse in the mayor's name, makes the letter
    for a screening with the LBB's serious conclusion, and downloads the year's figures."""
    import io

    from docx import Document
    from openpyxl import load_workbook

    log_in("bibob@dijkwacht.test")
    page.goto("/bibob/")
    page.get_by_role("link", name=dutch("Letter texts")).click()
    expect(page.locator("main h1")).to_have_text(dutch("Letter texts"))
    problems = accessibility_problems("letter texts")
    page.get_by_role("link", name="Voornemen tot weigering").click()
    problems += accessibility_problems("a letter text")
    screenshot("bibob-letter-text")
    closing = page.get_by_label(dutch("Closing and signature"))
    closing.fill("Met vriendelijke groet,\n\nnamens de burgemeester van Enschede,\n{onbekend}")
    submit(page.get_by_role("button", name=dutch("Save"), exact=True))
    # An unknown field is refused next to the field, with the fields there are.
    expect(page.locator("main")).to_contain_text("Onbekend veld {onbekend}")
    problems += accessibility_problems("a letter text refused")
    closing.fill("Met vriendelijke groet,\n\nnamens de burgemeester van Enschede,\nTeam Bibob")
    submit(page.get_by_role("button", name=dutch("Save"), exact=True))
    expect(page.get_by_role("status")).to_contain_text("is bewaard")
    expect(page.locator("main")).to_contain_text("eigen tekst, gewijzigd")

    screening = Screening.objects.filter(lbb_conclusion="ernstige_mate").first()
    page.goto(f"/bibob/{screening.pk}/")
    page.get_by_role("link", name=dutch("Letter: intention to refuse")).click()
    expect(page.locator("main h1")).to_have_text("Brief: voornemen tot weigering")
    submit(page.get_by_role("button", name=dutch("Make the letter (Word)")))
    expect(page.locator("main")).to_contain_text(
        dutch("Write the reasons: the letter's text asks for them.")
    )
    problems += accessibility_problems("a letter without its reasons")
    page.get_by_label(dutch("Reasons")).fill("De exploitant is een stroman (fictief).")
    page.get_by_label(dutch("Address")).fill("Oude Markt 1\n7511 GA Enschede")
    screenshot("bibob-letter-form")
    with page.expect_download() as download:
        page.get_by_role("button", name=dutch("Make the letter (Word)")).click()
    assert download.value.suggested_filename.endswith("-voornemen_weigering.docx")
    document = Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "De exploitant is een stroman (fictief)." in text
    assert "namens de burgemeester van Enschede" in text and screening.reference in text
    with page.expect_download() as pdf:
        page.get_by_role("button", name=dutch("Make the letter (PDF)")).click()
    import pypdfium2

    rendered = pypdfium2.PdfDocument(open(pdf.value.path(), "rb").read())  # noqa: SIM115
    assert "De exploitant is een stroman (fictief)." in rendered[0].get_textpage().get_text_range()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    rendered[0].render(scale=1.4).to_pil().save(SCREENSHOTS / "bibob-letter-pdf.png")

    page.goto("/bibob/cijfers/")
    with page.expect_download() as figures:
        page.get_by_role("link", name=re.compile(r"^Download de cijfers van \d{4}")).click()
    book = load_workbook(io.BytesIO(open(figures.value.path(), "rb").read()))  # noqa: SIM115
    assert book.sheetnames == ["Over", "Geopend", "Besluiten", "LBB en termijnen"]
    assert not problems, "\n\n".join(problems)
