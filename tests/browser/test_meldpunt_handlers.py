"""Who handles the meldpunt, in a real browser: the platform admin asks for a new handler, is
not allowed to approve it themselves, the existing handler approves it, and the new handler's
inbox holds no report from before the grant. Every page passes axe; the handlers page is saved
as a screenshot."""

from playwright.sync_api import Page, expect

from dijkwacht.meldpunt.models import GrantStatus, HandlerGrant, Report
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.roles import Role


def test_a_new_handler_takes_two_people_and_sees_no_older_report(
    page: Page, demo, log_in, screenshot, accessibility_problems, submit
):
    older = Report.objects.filter(organisation__slug="provincie-utrecht").count()
    assert older > 0

    log_in("admin@dijkwacht.test")
    page.goto("/meldpunt/behandelaars/")
    form = page.locator("#form-behandelaar")
    form.locator("select[name=organisation]").select_option(label="Provincie Utrecht")
    form.locator("input[name=user]").fill("utrecht@dijkwacht.test")
    form.locator("input[name=compartments][value=integriteit]").check()
    form.locator("textarea[name=reason]").fill("Versterking van het integriteitsteam")
    submit(form.locator("button[type=submit]"))
    expect(page.locator("main")).to_contain_text("wacht op goedkeuring")
    grant = HandlerGrant.objects.get(status=GrantStatus.PENDING)
    # The one who asked is not offered the approval.
    expect(page.locator(f"form[action$='/aanvragen/{grant.pk}/']")).to_have_count(0)
    assert accessibility_problems("handlers, request waiting (admin)") == []

    page.context.clear_cookies()
    log_in("handler@dijkwacht.test")
    page.goto("/meldpunt/behandelaars/")
    screenshot("meldpunt-handlers")
    assert accessibility_problems("handlers, request to approve (handler)") == []
    decide = page.locator(f"form[action$='/aanvragen/{grant.pk}/']")
    submit(decide.get_by_role("button", name="Goedkeuren"))
    expect(page.locator("main")).to_contain_text("is nu behandelaar")
    membership = Membership.objects.get(user__email="utrecht@dijkwacht.test", role=Role.HANDLER)
    assert membership.reports_from is not None

    page.context.clear_cookies()
    log_in("utrecht@dijkwacht.test")
    page.goto("/meldpunt/")
    expect(page.locator("main")).to_contain_text("Hier staan geen meldingen")
    assert accessibility_problems("inbox of the new handler") == []
