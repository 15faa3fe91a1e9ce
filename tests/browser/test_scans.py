"""The scan cycle in a real browser: the contributor fills and submits a self-scan (saved as
they go, by htmx), the assessor reviews it blind, and the coordinator opens the
rode-dradenbeeld and turns the top thread into a joint action. Every page passes axe; the
heatmap and the first page of the PDF are saved as screenshots. Then the other ways to answer:
an Excel sheet, a whole theme without JavaScript; and the coordinator's threads so far."""

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from dijkwacht.organisations.demo import DEMO_PASSWORD
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import Commitment
from dijkwacht.scans import services
from dijkwacht.scans.models import RoundKind, Scan, ScanKind, ScanStatus, ThreadAction
from tests.browser.conftest import SCREENSHOTS
from tests.browser.words import dutch
from tests.factories import make_framework


def _running_round(title: str, framework, organisations) -> Any:
    """A self-scan round of District Twente that runs another 30 days."""
    return services.scan_round_open(
        actor=None, partnership=Partnership.objects.get(slug="district-twente"),
        framework=framework, title=title, kind=RoundKind.SELF,
        deadline=timezone.localdate() + datetime.timedelta(days=30), organisations=organisations,
    )  # fmt: skip


def _answer_on_page(page: Page, scan: Scan, codes: list[str], finding: str = "") -> None:
    """Choose an answer per norm; each choice is saved by htmx on change."""
    scale = {o.code: o.label for o in scan.round.framework.scale.all()}
    for norm, code in zip(scan.round.framework.norms.order_by("position"), codes, strict=True):
        form = page.locator(f"#answer-{norm.pk}")
        if finding:
            form.get_by_label(dutch("Finding")).fill(f"{finding} ({norm.code})")
        form.get_by_label(dutch("Answer")).select_option(label=scale[code])
        expect(page.locator(f"#answer-{norm.pk}").get_by_role("status")).to_have_text(
            dutch("Saved"), timeout=15_000
        )


