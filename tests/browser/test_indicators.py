"""Indicators as a coordinator keeps them and a viewer reads them: a new indicator, a file with
a wrong row (nothing saved, the row named), the corrected file, the trend with its table and
the indicator on the map; a viewer sees small counts suppressed and the example figures
marked. Every page passes axe; the screenshots are under test-results/screenshots/."""

from playwright.sync_api import Page, expect

from dijkwacht.insights.models import Indicator
from tests.browser.words import dutch


def test_a_coordinator_adds_an_indicator_and_its_values_from_a_file(
    page: Page, demo, log_in, screenshot, accessibility_problems, tmp_path
):
    log_in("coordinator@dijkwacht.test")
    page.goto("/indicatoren/")
    page.get_by_role("link", name=dutch("New indicator")).click()
    page.get_by_label(dutch("For"), exact=True).select_option(label="District Twente")
    page.get_by_label(dutch("name").capitalize(), exact=True).fill("Leegstaande bedrijfspanden")
    page.get_by_label(dutch("definition").capitalize()).fill(
        "Panden die langer dan een jaar leegstaan."
    )
    page.get_by_label(dutch("unit").capitalize(), exact=True).select_option("count")
    page.get_by_label(dutch("source").capitalize(), exact=True).fill("Eigen analyse van de BAG")
    problems = accessibility_problems("new indicator")
    page.get_by_role("button", name=dutch("Save")).click()

    wrong = tmp_path / "waarden.csv"
    wrong.write_text("code;periode;waarde\nGM0153;2023;41\nGM0153;2024;veel\nGM0164;2024;17\n")
    page.get_by_label(dutch("File with values")).set_input_files(str(wrong))
    page.get_by_role("button", name=dutch("Check and save")).click()
    expect(page.get_by_text("Rij 3:")).to_be_visible()
    screenshot("indicator-upload-problem")
    problems += accessibility_problems("an upload with a wrong row")
    indicator = Indicator.objects.get(name="Leegstaande bedrijfspanden")
    assert not indicator.values.exists()

    right = tmp_path / "waarden-goed.csv"
    right.write_text(
        "code;periode;waarde\nGM0153;2023;41\nGM0153;2024;38\nGM0164;2023;20\nGM0164;2024;17\n"
        "PV23;2024;410\nNL01;2024;9100\n"
    )
    page.get_by_label(dutch("File with values")).set_input_files(str(right))
    page.get_by_role("button", name=dutch("Check and save")).click()
    expect(page.get_by_role("heading", name="Leegstaande bedrijfspanden")).to_be_visible()
    chart = page.locator("figure.dw-figure svg[role=img]")
    expect(chart).to_be_visible()
    # A count is drawn at one level (the members); the country stands in the table beside it.
    expect(page.locator("figure.dw-figure table")).to_contain_text("Enschede")
    compared = page.locator("table").filter(
        has_text=dutch("Compared with the province and the country")
    )
    expect(compared.get_by_role("row").filter(has_text="Nederland")).to_contain_text("9.100")
    screenshot("indicator-detail-coordinator")
    problems += accessibility_problems("an indicator's page")

    page.get_by_role("link", name=dutch("Show on the map")).click()
    rows = page.locator("#kaart-tabel").get_by_role("row")
    expect(rows.filter(has_text="Enschede")).to_contain_text("38")
    screenshot("indicator-on-the-map")
    assert not problems, "\n\n".join(problems)


def test_a_viewer_reads_example_figures_with_small_counts_suppressed(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    log_in("viewer@dijkwacht.test")
    page.goto("/indicatoren/")
    screenshot("indicator-list-viewer")
    problems = accessibility_problems("the indicators as a viewer")
    page.get_by_role(
        "link", name="Signalen van ondermijning bij de gemeente (voorbeeldcijfers)"
    ).click()
    expect(page.get_by_text(dutch("Example figures (voorbeeldcijfers)."))).to_be_visible()
    members = page.locator("table").last
    expect(members).to_contain_text("<5")
    # Who cannot keep the indicator is not offered to change it.
    expect(page.get_by_role("link", name=dutch("Add values from a file"))).to_have_count(0)
    screenshot("indicator-detail-viewer")
    problems += accessibility_problems("an indicator with suppressed counts")

    page.goto("/indicatoren/")
    page.get_by_role("link", name="Drugsafvaldumpingen").click()
    expect(
        page.get_by_role("link", name="Politie, Nationaal Overzicht Drugslocaties (jaarlijks)")
    ).to_be_visible()
    screenshot("indicator-national")
    assert not problems, "\n\n".join(problems)
