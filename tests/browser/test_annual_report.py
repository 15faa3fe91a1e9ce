"""The annual report as the coordinator makes it: the draft beside the platform's figures, a
plan that is not a number named at its field, the texts saved, a version published, and its
PDF made in the background and downloaded; then a viewer reads the published versions. Every
page passes axe; the screenshots (and the PDF's first pages, rendered) are under
test-results/screenshots/."""

import re

from playwright.sync_api import Page, expect

from dijkwacht.exports.models import DocumentJob
from dijkwacht.insights.models import AnnualReport
from tests.browser.conftest import SCREENSHOTS
from tests.browser.words import dutch


def test_the_coordinator_composes_publishes_and_downloads_the_annual_report(
    page: Page, demo, log_in, screenshot, accessibility_problems, submit
):
    log_in("coordinator@dijkwacht.test")
    page.goto("/jaarverslagen/")
    expect(page.get_by_role("link", name="Jaarverslag 2024 — District Twente")).to_be_visible()
    screenshot("annual-report-list")
    problems = accessibility_problems("the annual reports")

    page.get_by_role("link", name="Jaarverslag 2025 — District Twente").click()
    for title in ("Summary", "Themes and actions", "Indicators", "Resilience scans", "Outlook"):
        expect(page.get_by_role("heading", name=dutch(title), exact=True)).to_be_visible()
    summary = page.get_by_label(dutch("Text: %(title)s") % {"title": dutch("Summary")})
    summary.fill("Een jaar waarin de basis bij meer gemeenten op orde kwam.")
    plan = page.get_by_label(dutch("Plan for %(year)s") % {"year": 2025}).first
    plan.fill("veel")
    submit(page.get_by_role("button", name=dutch("Save the draft")))
    expect(page.get_by_text("„veel” is geen getal.")).to_be_visible()
    screenshot("annual-report-plan-problem")
    problems += accessibility_problems("a plan that is not a number")
    report = AnnualReport.objects.get(year=2025)
    assert "Een jaar" not in report.texts.get("samenvatting", "")  # nothing half-saved

    page.get_by_label(dutch("Plan for %(year)s") % {"year": 2025}).first.fill("120")
    submit(page.get_by_role("button", name=dutch("Save the draft")))
    expect(page.get_by_role("status")).to_contain_text(dutch("The draft is saved."))
    screenshot("annual-report-draft")
    problems += accessibility_problems("the annual report's draft")

    submit(page.get_by_role("button", name=dutch("Publish"), exact=True))
    expect(page.get_by_role("status")).to_contain_text("Versie 1 is gepubliceerd")
    version = dutch("version %(number)s") % {"number": 1}
    submit(page.get_by_role("button", name=re.compile(rf"^PDF\W+{version}$")))
    expect(page.get_by_role("status")).to_contain_text("Het document is klaar.")
    job = DocumentJob.objects.get(kind="insights.annual_report")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"{job.filename} downloaden").click()
    assert download.value.suggested_filename == "jaarverslag-district-twente-2025-v1.pdf"

    # The first pages, rendered for people to look at: the cover with its contents, and the
    # summary with the coordinator's text.
    import pypdfium2

    pdf = pypdfium2.PdfDocument(open(download.value.path(), "rb").read())  # noqa: SIM115
    assert len(pdf) >= 4
    for number in range(3):
        image = pdf[number].render(scale=1.5).to_pil()
        image.save(SCREENSHOTS / f"annual-report-page-{number + 1}.png")
        assert sum(image.convert("L").histogram()[:128]) > 1000, f"page {number + 1} is blank"
    text = pdf[1].get_textpage().get_text_range()
    assert "Een jaar waarin de basis" in text

    page.context.clear_cookies()
    log_in("viewer@dijkwacht.test")
    page.goto(f"/jaarverslagen/{report.pk}/")
    expect(page.get_by_role("button", name=dutch("Save the draft"))).to_have_count(0)
    public = re.compile(rf"^{dutch('Public PDF')}\W+{version}$")
    expect(page.get_by_role("button", name=public)).to_be_visible()
    screenshot("annual-report-viewer")
    problems += accessibility_problems("the annual report as a viewer")
    assert not problems, "\n\n".join(problems)
