"""The matrix in a real browser: a contributor updates their own cell in place (htmx) with a
note; the coordinator sees the new status and its history. Both states pass axe."""

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import Commitment
from tests.factories import make_programme


def dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


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
    # Only the own organisation's cells can be updated.
    expect(
        page.locator(f"#cell-{other.action_id}-{hengelo.pk} a", has_text=dutch("Update"))
    ).to_have_count(0)

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
    page.locator(cell_id).get_by_role("link", name=dutch("History")).click()
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