def test_self_scan_review_rode_draden_and_joint_action(
    page: Page, demo, log_in, screenshot, accessibility_problems, context, submit
):
    twente = Partnership.objects.get(slug="district-twente")
    enschede = Organisation.objects.get(cbs_code="GM0153")
    hengelo = Organisation.objects.get(cbs_code="GM0164")
    framework = make_framework(name="Browserkader", norms=4, essential=(1,))
    scan_round = services.scan_round_open(
        actor=None, partnership=twente, framework=framework, title="Browserronde",
        kind=RoundKind.BOTH, deadline=timezone.localdate() + datetime.timedelta(days=30),
        organisations=[enschede, hengelo], anonymise=False,
    )  # fmt: skip
    # Hengelo is done already: short of A.1 and A.2.
    scale = {o.code: o for o in framework.scale.all()}
    for kind in (ScanKind.SELF, ScanKind.REVIEW):
        scan = scan_round.scans.get(organisation=hengelo, kind=kind)
        codes = ["nee", "deels", "ja", "ja"]
        for norm, code in zip(framework.norms.order_by("position"), codes, strict=True):
            services.answer_save(actor=None, scan=scan, norm=norm, option=scale[code])
        services.scan_submit(actor=None, scan=scan)
    self_scan = scan_round.scans.get(organisation=enschede, kind=ScanKind.SELF)
    review = scan_round.scans.get(organisation=enschede, kind=ScanKind.REVIEW)

    # The contributor of Enschede fills the self-scan: over-confident on A.1.
    log_in("enschede@dijkwacht.test")
    page.goto("/scans/")
    page.get_by_role("link", name="Browserronde").first.click()
    expect(page.locator("h1")).to_contain_text(enschede.name)
    page.wait_for_function("() => window.htmx !== undefined")
    assert accessibility_problems("self-scan") == []
    expect(page.locator("#answered-count")).to_have_text("0")
    _answer_on_page(page, self_scan, ["ja", "ja", "deels", "ja"])
    # The header's counter followed each first answer, without a reload.
    expect(page.locator("#answered-count")).to_have_text("4")
    submit(page.get_by_role("button", name=dutch("Submit the scan")))
    expect(page.locator(".dw-messages")).to_contain_text(dutch("The scan is submitted and locked."))
    expect(page.locator("main select")).to_have_count(0)

    # The assessor reviews blind: the self-scan is not reachable until the review is in.
    context.clear_cookies()
    log_in("assessor@dijkwacht.test")
    assert page.goto(f"/scans/{self_scan.pk}/").status == 404
    page.goto(f"/scans/{review.pk}/")
    page.wait_for_function("() => window.htmx !== undefined")
    _answer_on_page(page, review, ["nee", "ja", "deels", "ja"], finding="Geen vastgesteld beleid")
    submit(page.get_by_role("button", name=dutch("Submit the scan")))
    assert Scan.objects.get(pk=review.pk).status == ScanStatus.SUBMITTED
    page.goto(f"/scans/{self_scan.pk}/verschillen/")
    expect(page.locator("main")).to_contain_text(dutch("differs"))
    assert accessibility_problems("gap view") == []

    # The coordinator opens the rode-dradenbeeld: A.1 is the top thread (both fall short).
    context.clear_cookies()
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/scanrondes/{scan_round.pk}/rode-draden/")
    first = page.locator("table.dw-threads tbody tr").first
    expect(first).to_contain_text("A.1")
    expect(first).to_contain_text("2")
    assert accessibility_problems("rode-dradenbeeld") == []
    heatmap = page.locator("#heatmap")
    heatmap.scroll_into_view_if_needed()
    screenshot("scans-heatmap")
    page.locator(".dw-heatmap-wrap").screenshot(path=str(SCREENSHOTS / "scans-heatmap-table.png"))

    first.get_by_role("link", name=dutch("Make it a joint action")).click()
    expect(page.locator("main")).to_contain_text(hengelo.name)
    assert accessibility_problems("thread to action") == []
    page.get_by_label(dutch("Title of the action")).fill("Integriteitsbeleid vaststellen")
    submit(page.get_by_role("button", name=dutch("Create the joint action")))
    expect(page.locator("h1")).to_contain_text("Integriteitsbeleid vaststellen")
    expect(page.locator("main")).to_contain_text("A.1")
    link = ThreadAction.objects.get(round=scan_round)
    assert set(
        Commitment.objects.filter(action=link.action).values_list("organisation_id", flat=True)
    ) == {enschede.pk, hengelo.pk}

    page.goto(f"/scanrondes/{scan_round.pk}/organisaties/{enschede.pk}/")
    assert accessibility_problems("results of an organisation") == []
    page.goto(f"/scanrondes/{scan_round.pk}/")
    assert accessibility_problems("round progress") == []

    # The PDF of the rode-dradenbeeld: its first page, rendered for people to look at.
    import pypdfium2

    response = page.request.get(f"/scanrondes/{scan_round.pk}/rode-draden.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    image = pypdfium2.PdfDocument(response.body())[0].render(scale=1.5).to_pil()
    image.save(SCREENSHOTS / "scans-rode-draden-page-1.png")
    assert sum(image.convert("L").histogram()[:128]) > 1000, "the first page is blank"


def test_answers_from_an_excel_sheet_with_their_problems_by_row(
    page: Page, demo, log_in, screenshot, accessibility_problems, submit
):
    """The contributor uploads the scan's sheet: a wrong row is named next to the field and
    nothing is saved; corrected, every answer in it is saved at once."""
    import io

    from openpyxl import load_workbook

    from dijkwacht.scans import documents

    enschede = Organisation.objects.get(cbs_code="GM0153")
    framework = make_framework(name="Excelkader", norms=3)
    scan_round = _running_round("Excelronde", framework, [enschede])
    scan = scan_round.scans.get()
    book = load_workbook(io.BytesIO(documents.answers_sheet(scan)))
    sheet = book["Antwoorden"]
    for row, code in ((2, "ja"), (3, "soms"), (4, "nee")):
        sheet.cell(row, 4).value = code

    def upload(name: str) -> None:
        data = io.BytesIO()
        book.save(data)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        page.get_by_label(dutch("Answers from Excel")).set_input_files(
            {"name": name, "mimeType": mime, "buffer": data.getvalue()}
        )
        submit(page.get_by_role("button", name=dutch("Upload the answers")))

    log_in("enschede@dijkwacht.test")
    page.goto(f"/scans/{scan.pk}/")
    upload("zelfscan.xlsx")
    error = page.locator(".utrecht-form-field-error-message")
    expect(error).to_contain_text("Rij 3:")
    expect(error).to_contain_text("soms")
    assert accessibility_problems("answers sheet refused") == []
    screenshot("scan-excel-problems")
    assert not scan.answers.exists()

    sheet.cell(3, 4).value = "deels"
    upload("zelfscan.xlsx")
    expect(page.locator(".dw-messages")).to_contain_text("3 antwoorden uit het blad opgeslagen")
    assert dict(scan.answers.values_list("norm__code", "option__code")) == {
        "A.1": "ja", "A.2": "deels", "A.3": "nee",
    }  # fmt: skip


def test_the_coordinator_steers_with_the_threads_so_far(
    page: Page, demo, log_in, screenshot, accessibility_problems
):
    """While the round runs, the round's page shows its coordinator the common threads so
    far, marked provisional."""
    enschede = Organisation.objects.get(cbs_code="GM0153")
    hengelo = Organisation.objects.get(cbs_code="GM0164")
    framework = make_framework(name="Stuurkader", norms=3)
    scan_round = _running_round("Lopende ronde", framework, [enschede, hengelo])
    scale = {o.code: o for o in framework.scale.all()}
    scan = scan_round.scans.get(organisation=enschede)
    for norm, code in zip(framework.norms.order_by("position"), ["nee", "deels"], strict=False):
        services.answer_save(actor=None, scan=scan, norm=norm, option=scale[code])
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/scanrondes/{scan_round.pk}/")
    section = page.locator(".dw-provisional")
    expect(section).to_contain_text(dutch("provisional"))
    expect(section.locator("tbody tr")).to_have_count(2)
    assert accessibility_problems("provisional threads") == []
    section.screenshot(path=str(SCREENSHOTS / "scans-provisional-threads.png"))


def test_a_theme_is_saved_with_its_button_without_javascript(browser, live_server, demo):
    """Without JavaScript nothing is saved as you go: the theme's button sends the theme's
    norms (their fields belong to its form), in one request."""
    enschede = Organisation.objects.get(cbs_code="GM0153")
    framework = make_framework(name="Zonder JS", norms=2)
    scan_round = _running_round("Ronde zonder JS", framework, [enschede])
    scan = scan_round.scans.get()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/inloggen/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill("enschede@dijkwacht.test")
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        page.goto(f"/scans/{scan.pk}/")
        labels = {o.code: o.label for o in framework.scale.all()}
        for norm, code in zip(framework.norms.order_by("position"), ["ja", "deels"], strict=True):
            page.locator(f"#answer-{norm.pk}").get_by_label(dutch("Answer")).select_option(
                label=labels[code]
            )
        page.locator(f"#answer-{framework.norms.get(code='A.1').pk}").get_by_label(
            dutch("Explanation")
        ).fill("Vastgesteld beleid")
        with page.expect_navigation():
            page.get_by_role("button", name="Thema A opslaan").click()
        expect(page.locator(".dw-messages")).to_contain_text("2 antwoorden opgeslagen in thema A")
    finally:
        context.close()
    assert dict(scan.answers.values_list("norm__code", "option__code")) == {
        "A.1": "ja", "A.2": "deels",
    }  # fmt: skip
    assert scan.answers.get(norm__code="A.1").explanation == "Vastgesteld beleid"
