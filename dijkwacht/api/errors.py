"""Errors as RFC 9457 problem details (`application/problem+json`), never a 500 for bad input."""

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dijkwacht.core.http import PROBLEM, problem

logger = logging.getLogger(__name__)


def unprocessable(
    request: HttpRequest, error: DjangoValidationError, names: dict[str, str] | None = None
) -> HttpResponse:
    """A service's ValidationError as a 422 problem: field errors as `invalidParams` (with the
    API's names for the fields), other messages in `detail`."""
    params: list[dict[str, str]] = []
    general: list[str] = []
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            if field == NON_FIELD_ERRORS:
                general.extend(messages)
            else:
                name = (names or {}).get(field, field)
                params.extend({"name": name, "reason": message} for message in messages)
    else:
        general.extend(error.messages)
    detail = " ".join(general) or _("One or more parameters are not valid.")
    return problem(request, 422, _("Invalid input"), detail, invalidParams=params)


def taken(request: HttpRequest) -> HttpResponse:
    """A write that lost a race for a unique value (the check before it passed, another
    request stored the same value first): a 422, never a 500."""
    return problem(
        request,
        422,
        _("Invalid input"),
        _("Something with this name, code or address was stored at the same moment. Try again."),
        invalidParams=[],
    )


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    result = []
    for error in errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")
        ]
        result.append({"name": ".".join(location), "reason": str(error.get("msg", ""))})
    return result


def not_found(request: HttpRequest, exc: Http404 | None = None) -> HttpResponse:
    return problem(request, 404, _("Not found"))


def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """The one answer to a refused permission, for the operations and their prechecks."""
    return problem(request, 403, str(exc) or _("You do not have access to this."))


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(
            request,
            400,
            _("Invalid input"),
            _("One or more parameters are not valid."),
            invalidParams=_field_errors(exc.errors),
        )

    # A service's refusal that an operation does not answer itself (with its own names for the
    # fields): a 422 naming the fields. A unique value another request stored first: a 422 too.
    @api.exception_handler(DjangoValidationError)
    def service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return unprocessable(request, exc)

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        return taken(request)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            request, 401, _("Not authenticated"), _("Log in or send a valid API token.")
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found(request, exc)

    @api.exception_handler(PermissionDenied)
    def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return forbidden(request, exc)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error")
        return problem(request, 500, _("Internal error"))


# --- The errors in the OpenAPI document ------------------------------------------------------

_STANDARD = {
    "400": ("ValidationProblem", "Ongeldige invoer: per parameter wat er niet klopt."),
    "401": ("Problem", "Niet ingelogd: log in of stuur een geldig API-token."),
    "403": ("Problem", "Geen toegang (of eerst de tweede factor)."),
    "404": ("Problem", "Niet gevonden, of niet van u: beide zien er hetzelfde uit."),
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every error this API really answers, in the OpenAPI document as it is sent: as
    `application/problem+json`, and on every operation the errors any operation can give —
    400 for input it cannot read, 401 and 403 where a login is needed (the second factor
    answers 403), 404 where the path names an object."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            parameters = operation.get("parameters", [])
            wanted = []
            if parameters or operation.get("requestBody"):
                wanted.append("400")
            if operation.get("security"):
                wanted += ["401", "403"]
            if any(p.get("in") == "path" for p in parameters):
                wanted.append("404")
            for status in wanted:
                if status not in responses:
                    name, description = _STANDARD[status]
                    responses[status] = {
                        "description": description,
                        "content": {PROBLEM: {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    }
            for status, response in responses.items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content[PROBLEM] = content.pop("application/json")
    return schema
