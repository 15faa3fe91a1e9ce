"""Awareness in the browser, from invitation to reach: the province organises a session with
one place and invites Enschede; one person registers, a second lands on the waiting list and
moves up when the first cancels; on the day the organiser checks people in on a phone and
writes in someone without an account; Enschede enters the size of its group and reach shows
it; the participant downloads a certificate. Every page passes axe."""

import datetime

import pypdfium2
from django.utils import timezone
from playwright.sync_api import Page, expect

from dijkwacht.awareness.models import Activity, Registration, RegistrationStatus
from tests.browser.conftest import SCREENSHOTS
from tests.browser.words import dutch

TITLE = "Kennissessie ondermijning voor nieuwe collega's (test)"


def test_from_invitation_to_registration_to_check_in_to_reach(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    def as_(email: str) -> None:
        page.context.clear_cookies()
        log_in(email)

    # The province's contributor adds an activity with registration and one place.
    as_("overijssel@dijkwacht.test")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    problems = accessibility_problems("the activities")
    page.get_by_role("link", name=dutch("Add an activity")).click()
    page.get_by_label(dutch("Title")).fill(TITLE)
    page.get_by_label(dutch("Kind")).select_option(label="Kennissessie")
    page.get_by_role("group", name=dutch("Target groups")).get_by_label(
        "Nieuwe medewerkers"
    ).check()
    page.get_by_role("group", name=dutch("Organisations taking part")).get_by_label(
        "Enschede"
    ).check()
    page.get_by_label(dutch("Places per session")).fill("1")
    page.get_by_label(dutch("Questions at registration")).fill("Dieetwensen?")
    expect(page.get_by_label(dutch("People register through Dijkwacht"))).to_be_checked()
    problems += accessibility_problems("add an activity")
    submit(page.get_by_role("button", name=dutch("Save")))
    expect(page.locator("main h1")).to_have_text(TITLE)

    in_three_days = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label(dutch("Date")).fill(in_three_days.isoformat())
    page.get_by_label(dutch("Start time")).fill("10:00")
    page.get_by_label(dutch("End time")).fill("12:00")
    submit(page.get_by_role("button", name=dutch("Plan the sessions")))
    problems += accessibility_problems("the activity with its session")
    screenshot("awareness-activity")
    session = Activity.objects.get(title=TITLE).sessions.get()

    page.get_by_role("link", name=dutch("Invite people")).click()
    page.get_by_label(dutch("Target group")).select_option(label="Nieuwe medewerkers")
    page.get_by_role("group", name=dutch("Organisations")).get_by_label("Enschede").check()
    problems += accessibility_problems("invite people")
    submit(page.get_by_role("button", name=dutch("Send the invitations")))
    expect(page.get_by_role("status").first).to_contain_text("uitgenodigd")

    # Enschede's contributor follows the invitation and registers; the place is taken.
    as_("enschede@dijkwacht.test")
    page.goto("/notificaties/")
    submit(page.get_by_role("button", name="Kennissessie ondermijning voor nieuwe collega"))
    expect(page.locator("main h1")).to_have_text(TITLE)
    page.get_by_label("Dieetwensen?").fill("Vegetarisch")
    problems += accessibility_problems("a session to register for")
    submit(page.get_by_role("button", name=dutch("Register")))
    expect(page.locator("main")).to_contain_text(dutch("You are registered."))
    screenshot("awareness-registered")

    # A colleague lands on the waiting list, and moves up when the first cancels.
    as_("bibob@dijkwacht.test")
    page.goto(f"/bewustwording/bijeenkomsten/{session.pk}/")
    submit(page.get_by_role("button", name=dutch("Register")))
    expect(page.locator("main")).to_contain_text("wachtlijst, nummer 1")
    problems += accessibility_problems("on the waiting list")
    as_("enschede@dijkwacht.test")
    page.goto(f"/bewustwording/bijeenkomsten/{session.pk}/")
    submit(page.get_by_role("button", name=dutch("Cancel my registration")))
    assert Registration.objects.get(session=session, user__email="bibob@dijkwacht.test").status == (
        RegistrationStatus.REGISTERED
    )

    # The day comes: the organiser takes attendance on a phone.
    session.starts_at = timezone.now() - datetime.timedelta(minutes=10)
    session.ends_at = None
    session.save()
    as_("overijssel@dijkwacht.test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/bewustwording/bijeenkomsten/{session.pk}/")
    page.get_by_role("link", name=dutch("Take attendance")).click()
    submit(page.get_by_role("button", name=dutch("Check in")).first)
    expect(page.locator(".dw-checkin__row--present")).to_have_count(1)
    page.get_by_label(dutch("Name")).fill("Gast zonder account (fictief)")
    page.get_by_label(dutch("Organisation")).select_option(label="Enschede")
    page.get_by_label(dutch("Target group")).select_option(label="Nieuwe medewerkers")
    submit(page.get_by_role("button", name=dutch("Write in as present")))
    expect(page.locator(".dw-checkin__row--present")).to_have_count(2)
    screenshot("awareness-check-in-phone")
    problems += accessibility_problems("the check-in list on a phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Enschede enters the size of its new staff; reach counts the two who came.
    as_("enschede@dijkwacht.test")
    page.goto("/")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    page.get_by_role("link", name=dutch("Sizes of the target groups")).click()
    page.get_by_label(dutch("Holds from")).fill(timezone.localdate().replace(day=1).isoformat())
    page.get_by_label("Nieuwe medewerkers").fill("40")
    problems += accessibility_problems("the sizes")
    submit(page.get_by_role("button", name=dutch("Save the sizes")))
    page.get_by_role("link", name=dutch("Reach")).first.click()
    enschede = page.locator(".dw-reach-matrix").get_by_role("row", name="Enschede")
    expect(enschede).to_contain_text("5%")
    expect(enschede).to_contain_text("2 van 40")
    screenshot("awareness-reach")
    problems += accessibility_problems("reach")

    # The participant's certificate.
    as_("bibob@dijkwacht.test")
    page.goto(f"/bewustwording/bijeenkomsten/{session.pk}/")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=dutch("Download your certificate of attendance (PDF)")
        ).click()
    pdf = pypdfium2.PdfDocument(open(download.value.path(), "rb").read())  # noqa: SIM115
    text = pdf[0].get_textpage().get_text_range()
    assert "Bewijs van deelname" in text and TITLE in text and "Bart Integer" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf[0].render(scale=1.2).to_pil().save(SCREENSHOTS / "awareness-certificate.png")
    assert not problems, "\n\n".join(problems)


def test_the_calendar_in_outlook_and_a_campaign_beside_the_one_before(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    import icalendar

    log_in("coordinator@dijkwacht.test")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    page.get_by_role("link", name=dutch("Calendar")).click()
    year = timezone.localdate().year
    running = page.get_by_role("listitem").filter(has_text=f"Meld Misdaad Anoniem-campagne {year}")
    expect(running).to_be_visible()
    expect(page.locator(".dw-calendar__day--today")).to_have_count(1)
    problems = accessibility_problems("the calendar, a month")
    screenshot("awareness-calendar-month")
    page.get_by_label(dutch("View")).select_option(value="list")
    page.get_by_label(dutch("What")).select_option(value="session")
    submit(page.get_by_role("button", name=dutch("Show")))
    expect(page.get_by_text(f"Meld Misdaad Anoniem-campagne {year}")).to_have_count(0)
    problems += accessibility_problems("the calendar, a list of sessions")

    # A secret link for Outlook: shown once, read without a login, revoked.
    page.get_by_role("link", name=dutch("Subscribe in Outlook")).click()
    page.get_by_label(dutch("Calendar of")).select_option(label="District Twente")
    submit(page.get_by_role("button", name=dutch("Make a link")))
    address = (
        page.locator("code", has_text="https://")
        .or_(page.locator("code", has_text="http://"))
        .first.inner_text()
    )
    expect(page.locator("code", has_text="webcal://")).to_be_visible()
    problems += accessibility_problems("the calendar links")
    screenshot("awareness-calendar-links")
    path = address.split("/api/", 1)[1]
    anonymous = page.context.browser.new_context(base_url=demo)  # type: ignore[union-attr]
    feed = anonymous.request.get(f"/api/{path}")
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    titles = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert f"Meld Misdaad Anoniem-campagne {year}" in titles
    submit(page.get_by_role("button", name=dutch("Revoke")).first)
    assert anonymous.request.get(f"/api/{path}").status == 404
    anonymous.close()

    # This year's campaign beside last year's: the figures and the change.
    page.goto("/")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    page.get_by_role("link", name=dutch("Campaigns")).click()
    problems += accessibility_problems("the campaigns")
    page.get_by_role("link", name=f"Meld Misdaad Anoniem-campagne {year}").click()
    page.get_by_label(dutch("Reports elsewhere, during")).fill("12")
    submit(page.get_by_role("button", name=dutch("Save the figures")))
    row = page.get_by_role("row", name=dutch("Reports elsewhere, during"))
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("+33%")  # 9 last year
    expect(page.get_by_role("row", name=dutch("People reached"))).to_contain_text("+13%")
    problems += accessibility_problems("a campaign with its figures")
    screenshot("awareness-campaign")
    assert not problems, "\n\n".join(problems)


def test_the_learning_module_from_reading_to_certificate_to_reach(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    from dijkwacht.awareness.models import Course

    course = Course.objects.get(code="ondermijning-herkennen")
    log_in("viewer@dijkwacht.test")  # Hengelo's burgemeester
    page.goto("/bewustwording/leermodule/")
    problems = accessibility_problems("the learning module")
    page.get_by_role("link", name=dutch("Start the course")).click()
    for number in range(1, course.pages.count()):
        expect(page.locator("main h1")).to_have_text(course.pages.all()[number - 1].title)
        if number == 1:
            problems += accessibility_problems("a course page")
            screenshot("awareness-course-page")
        page.get_by_role("link", name=dutch("Next page")).click()
    page.get_by_role("link", name=dutch("To the questions")).click()
    questions = list(course.questions.all())
    # One wrong: four of five is enough.
    for i, question in enumerate(questions):
        choice = question.choice_list[question.correct - 1 if i else question.correct % 3]
        page.get_by_role("group", name=f"{i + 1}. {question.text}").get_by_label(choice).check()
    problems += accessibility_problems("the questions")
    submit(page.get_by_role("button", name=dutch("Check my answers")))
    expect(page.locator("main h1")).to_have_text(dutch("Completed"))
    expect(page.get_by_role("status")).to_contain_text("4 van de 5")
    problems += accessibility_problems("the outcome")
    screenshot("awareness-course-done")
    with page.expect_download() as download:
        page.get_by_role("link", name=dutch("Download your certificate (PDF)")).click()
    pdf = pypdfium2.PdfDocument(open(download.value.path(), "rb").read())  # noqa: SIM115
    text = pdf[0].get_textpage().get_text_range()
    assert "Certificaat" in text and course.title in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf[0].render(scale=1.2).to_pil().save(SCREENSHOTS / "awareness-course-certificate.png")

    # The completion counts in reach, for Hengelo.
    page.goto("/")
    page.get_by_role("navigation", name=dutch("Main navigation")).get_by_role(
        "link", name=dutch("Awareness")
    ).click()
    page.get_by_role("link", name=dutch("Reach")).first.click()
    table = page.get_by_role("table", name=f"Afgerond: {course.title}")
    expect(table.get_by_role("row", name="Hengelo")).not_to_contain_text("—")
    problems += accessibility_problems("reach with the learning module")
    assert not problems, "\n\n".join(problems)
