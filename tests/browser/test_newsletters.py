"""A newsletter in the browser, from draft to archive: District Twente's coordinator opens the
draft written from what happened, rewrites its opening, invites a reader who confirms from
the mail without logging in, sends the issue and takes its PDF from the archive; the reader
unsubscribes from the mail in one click; a viewer reads the archive but not the next draft.
Every page passes axe."""

import re

import pypdfium2
from django.core import mail
from playwright.sync_api import Page, expect

from dijkwacht.newsletters.demo import OFFICIALS
from dijkwacht.newsletters.models import Issue, Subscriber
from tests.browser.conftest import SCREENSHOTS
from tests.browser.words import dutch

OPENING = "Deze keer: de workshop voor nieuwe collega's zat vol (test)."


def test_from_the_draft_to_the_archive_and_unsubscribing_in_one_click(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    log_in("coordinator@dijkwacht.test")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    page.get_by_role("link", name=dutch("Newsletters")).click()
    problems = accessibility_problems("the newsletters")
    page.get_by_role("link", name=OFFICIALS).click()
    problems += accessibility_problems("a newsletter with its issues")
    screenshot("newsletter-series")

    # The draft of the next issue, written from the demo's data.
    draft = Issue.objects.get(series__title=OFFICIALS, state="concept")
    page.get_by_role("link", name=draft.title).click()
    expect(page.locator("article")).to_contain_text(dutch("Sessions held"))
    problems += accessibility_problems("a draft previewed")
    page.get_by_role("link", name=dutch("Edit the draft")).first.click()
    text = page.get_by_label(dutch("Text"))
    body = text.input_value()
    assert "# " + dutch("Coming up") in body
    text.fill(
        body.replace(
            dutch("Write an opening here: what stood out, and what you ask of the readers."),
            OPENING,
        )
    )
    problems += accessibility_problems("the editor")
    submit(page.get_by_role("button", name=dutch("Save and preview")))
    expect(page.locator("article")).to_contain_text(OPENING)
    screenshot("newsletter-draft")

    # A reader is invited, and confirms from the mail without an account.
    page.get_by_role("link", name=OFFICIALS).click()
    page.get_by_role("link", name=dutch("Subscribers and invitations")).click()
    page.get_by_label(dutch("Addresses to invite")).fill("Lies Lezer <lies@example.test>\nfout")
    submit(page.get_by_role("button", name=dutch("Send the invitations")))
    expect(page.locator("main")).to_contain_text("Regel 2: “fout” is geen e-mailadres.")
    problems += accessibility_problems("an invitation refused line by line")
    page.get_by_label(dutch("Addresses to invite")).fill("Lies Lezer <lies@example.test>")
    submit(page.get_by_role("button", name=dutch("Send the invitations")))
    problems += accessibility_problems("the subscribers")
    invitation = next(m for m in mail.outbox if m.to == ["lies@example.test"])
    confirm = re.search(r"https?://\S+?(/nieuwsbrief/bevestigen/\S+/)", invitation.body).group(1)

    reader = page.context.browser.new_page(base_url=demo)
    reader.goto(confirm)
    submit_reader = reader.get_by_role("button", name=re.compile("lies@example.test"))
    with reader.expect_navigation():
        submit_reader.click()
    expect(reader.locator("main")).to_contain_text("lies@example.test")
    assert Subscriber.objects.get(email="lies@example.test").confirmed_at is not None

    # Sent to everyone who confirmed (the demo's four and Lies), then archived as PDF.
    page.goto(f"/nieuwsbrieven/nummers/{draft.pk}/")
    submit(page.get_by_role("button", name=re.compile(r"^Verzenden aan 5 adressen$")))
    expect(page.get_by_role("status")).to_contain_text("Verzonden op", timeout=20_000)
    problems += accessibility_problems("an issue sent")
    screenshot("newsletter-sent")
    with page.expect_download() as download:
        page.get_by_role("link", name=dutch("The issue as PDF (archive)")).click()
    pdf = pypdfium2.PdfDocument(open(download.value.path(), "rb").read())  # noqa: SIM115
    assert OPENING in pdf[0].get_textpage().get_text_range()
    pdf[0].render(scale=1.2).to_pil().save(SCREENSHOTS / "newsletter-pdf.png")

    # Lies unsubscribes from the mail's link; her address is gone.
    issue_mail = next(m for m in mail.outbox if m.to == ["lies@example.test"] and OPENING in m.body)
    unsubscribe = re.search(r"https?://\S+?(/nieuwsbrief/afmelden/\S+/)", issue_mail.body).group(1)
    reader.goto(unsubscribe)
    with reader.expect_navigation():
        reader.get_by_role("button", name=dutch("Unsubscribe")).click()
    expect(reader.locator("main h1")).to_have_text(dutch("Unsubscribed"))
    assert not Subscriber.objects.filter(email="lies@example.test").exists()

    # A viewer reads the archive; the next draft is its editors'.
    page.context.clear_cookies()
    log_in("viewer@dijkwacht.test")
    page.goto(f"/nieuwsbrieven/reeks/{draft.series_id}/")
    expect(page.get_by_role("link", name=draft.title)).to_be_visible()
    expect(page.get_by_role("button", name=dutch("Draft the next issue"))).to_have_count(0)
    problems += accessibility_problems("the archive as a viewer")
    assert problems == []
