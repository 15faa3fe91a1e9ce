"""The meldpunt in a real browser: an anonymous report with an attachment, the receipt code,
the handler acknowledges and asks a question, the reporter answers with the code, the handler
closes the report. Every page passes axe; the intake and the handler's report page are saved
as screenshots."""

import re

from playwright.sync_api import Page, expect

from dijkwacht.meldpunt.models import AccessLog, Message, Report, Status
from tests.browser.conftest import SCREENSHOTS

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_anonymous_report_to_closing(
    page: Page, demo, log_in, screenshot, accessibility_problems, context, submit, tmp_path
):
    # The reporter: no login.
    page.goto("/melden/")
    assert accessibility_problems("meldpunt index") == []
    expect(page.locator("main")).to_contain_text("112")
    page.locator("main a[href='/melden/provincie-utrecht/']").click()
    page.wait_for_load_state()
    form = page.locator("main form")
    form.locator("input[name=kind][value=ondermijning]").check()
    form.locator("textarea[name=description]").fill(
        "Een loods aan de (verzonnen) Dijkstraat wisselt steeds van eigenaar."
    )
    form.locator("input[name=waar]").fill("Dijkstraat 1 (fictief)")
    photo = tmp_path / "foto.pdf"
    photo.write_bytes(PDF)
    form.locator("input[name=attachments]").set_input_files(str(photo))
    form.locator("input[name=identity][value=anoniem]").check()
    screenshot("meldpunt-intake")
    assert accessibility_problems("meldpunt intake, filled in") == []
    submit(form.locator("button[type=submit]"))
    code_text = page.locator(".dw-receipt-code").inner_text()
    code = re.sub(r"\D", "", code_text)
    assert len(code) == 16
    assert accessibility_problems("receipt") == []
    report = Report.objects.get(status=Status.RECEIVED, received_at__isnull=False,
                                attachments__isnull=False, identity="anoniem",
                                kind="ondermijning", number__startswith="M-",
                                events__action="receive")  # fmt: skip
    assert report.reporter == {}

    # The handler acknowledges with a question.
    log_in("handler@dijkwacht.test")
    page.goto("/meldpunt/")
    assert accessibility_problems("inbox") == []
    page.goto(f"/meldpunt/meldingen/{report.pk}/")
    assert accessibility_problems("purpose question") == []
    expect(page.locator("main")).not_to_contain_text("Dijkstraat")
    page.locator("main form input[name=doel][value=behandeling]").check()
    submit(page.locator("main form button[type=submit]").first)
    expect(page.locator("main")).to_contain_text("Dijkstraat")
    assert AccessLog.objects.filter(report_number=report.number).exists()
    assert accessibility_problems("report page") == []
    acknowledge = page.locator("#form-bevestigen")
    acknowledge.locator("textarea").fill("Dank je. Weet je sinds wanneer dit speelt?")
    submit(acknowledge.locator("button[type=submit]"))
    screenshot("meldpunt-report-page")

    # The reporter answers with the code (no login, no session of the handler).
    context.clear_cookies()
    page.goto("/melden/volgen/")
    follow = page.locator("main form")
    follow.locator("input[name=code]").fill(code_text)
    submit(follow.locator("button[type=submit]"))
    expect(page.locator("main")).to_contain_text("Weet je sinds wanneer dit speelt?")
    assert accessibility_problems("follow-up") == []
    reply = page.locator("main form").filter(has=page.locator("textarea[name=body]"))
    reply.locator("textarea[name=body]").fill("Sinds de zomer, denk ik.")
    submit(reply.locator("button[type=submit]"))
    assert Message.objects.filter(report=report, direction="van_melder").exists()

    # The handler reads the answer and closes the report.
    log_in("handler@dijkwacht.test")
    page.goto(f"/meldpunt/meldingen/{report.pk}/?doel=behandeling")
    expect(page.locator("main")).to_contain_text("Sinds de zomer, denk ik.")
    close = page.locator("#form-afsluiten")
    close.locator("input[name=reason][value=doorgezet], select[name=reason]").first.evaluate(
        "(el) => el.tagName === 'SELECT' ? (el.value = 'doorgezet') : (el.checked = true)"
    )
    submit(close.locator("button[type=submit]"))
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.close_reason == "doorgezet"
    assert (SCREENSHOTS / "meldpunt-intake.png").exists()
