from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ApiVersionMiddleware:
    """NL API Design Rules: every API response names the full API version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = settings.API_VERSION
        return response
