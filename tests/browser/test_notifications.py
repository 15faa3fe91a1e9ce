"""Notifications in a real browser: the handler sees the unread count in the header, opens the
list, follows a notification to the inbox (it is then read), and chooses a daily digest for
one kind of event while the legal deadlines stay mandatory. Both pages pass axe; the list is
saved as a screenshot."""

import re

from playwright.sync_api import Page, expect

from dijkwacht.notifications.models import Notification, Preference


def test_a_handler_reads_a_notification_and_chooses_how_to_be_told(
    page: Page, demo, log_in, screenshot, accessibility_problems, submit
):
    unread = Notification.objects.filter(
        user__email="handler@dijkwacht.test", read_at__isnull=True
    ).count()
    assert unread > 0  # the demo's reports told the handlers
    log_in("handler@dijkwacht.test")
    header = page.locator("header")
    expect(header.get_by_role("link", name="Notificaties")).to_contain_text(str(unread))
    header.get_by_role("link", name="Notificaties").click()
    expect(page.locator("h1")).to_have_text("Notificaties")
    screenshot("notifications")
    assert accessibility_problems("notifications list (handler)") == []

    first = page.locator(".dw-notification--unread").first
    submit(first.get_by_role("button", name="Openen"))
    expect(page).to_have_url(re.compile(r"/meldpunt/$"))
    assert (
        Notification.objects.filter(
            user__email="handler@dijkwacht.test", read_at__isnull=True
        ).count()
        == unread - 1
    )

    page.goto("/notificaties/instellingen/")
    assert accessibility_problems("notification settings (handler)") == []
    deadlines = page.get_by_role("group", name="Meldingen waarvan de wettelijke termijn nadert")
    expect(deadlines.get_by_label("direct per mail")).to_be_disabled()
    page.get_by_role("group", name="Een nieuwe melding in je compartiment").get_by_label(
        "in een dagelijks overzicht"
    ).check()
    submit(page.get_by_role("button", name="Opslaan"))
    expect(page.locator("body")).to_contain_text("Je keuzes zijn opgeslagen.")
    assert (
        Preference.objects.get(
            user__email="handler@dijkwacht.test", event="meldpunt.new_report"
        ).delivery
        == "dagelijks"
    )
