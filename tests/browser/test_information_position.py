"""The information position in the browser: an operational worker walks the checklist "when
and how do I involve the province?" to its outcome, sees whom to call and which sources may
help, and keeps it; the coordinator reads the registration systems' gaps. Every page passes
axe."""

from playwright.sync_api import Page, expect

from dijkwacht.catalogue.models import ChecklistRecord
from dijkwacht.organisations.models import Partnership
from tests.browser.words import dutch


def test_walking_the_checklist_to_the_province(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    twente = Partnership.objects.get(slug="district-twente")
    kept = ChecklistRecord.objects.count()
    log_in("enschede@dijkwacht.test")
    page.goto("/informatie/bronnen/")
    page.get_by_role(
        "link", name=dutch("Checklist: when and how do I involve the province?")
    ).click()
    expect(page.locator("main h1")).to_have_text("Wanneer en hoe betrek ik de provincie?")
    problems = accessibility_problems("checklist, first question")
    for answer in (
        "Een gebied (buitengebied, vakantiepark, bedrijventerrein, haven)",
        "Nee",
        "Ja",
    ):
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name=dutch("Next")).click()
    expect(page.locator("#uitkomst")).to_have_text("Vraag de provincie om informatie")
    # Whom to call (the roster's theme) and the province's sources for it.
    expect(
        page.get_by_role("link", name="Openbare dataviewer provincie Overijssel")
    ).to_be_visible()
    screenshot("checklist-outcome")
    problems += accessibility_problems("checklist, outcome")
    page.get_by_role("link", name=dutch("Back one question")).click()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name=dutch("Next")).click()
    submit(page.get_by_role("button", name=dutch("Keep")))
    expect(page.locator("main h1")).to_have_text(dutch("Completed checklists"))
    problems += accessibility_problems("completed checklists")
    assert ChecklistRecord.objects.count() == kept + 1
    record = ChecklistRecord.objects.latest("pk")
    assert record.partnership == twente and record.party == "provincie"

    page.goto(f"/informatie/registratiesystemen/{twente.pk}/")
    expect(page.get_by_text("Agressie-incidenten: 9 van 14 zonder bekend register")).to_be_visible()
    screenshot("registration-systems")
    problems += accessibility_problems("registration systems")
    assert not problems, "\n\n".join(problems)


def test_switching_map_layers_and_following_an_area_to_what_concerns_it(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    """A municipal worker switches on the holiday parks, reads them on the map and in the
    list, and opens one: its sources, programme action and contact persons. The province's
    shielded park never shows to them."""
    twente = Partnership.objects.get(slug="district-twente")
    log_in("enschede@dijkwacht.test")
    page.goto(f"/samenwerkingsverbanden/{twente.pk}/kaart/")
    layers = page.get_by_role("group", name=dutch("Map layers"))
    layers.get_by_label("Vakantieparken", exact=False).check()
    page.get_by_label(dutch("Colour the municipalities by")).select_option(
        label="Vakantieparken: in aanpak (aantal)"
    )
    page.get_by_role("button", name=dutch("Show")).click()
    expect(page.locator("#kaart .dw-layers a")).to_have_count(3)
    listed = page.get_by_role("table", name="3 gebieden op de kaart")
    expect(listed.get_by_role("row")).to_have_count(4)
    expect(page.get_by_text("Vakantiepark Grensgeval")).to_have_count(0)
    screenshot("map-layers")
    problems = accessibility_problems("map with layers")
    page.locator("#kaart .dw-layers a").filter(
        has=page.locator("title", has_text="Vakantiepark De Verzonnen Es")
    ).click()
    expect(page.locator("main h1")).to_have_text("Vakantiepark De Verzonnen Es (fictief)")
    expect(
        page.get_by_role("link", name="Afgeschermde dataviewer provincie Overijssel")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Olga Veldhuis (demo)")).to_be_visible()
    screenshot("area")
    problems += accessibility_problems("area")
    page.goto("/informatie/gebieden/")
    expect(page.get_by_role("table", name="8 gebieden")).to_be_visible()
    problems += accessibility_problems("areas")
    assert not problems, "\n\n".join(problems)
