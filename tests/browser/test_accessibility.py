"""Every page passes axe-core's WCAG 2.1 A and AA rules and works under the app's CSP.

The 403 and 500 pages cannot be reached by clicking, so they are rendered by Django and served
through Playwright at a URL under the live server (their /static/ links load from it), with the
CSP header Django would send.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dijkwacht.accounts.models import User


@dataclass
class Visit:
    """What a page visit needs; the fixtures, bundled."""

    page: Page
    log_in: Callable[..., None]
    render_error_page: Callable[..., Any]
    serve: Callable[..., str]


def _login(visit: Visit) -> None:
    visit.page.goto("/inloggen/")


def _login_with_error(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test", "not-the-password")
    expect(visit.page.locator("main [role=alert]")).to_be_visible()


def _home(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    expect(visit.page.locator("main svg.dw-choropleth__svg")).to_be_visible()


def _profile(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    visit.page.goto("/profiel/")


def _second_factor_setup(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    visit.page.goto("/profiel/tweede-factor/")
    expect(visit.page.locator("main input[name=token]")).to_be_visible()


def _second_factor_qr(visit: Visit) -> None:
    """The page with the QR code, after the code mailed to the user."""
    from django.core import mail

    visit.log_in("coordinator@dijkwacht.test")
    visit.page.goto("/profiel/tweede-factor/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Stuur mij een code").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    visit.page.locator("main input[name=token]").fill(code)
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Bevestigen").click()
    expect(visit.page.locator("main figure svg")).to_be_visible()


def _invitation(visit: Visit, email: str = "nina@dijkwacht.test") -> None:
    """The page behind the link in an invitation, where a new person chooses a password."""
    from django.core import mail

    from dijkwacht.accounts.services import user_invite

    user_invite(actor=None, email=email, full_name="Nina Nieuw")
    link = re.search(r"https?://\S+?(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)
    visit.page.goto(link)
    expect(visit.page.locator("main input[name=new_password1]")).to_be_visible()


def _invitation_with_error(visit: Visit) -> None:
    _invitation(visit, "noor@dijkwacht.test")
    visit.page.locator("main input[name=new_password1]").fill("Lange-zin-als-wachtwoord-1")
    visit.page.locator("main input[name=new_password2]").fill("Een-andere-zin-als-wachtwoord")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(visit.page.locator("main .utrecht-form-field--invalid")).to_be_visible()


def _password_forgotten(visit: Visit) -> None:
    visit.page.goto("/inloggen/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(visit.page.locator("main input[name=email]")).to_be_visible()


def _password_reset(visit: Visit) -> None:
    """The page behind the link in a password-reset mail."""
    from django.core import mail

    from dijkwacht.accounts.services import password_reset_request

    password_reset_request(email="enschede@dijkwacht.test", client="192.0.2.7")
    link = re.search(r"https?://\S+?(/nieuw-wachtwoord/\S+/)", mail.outbox[-1].body).group(1)
    visit.page.goto(link)
    expect(visit.page.locator("main input[name=new_password1]")).to_be_visible()


def _meldpunt_handlers(visit: Visit) -> None:
    visit.log_in("handler@dijkwacht.test")
    visit.page.goto("/meldpunt/behandelaars/")
    expect(visit.page.locator("main #form-behandelaar")).to_be_visible()


def _meldpunt_handlers_admin(visit: Visit) -> None:
    visit.log_in("admin@dijkwacht.test")
    visit.page.goto("/meldpunt/behandelaars/")
    expect(visit.page.locator("main #form-overdracht")).to_be_visible()


def _partnership(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    link = visit.page.locator("main ul.dw-partnerships").get_by_role("link", name="District Twente")
    with visit.page.expect_navigation():
        link.click()
    expect(visit.page).to_have_url(re.compile(r"/samenwerkingsverbanden/\d+/$"))


def _organisation(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    with visit.page.expect_navigation():
        visit.page.locator("main").get_by_role("link", name="Enschede", exact=True).click()
    expect(visit.page).to_have_url(re.compile(r"/organisaties/\d+/$"))
    expect(visit.page.locator("main h1")).to_have_text("Enschede")


def _partnership_switcher(visit: Visit) -> None:
    """The header's switcher, for someone in more than one partnership (the platform admin)."""
    visit.log_in("admin@dijkwacht.test")
    expect(visit.page.locator("header select#id_switch_partnership")).to_be_visible()


def _api_documentation(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    visit.page.goto("/api/v1/docs")
    expect(visit.page.locator("#swagger-ui .opblock").first).to_be_visible()
    assert visit.page.locator("html").get_attribute("lang") == "nl"


def _not_found(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    response = visit.page.goto("/bestaat-niet/")
    assert response is not None
    assert response.status == 404


def _forbidden(visit: Visit) -> None:
    visit.log_in("coordinator@dijkwacht.test")
    rendered = visit.render_error_page(
        "403.html", 403, user=User.objects.get(email="coordinator@dijkwacht.test")
    )
    response = visit.page.goto(visit.serve("/geen-toegang-test/", rendered))
    assert response is not None
    assert response.status == 403


def _server_error(visit: Visit) -> None:
    rendered = visit.render_error_page("500.html", 500)
    response = visit.page.goto(visit.serve("/fout-test/", rendered))
    assert response is not None
    assert response.status == 500


PAGES = {
    "login": _login,
    "login-with-error": _login_with_error,
    "home": _home,
    "profile": _profile,
    "second-factor-setup": _second_factor_setup,
    "second-factor-qr": _second_factor_qr,
    "invitation": _invitation,
    "invitation-with-error": _invitation_with_error,
    "password-forgotten": _password_forgotten,
    "password-reset": _password_reset,
    "meldpunt-handlers": _meldpunt_handlers,
    "meldpunt-handlers-admin": _meldpunt_handlers_admin,
    "partnership": _partnership,
    "organisation": _organisation,
    "partnership-switcher": _partnership_switcher,
    "api-documentation": _api_documentation,
    "404": _not_found,
    "403": _forbidden,
    "500": _server_error,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_and_works_under_the_csp(
    name, page: Page, demo, log_in, render_error_page, serve, accessibility_problems
):
    PAGES[name](Visit(page, log_in, render_error_page, serve))
    page.wait_for_load_state("load")
    # The stylesheets loaded: the page is styled, not raw HTML.
    expect(page.locator("main h1")).to_be_visible()
    if name != "api-documentation":  # Swagger UI's page, without the app's header
        background = page.evaluate(
            "getComputedStyle(document.querySelector('header')).backgroundColor"
        )
        assert background not in ("", "rgba(0, 0, 0, 0)"), f"{name}: the stylesheets did not load"
    problems = accessibility_problems(name)
    assert not problems, "\n\n".join(problems)
