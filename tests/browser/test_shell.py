"""The shell of the app in a real browser: log in, the home page with its map, the language
switch, the partnership switcher, log out.

Dutch texts are taken from the same message catalogue the server uses (`nl`), so the assertions
hold whether or not a string is translated yet.
"""

import re

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from dijkwacht.organisations import services
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.roles import Role
from tests.browser.words import dutch

TWENTE_MUNICIPALITIES = 14
# A member's area on the partnership's map: coloured by progress while a programme runs,
# highlighted otherwise.
MEMBER_AREAS = "svg path.dw-choropleth__area[tabindex='0'], svg path.dw-map__area--member"


def english(message: str) -> str:
    with translation.override("en"):
        return gettext(message)


def header_partnership(page: Page):
    return page.locator("header .dw-context__where strong")


def test_log_in_see_twente_switch_language_and_log_out(
    page: Page, demo, log_in, submit, screenshot, console
):
    # Not logged in: every page sends you to the login page, in Dutch.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("main h1")).to_have_text(dutch("Log in to Dijkwacht"))
    screenshot("login")

    log_in("coordinator@dijkwacht.test")
    expect(page).to_have_url(f"{demo}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The partnership and its members.
    main = page.locator("main")
    expect(main.get_by_role("link", name="District Twente", exact=True)).to_be_visible()
    expect(page.locator("#partnership-heading")).to_have_text("District Twente")
    expect(header_partnership(page)).to_have_text("District Twente")
    for name in ["Enschede", "Almelo", "Hengelo (O.)"]:
        expect(main.get_by_role("link", name=name, exact=True)).to_be_visible()

    # The map: the member municipalities coloured by their progress (Twente runs a programme),
    # each reachable with Tab, among their neighbours.
    map_svg = main.locator("figure.dw-choropleth svg.dw-choropleth__svg")
    expect(map_svg).to_have_count(1)
    expect(map_svg).to_be_visible()
    expect(map_svg.locator(":scope > title")).to_have_text(dutch("Programme progress"))
    expect(map_svg.locator("path[tabindex='0']")).to_have_count(TWENTE_MUNICIPALITIES)
    assert map_svg.locator("path.dw-choropleth__area--neighbour").count() > 0, (
        "neighbouring municipalities are drawn too"
    )
    box = map_svg.bounding_box()
    assert box is not None
    assert box["width"] > 200
    assert box["height"] > 150
    screenshot("home")

    # Language switch in the footer: English, then back to Dutch.
    footer_form = page.locator("footer form.dw-language")
    footer_form.locator("select[name=language]").select_option("en")
    submit(footer_form.locator("button[type=submit]"))
    expect(page).to_have_url(f"{demo}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    logout_button = page.locator("header .dw-user button[type=submit]")
    expect(logout_button).to_have_text(english("Log out"))
    expect(page.locator("nav.dw-nav")).to_contain_text(english("Overview"))
    expect(footer_form.locator("select[name=language]")).to_have_value("en")

    footer_form.locator("select[name=language]").select_option("nl")
    submit(footer_form.locator("button[type=submit]"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(logout_button).to_have_text(dutch("Log out"))
    expect(footer_form.locator("select[name=language]")).to_have_value("nl")

    # Log out: back on the login page, and really logged out.
    submit(logout_button)
    expect(page).to_have_url(f"{demo}/inloggen/")
    expect(page.locator("input[name=username]")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/$"))
    console.assert_clean()


def test_wrong_password_shows_the_error_in_dutch_and_does_not_log_in(
    page: Page, demo, log_in, console
):
    log_in("coordinator@dijkwacht.test", "not-the-password")

    expect(page).to_have_url(f"{demo}/inloggen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    form = page.locator("main form")
    error = form.locator(".utrecht-alert--error[role=alert]")
    expect(error).to_be_visible()
    expect(error).to_have_text(
        dutch("This e-mail address and password do not match. Check both and try again.")
    )
    # The e-mail address stays filled in; the password does not.
    expect(form.locator("input[name=username]")).to_have_value("coordinator@dijkwacht.test")
    expect(form.locator("input[name=password]")).to_have_value("")
    # Not logged in.
    expect(page.locator("header .dw-user")).to_have_count(0)
    page.goto("/profiel/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/profiel/$"))
    console.assert_clean()


def test_partnership_switcher_changes_the_partnership_everywhere(
    page: Page, demo, log_in, submit, console
):
    # The Twente coordinator also coordinates for the Provincie Utrecht partnership.
    from dijkwacht.accounts.models import User

    services.membership_create(
        actor=None,
        user=User.objects.get(email="coordinator@dijkwacht.test"),
        role=Role.COORDINATOR,
        organisation=Organisation.objects.get(cbs_code="PV26"),
        partnership=Partnership.objects.get(slug="provincie-utrecht"),
        compartments=[],
        title="",
    )
    log_in("coordinator@dijkwacht.test")

    switcher = page.locator("header form.dw-context__switch")
    select = switcher.locator("select[name=partnership]")
    expect(select.locator("option")).to_have_text(["District Twente", "Provincie Utrecht"])
    expect(header_partnership(page)).to_have_text("District Twente")

    select.select_option(label="Provincie Utrecht")
    submit(switcher.locator("button[type=submit]"))
    expect(page).to_have_url(f"{demo}/")
    expect(header_partnership(page)).to_have_text("Provincie Utrecht")
    expect(page.locator("#partnership-heading")).to_have_text("Provincie Utrecht")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Zeist", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Enschede", exact=True)).to_have_count(0)
    expect(main.locator(MEMBER_AREAS)).to_have_count(26)

    # The choice sticks, also on other pages.
    page.goto("/profiel/")
    expect(header_partnership(page)).to_have_text("Provincie Utrecht")

    select.select_option(label="District Twente")
    submit(switcher.locator("button[type=submit]"))
    expect(page).to_have_url(f"{demo}/profiel/")
    expect(header_partnership(page)).to_have_text("District Twente")
    page.goto("/")
    expect(main.locator(MEMBER_AREAS)).to_have_count(TWENTE_MUNICIPALITIES)
    console.assert_clean()


def test_platform_admin_can_switch_between_all_partnerships(page: Page, demo, log_in, submit):
    log_in("admin@dijkwacht.test")
    select = page.locator("header select[name=partnership]")
    expect(select.locator("option")).to_have_text(
        [
            "Basisteam Maas en Leijgraaf",
            "District IJsselland",
            "District Twente",
            "Provincie Utrecht",
        ]
    )
    select.select_option(label="District IJsselland")
    submit(page.locator("header form.dw-context__switch button[type=submit]"))
    expect(header_partnership(page)).to_have_text("District IJsselland")
    expect(page.locator("#partnership-heading")).to_have_text("District IJsselland")
    expect(page.locator("main").locator(MEMBER_AREAS)).to_have_count(11)
