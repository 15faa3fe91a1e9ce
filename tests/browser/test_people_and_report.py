"""A coordinator invites a colleague of a member organisation, writes their text per theme
for the report and reads the progress over the rounds on the programme's page. Every page
passes axe; the screenshots are under test-results/screenshots/."""

from django.core import mail
from playwright.sync_api import Page, expect

from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.programmes.models import Programme
from tests.browser.words import dutch


def test_a_coordinator_invites_a_colleague_of_a_member_organisation(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    twente = Partnership.objects.get(name="District Twente")
    borne = Organisation.objects.get(name="Borne")
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/samenwerkingsverbanden/{twente.pk}/")
    page.get_by_role("link", name=dutch("People and invitations")).click()
    expect(page.locator("main h1")).to_have_text(dutch("People and invitations"))
    problems = accessibility_problems("people and invitations")

    page.get_by_label(dutch("E-mail address")).fill("b.bakker@borne.example")
    page.get_by_label(dutch("Name"), exact=True).fill("Bas Bakker")
    page.get_by_label(dutch("Organisation")).select_option(label="Borne")
    page.get_by_label(dutch("Job title")).fill("Adviseur openbare orde")
    submit(page.get_by_role("button", name=dutch("Send the invitation")))

    expect(page.get_by_role("row", name="Bas Bakker")).to_contain_text(dutch("invited"))
    membership = Membership.objects.get(user__email="b.bakker@borne.example")
    assert membership.organisation == borne
    assert any("/uitnodiging/" in m.body for m in mail.outbox if m.to == [membership.user.email])
    screenshot("people-and-invitations")
    problems += accessibility_problems("people, one invited")
    assert not problems, "\n\n".join(problems)


def test_the_coordinator_prepares_the_report_and_reads_progress_over_the_rounds(
    page: Page, demo, log_in, submit, screenshot, accessibility_problems
):
    programme = Programme.objects.get(name="Weerbare Overheid en Maatschappij 2024")
    theme = programme.themes.order_by("position").first()
    log_in("coordinator@dijkwacht.test")
    page.goto(f"/programmas/{programme.pk}/")
    chart = page.locator("#progress-over-rounds")
    expect(chart).to_be_visible()
    expect(page.locator("section svg[role=img]").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    screenshot("programme-progress-over-rounds")
    problems = accessibility_problems("programme with progress over the rounds")

    page.get_by_role("link", name=dutch("Prepare the progress report: your text per theme")).click()
    page.get_by_label(theme.title).fill("Het tempo ligt goed; we vragen de DVO om capaciteit.")
    submit(page.get_by_role("button", name=dutch("Save the texts")))
    expect(page.locator(".utrecht-alert, [role=status]").first).to_be_visible()
    theme.refresh_from_db()
    assert theme.report_text == "Het tempo ligt goed; we vragen de DVO om capaciteit."
    problems += accessibility_problems("prepare the progress report")
    assert not problems, "\n\n".join(problems)
