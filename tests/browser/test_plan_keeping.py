"""The coordinator keeps a plan in the browser: next year's programme as a copy of this
year's, a theme moved up, an action removed after confirmation; and a pasted plan whose first
line was read as an action, corrected to a theme before the import. Every page passes axe."""

from playwright.sync_api import Page, expect

from dijkwacht.programmes.models import Programme, Status
from tests.browser.words import dutch


def test_next_years_programme_is_a_copy_kept_in_the_browser(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    source = Programme.objects.get(name="Weerbare Overheid en Maatschappij 2024")
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/programmas/{source.pk}/")
    page.get_by_role("link", name=dutch("Copy to a new programme (for next year)")).click()
    expect(page.locator("main h1")).to_have_text(dutch("New programme"))
    problems = accessibility_problems("new programme")
    page.get_by_label(dutch("Name"), exact=True).fill("Weerbare Overheid en Maatschappij 2025")
    submit(page.get_by_role("button", name=dutch("Make the programme")))

    copy = Programme.objects.get(name="Weerbare Overheid en Maatschappij 2025")
    expect(page.locator("main h1")).to_have_text(dutch("Themes and actions"))
    assert copy.copied_from == source and copy.is_draft
    assert copy.actions.count() == source.actions.count()
    assert (
        not copy.actions.exclude(commitments__status=Status.PLANNED)
        .filter(commitments__isnull=False)
        .exists()
    )
    problems += accessibility_problems("themes and actions")

    second = copy.themes.all()[1]
    move_up = f"{dutch('Move up')} {second.title}"
    page.locator(f"#thema-{second.pk}").get_by_role("button", name=move_up, exact=True).click()
    expect(page.locator("main h2").first).to_have_text(second.title)
    assert copy.themes.first() == second

    action = copy.actions.order_by("position").first()
    page.locator(f"#actie-{action.pk}").get_by_role("link", name=dutch("Remove")).click()
    # The confirmation is a page of its own: axe runs once it is there, not mid-navigation.
    remove = page.get_by_role("button", name=dutch("Remove from the plan"))
    expect(remove).to_be_visible()
    problems += accessibility_problems("remove an action")
    submit(remove)
    expect(page.locator("#verwijderd")).to_be_visible()
    screenshot("plan-keeping")
    problems += accessibility_problems("themes and actions, one removed")
    assert copy.actions.count() == source.actions.count() - 1 - action.sub_actions.count()
    assert not problems, "\n\n".join(problems)


PASTED = (
    "Actieplan weerbaarheid\n\n1. Bewustwording\n"
    "2. Een training voor alle baliemedewerkers van de gemeente\n- rollenspel\n- toets\n"
)


def test_a_misread_line_is_corrected_before_the_import(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    log_in("coordinator@dijkwacht.test")
    page.goto("/programmas/importeren/")
    page.get_by_label(dutch("Name of the programme")).fill("Geplakt plan")
    page.get_by_label(dutch("Text of the plan")).fill(PASTED)
    submit(page.get_by_role("button", name=dutch("Show what will be imported")).first)
    choice = page.get_by_label(dutch("Read “%(text)s” as") % {"text": "Bewustwording"})
    expect(choice).to_have_value("action")
    problems = accessibility_problems("import preview")

    choice.select_option("theme")
    submit(page.get_by_role("button", name=dutch("Show what will be imported")).last)
    expect(
        page.get_by_label(dutch("Read “%(text)s” as") % {"text": "Bewustwording"})
    ).to_have_value("theme")
    screenshot("plan-import-corrected")
    problems += accessibility_problems("import preview, corrected")
    submit(page.get_by_role("button", name="acties inlezen als concept").last)

    programme = Programme.objects.get(name="Geplakt plan")
    assert list(programme.themes.values_list("title", flat=True)) == ["Bewustwording"]
    assert programme.actions.filter(theme__title="Bewustwording", parent__isnull=True).count() == 1
    assert not problems, "\n\n".join(problems)
