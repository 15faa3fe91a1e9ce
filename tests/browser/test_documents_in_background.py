"""A progress report made in the background, in a real browser: the coordinator asks for the
PDF on the programme's page, lands on the document's page, and downloads the file when it is
ready. The page passes axe."""

from playwright.sync_api import Page, expect

from dijkwacht.exports.models import DocumentJob
from dijkwacht.programmes.models import Programme


def test_the_coordinator_has_the_progress_report_made_and_downloads_it(
    page: Page, demo, log_in, accessibility_problems, submit, screenshot
):
    log_in("coordinator@dijkwacht.test")
    programme = Programme.objects.filter(partnership__slug="district-twente").first()
    page.goto(f"/programmas/{programme.pk}/")
    submit(page.get_by_role("button", name="PDF maken"))
    expect(page.get_by_role("status")).to_contain_text("Het document is klaar.")
    screenshot("document-ready")
    assert accessibility_problems("document made in the background") == []
    job = DocumentJob.objects.get()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"{job.filename} downloaden").click()
    assert download.value.suggested_filename == job.filename
    assert job.user.email == "coordinator@dijkwacht.test"
