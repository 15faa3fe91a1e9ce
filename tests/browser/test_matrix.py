"""The matrix in a real browser: a contributor clicks their own cell and updates it in place
(htmx) with a note; the coordinator sees the new status and, from the cell's editor, its
history. Every state passes axe; a full Twente matrix fits a 1366 px screen."""

from playwright.sync_api import Page, expect

from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import Commitment
from tests.browser.words import dutch
from tests.factories import make_programme


def test_contributor_updates_a_cell_and_the_coordinator_sees_its_history(
    page: Page, demo, log_in, screenshot, accessibility_problems, context
):
    twente = Partnership.objects.get(slug="district-twente")
    enschede = Organisation.objects.get(cbs_code="GM0153")
    hengelo = Organisation.objects.get(cbs_code="GM0164")
    programme = make_programme(twente, [enschede, hengelo], actions=3, themes=2, name="Browserplan")
    cell = Commitment.objects.filter(programme=programme, organisation=enschede).first()
    other = Commitment.objects.get(action=cell.action, organisation=hengelo)
    cell_id = f"#cell-{cell.action_id}-{enschede.pk}"

    log_in("enschede@dijkwacht.test")
    page.goto(f"/programmas/{programme.pk}/matrix/")
    expect(page.locator("table.dw-matrix")).to_be_visible()
    assert accessibility_problems("matrix") == []
    # Only the own organisation's cells can be updated; another's cell opens its history.
    other_cell = page.locator(f"#cell-{other.action_id}-{hengelo.pk}")
    expect(other_cell.get_by_role("link", name=dutch("History"))).to_have_count(1)
    expect(other_cell.get_by_role("link", name=dutch("Update"))).to_have_count(0)

    # htmx is loaded with `defer`: wait until it has wired up the page before clicking.
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator(cell_id).get_by_role("link", name=dutch("Update")).click()
    form = page.locator(f"form{cell_id}")
    expect(form).to_be_visible(timeout=15_000)
    assert accessibility_problems("matrix, editing a cell") == []
    form.get_by_label(dutch("Status")).select_option("in_uitvoering")
    form.get_by_label(dutch("Note")).fill("Workshop voor nieuwe medewerkers gepland in maart.")
    form.get_by_role("button", name=dutch("Save")).click()

    updated = page.locator(f"div{cell_id}")
    expect(updated).to_contain_text(dutch("in progress"))
    expect(updated.get_by_role("status")).to_have_text(dutch("Saved"))
    screenshot("matrix")

    context.clear_cookies()
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/programmas/{programme.pk}/matrix/")
    expect(page.locator(cell_id)).to_contain_text(dutch("in progress"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator(cell_id).get_by_role("link", name=dutch("Update")).click()
    page.locator(f"form{cell_id}").get_by_role("link", name=dutch("History")).click()
    expect(page.locator("main")).to_contain_text(
        "Workshop voor nieuwe medewerkers gepland in maart."
    )
    expect(page.locator("main table")).to_contain_text("Eva Schuttevaer (demo)")
    assert accessibility_problems("cell history") == []


def test_matrix_filters_without_javascript_reload(page: Page, demo, log_in):
    twente = Partnership.objects.get(slug="district-twente")
    enschede = Organisation.objects.get(cbs_code="GM0153")
    programme = make_programme(twente, [enschede], actions=2, themes=2, name="Filterplan")
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/programmas/{programme.pk}/matrix/")
    expect(page.locator("tbody .dw-cell")).to_have_count(4)
    page.get_by_label(dutch("Theme")).select_option(label="Thema 2")
    page.get_by_role("button", name=dutch("Filter")).click()
    expect(page.locator("tbody .dw-cell")).to_have_count(2)
    assert "theme=" in page.url


def test_a_twente_matrix_reads_at_a_glance_on_a_laptop(page: Page, demo, log_in, screenshot):
    """Fourteen organisations side by side at 1366 px: every column in view without
    scrolling sideways, each cell filled with its status colour, and the page keeps its
    margins."""
    programme = Partnership.objects.get(slug="district-twente").programmes.get(
        name="Weerbare Overheid en Maatschappij 2024"
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/programmas/{programme.pk}/matrix/")
    frame = page.locator("#matrix-table")
    expect(frame).to_be_visible()
    screenshot("matrix-twente-1366")
    widths = page.evaluate(
        """() => { const f = document.querySelector('#matrix-table');
                   return [f.scrollWidth, f.clientWidth,
                           document.documentElement.scrollWidth, window.innerWidth]; }"""
    )
    table_width, frame_width, page_width, window_width = widths
    assert page_width <= window_width
    assert table_width <= frame_width, f"the matrix needs {table_width}px, has {frame_width}px"
    assert page.locator("thead th").count() == 15
    filled = page.evaluate(
        "getComputedStyle(document.querySelector('tbody .dw-cell')).backgroundColor"
    )
    assert filled not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
