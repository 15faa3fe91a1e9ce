"""Signing in with the organisation's identity provider, against a real OpenID Connect
provider on a local port (oidc-provider-mock): the code flow with state, nonce and PKCE, the
ID token's signature checked against the provider's keys."""

from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from dijkwacht.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WITH_APP = ["pwd", "mfa"]


@pytest.fixture(scope="module")
def provider():
    def person(sub, email, verified=True, **claims):
        return ProviderUser(sub=sub, claims={"email": email, "email_verified": verified, **claims})

    people = [
        person("coby", "coordinator@example.test", amr=WITH_APP),
        person("coby-pwd", "Coordinator@Example.test", amr=["pwd"]),
        person("ciska", "contributor@example.test"),
        person("onbekend", "onbekend@example.test", amr=WITH_APP),
        person("koppeling", "koppeling@example.test"),
        person("onbevestigd", "contributor@example.test", verified=False),
        person("zegt-niets", "contributor@example.test", verified=None),
        person("lijkt-op", "contrıbutor@example.test"),  # a dotless ı
        person("geblokkeerd", "geblokkeerd@example.test"),
    ]
    with run_server_in_thread(user_claims=people) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def configured(settings, provider):
    settings.SECOND_FACTOR_REQUIRED = True
    settings.OIDC_ENABLED = True
    settings.OIDC_NAME = "Gemeente Enschede"
    settings.OIDC_RP_CLIENT_ID = "dijkwacht"
    settings.OIDC_RP_CLIENT_SECRET = "geheim-voor-de-test"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    return provider


def _sign_in(client, sub: str, next_url: str = ""):
    """Dijkwacht sends the browser to the provider; the person signs in there (here: as `sub`)
    and the provider sends them back with a code; Dijkwacht exchanges it for the tokens."""
    start = client.get("/inloggen/organisatie/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    query = dict(p.split("=", 1) for p in urlsplit(authorize).query.split("&"))
    assert {"state", "nonce", "code_challenge"} <= set(query)
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/inloggen/organisatie/terug/"
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_the_provider(client, configured):
    page = client.get("/inloggen/").content.decode()
    assert "Inloggen met Gemeente Enschede" in page and 'href="/inloggen/organisatie/"' in page


def test_a_provider_that_checked_a_second_factor_signs_a_coordinator_in(
    client, configured, coordinator
):
    response = _sign_in(client, "coby", next_url="/programmas/")
    assert response.status_code == 302 and response["Location"] == "/programmas/"
    assert client.get("/programmas/").status_code == 200  # no second factor asked
    event = AuditEvent.objects.get(action="accounts.provider_login")
    assert event.actor_id == coordinator.pk


def test_without_the_providers_second_factor_dijkwacht_asks_its_own(
    client, configured, coordinator
):
    response = _sign_in(client, "coby-pwd")  # the same person, the address in other case
    assert response.status_code == 302
    page = client.get("/programmas/")
    assert page.status_code == 302 and "/profiel/tweede-factor/" in page["Location"]


def test_a_contributor_needs_no_second_factor(client, configured, contributor):
    _sign_in(client, "ciska")
    assert client.get("/mijn-acties/").status_code == 200


@pytest.mark.parametrize(
    "sub", ["onbekend", "koppeling", "onbevestigd", "zegt-niets", "lijkt-op", "geblokkeerd"]
)
def test_no_account_a_service_account_or_an_unverified_address_is_not_signed_in(
    client, configured, contributor, sub
):
    UserFactory(email="koppeling@example.test", is_service_account=True)
    UserFactory(email="geblokkeerd@example.test", is_active=False)
    response = _sign_in(client, sub)
    assert response["Location"] == "/inloggen/"
    page = client.get("/inloggen/").content.decode()
    assert "Vraag je coördinator om een uitnodiging" in page
    assert client.get("/mijn-acties/").status_code == 302


def test_without_configuration_there_is_no_provider_sign_in(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get("/inloggen/organisatie/").status_code == 404
    assert client.get("/inloggen/organisatie/terug/?code=x&state=y").status_code == 404
    assert "/inloggen/organisatie/" not in client.get("/inloggen/").content.decode()


def test_the_providers_second_factor_holds_for_its_session_only(client, configured, coordinator):
    _sign_in(client, "coby")
    assert client.session.get("dijkwacht_provider_second_factor") is True
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": coordinator.email, "password": PASSWORD})
    assert client.session.get("dijkwacht_provider_second_factor") is None
    page = client.get("/programmas/")
    assert page.status_code == 302 and "/profiel/tweede-factor/" in page["Location"]


def test_a_password_form_posted_with_a_code_does_not_reach_the_provider(
    client, configured, contributor
):
    """Only the callback asks the provider: a wrong password is a counted failure, not a
    500, whatever the address says."""
    response = client.post(
        "/inloggen/?code=x&state=y", {"username": contributor.email, "password": "fout"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username=contributor.email).exists()


def test_a_provider_that_is_down_is_a_failed_sign_in(client, configured, settings, contributor):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://localhost:9/oauth2/token"  # nothing listens
    response = _sign_in(client, "ciska")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert "_auth_user_id" not in client.session


def test_an_answer_to_no_sign_in_started_here_signs_nobody_out(client, configured, contributor):
    client.force_login(contributor)
    response = client.get("/inloggen/organisatie/terug/?error=access_denied&state=onbekend")
    assert response["Location"] == "/inloggen/"
    assert client.get("/mijn-acties/").status_code == 200


def test_a_blocked_account_is_signed_out_at_its_next_request(client, configured, contributor):
    _sign_in(client, "ciska")
    assert client.get("/mijn-acties/").status_code == 200
    contributor.is_active = False
    contributor.save()
    assert client.get("/mijn-acties/").status_code == 302


def test_only_the_allowed_domains_sign_in(client, configured, settings, contributor):
    settings.OIDC_EMAIL_DOMAINS = ["enschede.nl"]
    assert _sign_in(client, "ciska")["Location"] == "/inloggen/"
    settings.OIDC_EMAIL_DOMAINS = ["example.test"]
    assert _sign_in(client, "ciska")["Location"] == "/"
