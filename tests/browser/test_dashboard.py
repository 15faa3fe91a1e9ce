"""The partnership's dashboard as a viewer (a burgemeester) and as the coordinator reads it:
every section, what asks for attention, and a figure downloaded as CSV and PNG. Every page
passes axe; the screenshots are under test-results/screenshots/."""

import re

from playwright.sync_api import Page, expect

from dijkwacht.organisations.models import Partnership
from tests.browser.words import dutch


def test_a_viewer_reads_the_dashboard_and_downloads_a_figure(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    twente = Partnership.objects.get(name="District Twente")
    log_in("viewer@dijkwacht.test")
    page.goto(f"/samenwerkingsverbanden/{twente.pk}/")
    for title in ("Programmes", "Resilience scans", "Meldpunt", "Indicators"):
        expect(page.get_by_role("heading", name=dutch(title), exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=dutch("What needs attention now"))).to_be_visible()
    # Each chart is an image with a name, beside a table of its figures.
    charts = page.locator("figure.dw-figure svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() == page.locator("figure.dw-figure table").count()
    screenshot("dashboard-viewer")
    problems = accessibility_problems("dashboard as a viewer")

    figure = page.locator("figure.dw-figure").filter(has_text=dutch("Reports per quarter and kind"))
    with page.expect_download() as csv_download:
        figure.get_by_role("link", name=re.compile(r"\bCSV\b")).click()
    text = open(csv_download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert text.splitlines()[0].startswith(dutch("Quarter") + ";")
    with page.expect_download() as png_download:
        figure.get_by_role("link", name=re.compile(r"\bPNG\b")).click()
    assert open(png_download.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"  # noqa: SIM115
    assert not problems, "\n\n".join(problems)


def test_the_coordinator_is_told_what_needs_attention(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    log_in("coordinator@dijkwacht.test")
    page.goto("/")
    attention = page.locator(".dw-attention")
    items = attention.get_by_role("listitem")
    expect(items.first).to_be_visible()
    # Each item leads to where it is resolved.
    link = items.first.get_by_role("link")
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{target}")
    screenshot("dashboard-attention-target")
    page.goto("/")
    screenshot("dashboard-coordinator")
    problems = accessibility_problems("dashboard as the coordinator")
    assert not problems, "\n\n".join(problems)


def test_the_coordinator_colours_the_map_by_an_indicator_and_reads_a_value_by_keyboard(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    twente = Partnership.objects.get(name="District Twente")
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/samenwerkingsverbanden/{twente.pk}/")
    page.get_by_role("link", name=dutch(
        "The municipalities coloured by progress, scan results or meldpunt reports"
    )).click()  # fmt: skip
    page.get_by_label(dutch("Colour the municipalities by")).select_option("meldingen")
    page.get_by_role("button", name=dutch("Show")).click()
    expect(page.locator("main h2").first).to_have_text(
        dutch("Meldpunt reports in the last four quarters")
    )
    enschede = page.locator('#kaart [data-value^="Enschede:"]')
    enschede.focus()
    readout = page.locator(".dw-choropleth__readout")
    expect(readout).to_have_text(enschede.get_attribute("data-value") or "")
    row = page.locator("#kaart-tabel tr").filter(has_text="Enschede")
    expect(row).to_contain_text(enschede.get_attribute("data-value").split(": ")[1])
    screenshot("map-partnership-meldpunt")
    problems = accessibility_problems("map of the partnership")
    assert not problems, "\n\n".join(problems)


def test_the_platform_admin_reads_the_national_map(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    log_in("admin@dijkwacht.test")
    page.goto("/")
    page.get_by_role("link", name=dutch("Map of the Netherlands")).click()
    expect(page.locator("#kaart path[tabindex='0']")).to_have_count(342)
    screenshot("map-national")
    problems = accessibility_problems("national map")
    assert not problems, "\n\n".join(problems)
