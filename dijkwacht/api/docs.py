"""The API's documentation page: django-ninja's Swagger UI in a page of our own, so it says
its language (Dutch, as the operations' summaries and descriptions are) and keeps the app's
look where Swagger UI's own colours fall short of WCAG AA."""

from ninja.openapi.docs import Swagger


class DocumentationPage(Swagger):
    template = "api/docs.html"
