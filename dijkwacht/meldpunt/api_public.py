"""The public meldpunt API: make a report and follow it up with the receipt code, without an
account. The same rules as the web pages: no session, nothing about the caller stored or
logged, the code only in a header (never in a URL), wrong codes throttled per address."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from dijkwacht.api.errors import unprocessable
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.schemas import Problem, ValidationProblem
from dijkwacht.core.http import problem
from dijkwacht.meldpunt import limits, selectors, services
from dijkwacht.meldpunt.forms_public import POLICE_REPORT_CHOICES, answers_for
from dijkwacht.meldpunt.models import (
    AggressionForm,
    Identity,
    IntegrityCategory,
    Kind,
    Message,
    Report,
)
from dijkwacht.meldpunt.models import Status as ReportStatus
from dijkwacht.meldpunt.views.public import (
    THROTTLE_MINUTES,
    accepting_organisation,
    client_address,
    unlogged,
)

router = Router(tags=["meldpunt (openbaar)"])

CODE_HEADER = "X-Receipt-Code"


def _enum(values: Iterable[str]) -> dict[str, Any]:
    """The allowed values, for the OpenAPI document; the operation checks them itself and
    answers 422 naming the field (as for every other invalid answer)."""
    return {"enum": list(values)}


# --- Schemas --------------------------------------------------------------------------------


class PublicOrganisationOut(Schema):
    slug: str = Field(..., description="Vaste sleutel van de organisatie, voor het melden.")
    name: str = Field(..., description="Naam van de organisatie.")


class PublicReporterIn(Schema):
    name: str = Field("", max_length=200, description="Naam van de melder.")
    email: str = Field("", max_length=200, description="E-mailadres van de melder.")
    phone: str = Field("", max_length=30, description="Telefoonnummer van de melder.")


class PublicReportIn(Schema):
    kind: str = Field(
        ...,
        max_length=20,
        json_schema_extra=_enum(Kind.values),
        description="Waar de melding over gaat: ondermijning, integriteit, agressie (tegen een "
        "medewerker) of anders.",
    )
    description: str = Field(
        "",
        max_length=services.MAX_DESCRIPTION,
        description="Wat er is gebeurd, in eigen woorden. Verplicht.",
    )
    identity: str = Field(
        ...,
        max_length=20,
        json_schema_extra=_enum(Identity.values),
        description="anoniem (geen gegevens van de melder), vertrouwelijk (alleen de "
        "behandelaars kennen de melder; delen alleen met toestemming) of open.",
    )
    wanneer: str = Field("", max_length=200, description="Wanneer het gebeurde.")
    waar: str = Field("", max_length=200, description="Waar het gebeurde.")
    betrokkenen: str = Field("", max_length=2000, description="Wie erbij betrokken zijn.")
    hoe_opgemerkt: str = Field("", max_length=2000, description="Hoe de melder het opmerkte.")
    categorie: str = Field(
        "",
        max_length=40,
        json_schema_extra=_enum(["", *IntegrityCategory.values]),
        description="Alleen bij integriteit: de soort schending.",
    )
    vorm: list[str] = Field(
        default_factory=list,
        max_length=len(AggressionForm.values),
        json_schema_extra={"items": {"type": "string", **_enum(AggressionForm.values)}},
        description="Alleen bij agressie: de vormen (meer dan één mag).",
    )
    slachtoffer: str = Field(
        "", max_length=200, description="Alleen bij agressie: tegen welke medewerker."
    )
    gevolgen: str = Field("", max_length=2000, description="Alleen bij agressie: de gevolgen.")
    aangifte: str = Field(
        "",
        max_length=20,
        json_schema_extra=_enum(["", *(code for code, _label in POLICE_REPORT_CHOICES)]),
        description="Alleen bij agressie: is er aangifte gedaan (ja, nee, weet_niet)?",
    )
    reporter: PublicReporterIn | None = Field(
        None,
        description="Alleen bij vertrouwelijk of open: naam of een manier om de melder te "
        "bereiken. Bij anoniem wordt niets bewaard.",
    )


class PublicReceiptOut(Schema):
    receipt_code: str = Field(
        ...,
        description="De ontvangstcode: 16 cijfers, alleen nu getoond en nergens bewaard. Nodig "
        "om de melding te volgen.",
    )


class PublicMessageOut(Schema):
    direction: str = Field(
        ...,
        json_schema_extra=_enum([Message.Direction.TO_REPORTER, Message.Direction.FROM_REPORTER]),
        description="aan_melder (van de organisatie) of van_melder.",
    )
    at: datetime.datetime = Field(..., description="Moment van het bericht.")
    body: str = Field(..., description="Tekst van het bericht.")


class PublicFollowUpOut(Schema):
    status: str = Field(
        ...,
        json_schema_extra=_enum(ReportStatus.values),
        description="Status van de melding.",
    )
    messages: list[PublicMessageOut]


class PublicReplyIn(Schema):
    message: str = Field(
        "", max_length=services.MAX_MESSAGE, description="Het bericht van de melder. Verplicht."
    )


CODE_DESCRIPTION = "De ontvangstcode van de melding (16 cijfers; spaties mogen)."


# --- Helpers --------------------------------------------------------------------------------


def _choice_errors(body: PublicReportIn) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if body.categorie and body.categorie not in IntegrityCategory.values:
        errors["categorie"] = [
            _("Choose one of: %(codes)s.") % {"codes": ", ".join(IntegrityCategory.values)}
        ]
    unknown = [v for v in body.vorm if v not in AggressionForm.values]
    if unknown:
        errors["vorm"] = [
            _("Choose from: %(codes)s.") % {"codes": ", ".join(AggressionForm.values)}
        ]
    codes = [code for code, _label in POLICE_REPORT_CHOICES]
    if body.aangifte and body.aangifte not in codes:
        errors["aangifte"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]
    return errors


def _open(request: HttpRequest, code: str) -> Report | HttpResponse:
    """The report behind the code, or the problem to answer: the same 404 for every wrong
    code, 429 once there were too many; neither is logged."""
    try:
        return services.follow_up_open(code=code, address=client_address(request))
    except services.Throttled:
        response = problem(
            request,
            429,
            _("Too many tries"),
            _("Too many tries with a code. Wait %(minutes)s minutes and try again.")
            % {"minutes": THROTTLE_MINUTES},
        )
        response["Retry-After"] = str(THROTTLE_MINUTES * 60)
        return unlogged(response)
    except ValidationError as error:
        return unlogged(problem(request, 404, _("Not found"), " ".join(error.messages)))


def _limited(request: HttpRequest, organisation_id: int) -> HttpResponse | None:
    """The 429 for a submission beyond the hourly limits (meldpunt.limits), or None."""
    if limits.submission_allowed(client_address(request), organisation_id):
        return None
    minutes = limits.minutes_left()
    response = problem(
        request,
        429,
        _("Too many reports"),
        _(
            "The meldpunt takes only a limited number of reports and messages per hour. Nothing "
            "has been saved; try again in %(minutes)s minutes."
        )
        % {"minutes": minutes},
    )
    response["Retry-After"] = str(minutes * 60)
    return unlogged(response)


def _message_out(message: Message) -> dict[str, Any]:
    return {"direction": message.direction, "at": message.at, "body": message.body}


# --- Operations -----------------------------------------------------------------------------


@router.get(
    "/meldpunt/public/organisations",
    response={200: list[PublicOrganisationOut]},
    auth=None,
    summary="Organisaties die meldingen aannemen",
)
def public_organisations(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    """Every organisation that takes reports through Dijkwacht, by name. No login."""
    return page_of(
        request, response, selectors.accepting_organisations().values("slug", "name"), pages
    )


@router.post(
    "/meldpunt/public/{slug}/reports",
    response={
        201: PublicReceiptOut,
        400: ValidationProblem,
        404: Problem,
        422: ValidationProblem,
        429: Problem,
    },
    auth=None,
    summary="Een melding doen",
)
@decorate_view(never_cache)
def public_report_submit(request: HttpRequest, slug: str, body: PublicReportIn):
    """Make a report to the organisation; no login. The answer holds the receipt code, once:
    it is stored only as a slow hash and cannot be sent again. An anonymous report keeps no
    details of the reporter, whatever is sent. Questions of another kind than `kind` are
    ignored."""
    organisation = accepting_organisation(slug)
    errors = _choice_errors(body)
    if errors:
        return unprocessable(request, ValidationError(errors))
    refused = _limited(request, organisation.pk)
    if refused is not None:
        return refused
    data = body.model_dump()
    reporter = body.reporter.model_dump() if body.reporter is not None else None
    try:
        submitted = services.report_submit(
            organisation=organisation,
            kind=body.kind,
            description=body.description,
            identity=body.identity,
            answers=answers_for(body.kind, data),
            reporter=None if body.identity == Identity.ANONYMOUS else reporter,
        )
    except ValidationError as error:
        return unprocessable(request, error)
    return Status(201, {"receipt_code": submitted.receipt.code})


@router.get(
    "/meldpunt/public/follow-up",
    response={200: PublicFollowUpOut, 404: Problem, 429: Problem},
    auth=None,
    summary="Een melding volgen met de ontvangstcode",
)
@decorate_view(never_cache)
def public_follow_up(
    request: HttpRequest,
    code: str = Header("", alias=CODE_HEADER, description=CODE_DESCRIPTION),
):
    """The status of the report and the messages between the organisation and the reporter
    (never the internal notes). The code goes in the `X-Receipt-Code` header, never in the URL.
    Every wrong code answers the same 404; after 5 wrong codes from one address (or for one
    report) every try answers 429 for 15 minutes, also with the right code."""
    found = _open(request, code)
    if isinstance(found, HttpResponse):
        return found
    return {
        "status": found.status,
        "messages": [_message_out(m) for m in selectors.messages_for_reporter(found)],
    }


@router.post(
    "/meldpunt/public/follow-up",
    response={
        201: PublicMessageOut,
        400: ValidationProblem,
        404: Problem,
        422: ValidationProblem,
        429: Problem,
    },
    auth=None,
    summary="Een bericht sturen bij een melding",
)
@decorate_view(never_cache)
def public_follow_up_reply(
    request: HttpRequest,
    body: PublicReplyIn,
    code: str = Header("", alias=CODE_HEADER, description=CODE_DESCRIPTION),
):
    """The reporter answers or adds information, with the code in the `X-Receipt-Code`
    header. The same 404 and 429 as for reading."""
    found = _open(request, code)
    if isinstance(found, HttpResponse):
        return found
    refused = _limited(request, found.organisation_id)
    if refused is not None:
        return refused
    try:
        message = services.reporter_reply(report=found, body=body.message)
    except ValidationError as error:
        return unprocessable(request, error, {"body": "message"})
    return Status(201, _message_out(message))
