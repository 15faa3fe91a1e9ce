"""The API composed: one NinjaAPI with the error handlers of `dijkwacht.api` and every app's
router. It sits above all apps (config), so no app imports it."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLPattern
from ninja import NinjaAPI

from dijkwacht.api import errors, pages
from dijkwacht.api.auth import BearerToken, SessionAuth
from dijkwacht.api.docs import DocumentationPage
from dijkwacht.awareness.api import router as awareness_router
from dijkwacht.bibob.api import router as bibob_router
from dijkwacht.catalogue.api import router as catalogue_router
from dijkwacht.insights.api import router as insights_router
from dijkwacht.meldpunt.api_public import router as meldpunt_public_router
from dijkwacht.organisations.api import router as organisations_router
from dijkwacht.organisations.api_people import router as people_router
from dijkwacht.programmes.api import router as programmes_router
from dijkwacht.scans.api import router as scans_router


class DijkwachtAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return pages.document_pages(errors.document_problems(super().get_openapi_schema(**kwargs)))


api = DijkwachtAPI(
    title="Dijkwacht API",
    version=settings.API_VERSION,
    description=(
        "De API van Dijkwacht, het platform voor de gezamenlijke aanpak van ondermijning en "
        "weerbaarheid. Inhoud van het meldpunt is nooit via de API beschikbaar."
    ),
    openapi_extra={
        "info": {
            "contact": {
                "name": "Dijkwacht",
                "email": "beheer@dijkwacht.test",
                "url": "https://dijkwacht.test",
            },
            "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
        }
    },
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api-v1",
    # Without deep links: Swagger UI puts each operation's link inside its toggle button,
    # a control nested in a control that keyboard and screen-reader users cannot reach.
    docs=DocumentationPage(settings={"deepLinking": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=login_required,
)
errors.install(api)

# Each app plugs in its own router.

api.add_router("", organisations_router)
api.add_router("", people_router)
api.add_router("", programmes_router)
api.add_router("", bibob_router)
api.add_router("", awareness_router)
api.add_router("", scans_router)
api.add_router("", catalogue_router)
api.add_router("", insights_router)
api.add_router("", meldpunt_public_router)


# Pages about the API, not operations: these keep the login redirect.
SELF_DOCUMENTING = {"openapi-json", "openapi-view", "api-root"}


def urls() -> tuple[list, str, str]:
    """The API's URL patterns. Operations authenticate themselves (401 problem details), so
    Django's login redirect must not catch them; the docs and schema views keep it."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in SELF_DOCUMENTING:
            login_not_required(pattern.callback)
    return patterns, app_name, namespace
