import datetime
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.errors import unprocessable
from dijkwacht.api.pages import PageQuery, page_of, with_page_headers
from dijkwacht.api.prechecks import permission_first, permitted
from dijkwacht.api.schemas import LIST_ERRORS, Problem, ValidationProblem
from dijkwacht.core.http import problem
from dijkwacht.organisations.permissions import access_for, can_coordinate, is_platform_admin
from dijkwacht.organisations.selectors import get_partnership_for, organisations_by_pk
from dijkwacht.scans import documents, scoring, selectors, services
from dijkwacht.scans.forms import MAX_FRAMEWORK_BYTES, MAX_SHOWN_PROBLEMS
from dijkwacht.scans.frameworks import read_framework
from dijkwacht.scans.models import (
    Framework,
    Norm,
    ResultSource,
    RoundKind,
    ScaleOption,
    Scan,
    ScanKind,
    ScanRound,
    ScanStatus,
)
from dijkwacht.scans.permissions import RoundView, can_answer, can_steer, round_view

router = Router(tags=["scans"])

YAML_TYPES = ("application/yaml", "text/yaml", "text/plain")
REPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Schemas --------------------------------------------------------------------------------


class FrameworkOut(Schema):
    id: int
    name: str = Field(..., description="Naam van het normenkader.")
    version: str = Field(..., description="Versie; een gewijzigd kader is een nieuwe versie.")
    description: str = Field(..., description="Omschrijving van het normenkader.")
    norms: int = Field(..., description="Aantal normen in het kader.")


class FrameworkCreatedOut(Schema):
    id: int
    name: str = Field(..., description="Naam van het normenkader.")
    version: str = Field(..., description="Versie van het normenkader.")
    norms: int = Field(..., description="Aantal ingelezen normen.")


class PartnershipRef(Schema):
    id: int
    slug: str = Field(..., description="Vaste, leesbare sleutel van het samenwerkingsverband.")
    name: str = Field(..., description="Naam van het samenwerkingsverband.")


class FrameworkRef(Schema):
    id: int
    name: str = Field(..., description="Naam van het normenkader.")
    version: str = Field(..., description="Versie van het normenkader.")


class RoundOut(Schema):
    id: int
    name: str = Field(..., description="Titel van de ronde, bijvoorbeeld „Zelfscan 2027”.")
    partnership: PartnershipRef
    kind: RoundKind = Field(
        ..., description="Zelfscan, onafhankelijke toetsing, of zelfscan gevolgd door toetsing."
    )
    framework: FrameworkRef
    deadline: datetime.date = Field(..., description="Uiterste datum om in te dienen.")
    anonymise: bool = Field(
        ..., description="Deelnemers zien de uitkomsten zonder namen van organisaties."
    )


class RoundIn(Schema):
    partnership: int = Field(..., description="Id van het samenwerkingsverband.")
    framework: int = Field(..., description="Id van het normenkader (in één versie).")
    name: str = Field(..., description="Titel van de ronde; uniek binnen het samenwerkingsverband.")
    kind: RoundKind = Field(
        ..., description="Zelfscan, onafhankelijke toetsing, of zelfscan gevolgd door toetsing."
    )
    organisations: list[int] = Field(
        ..., description="Ids van de deelnemende organisaties, leden van het samenwerkingsverband."
    )
    deadline: datetime.date = Field(..., description="Uiterste datum om in te dienen.")
    anonymise: bool = Field(
        True, description="Deelnemers zien de uitkomsten zonder namen van organisaties."
    )


class OrganisationRef(Schema):
    id: int
    name: str = Field(..., description="Naam van de organisatie.")


class ScanOut(Schema):
    id: int
    organisation: OrganisationRef
    kind: ScanKind = Field(..., description="Zelfscan of onafhankelijke toetsing.")
    status: ScanStatus = Field(..., description="Niet gestart, bezig of ingediend.")


class ResultOut(Schema):
    organisation: str = Field(..., description="Naam van de organisatie.")
    organisation_id: int = Field(..., description="Id van de organisatie.")
    norm: str = Field(..., description="Code van de norm.")
    value: int | None = Field(
        ..., description="Waarde van het antwoord op de schaal; null voor „niet van toepassing”."
    )
    answer: str = Field(..., description="Code van het antwoord op de schaal, bijvoorbeeld `ja`.")
    met: bool = Field(..., description="Het antwoord telt als voldaan.")
    applicable: bool = Field(..., description="De norm is op de organisatie van toepassing.")
    source: ResultSource = Field(
        ..., description="Waar het eindantwoord vandaan komt: zelfscan, toetsing of afspraak."
    )


class NormRef(Schema):
    code: str = Field(..., description="Code van de norm.")
    text: str = Field(..., description="Tekst van de norm.")


class ThreadOut(Schema):
    norm: NormRef
    below: int | None = Field(
        ...,
        description="Aantal organisaties dat niet aan de norm voldoet; null als het kleiner "
        "is dan 5 en niet getoond wordt.",
    )
    total: int | None = Field(
        ...,
        description="Aantal organisaties op wie de norm van toepassing is; null als het "
        "kleiner is dan 5 en niet getoond wordt.",
    )
    suppressed: bool = Field(..., description="Een aantal is weggelaten omdat het te klein is.")


class RoundRef(Schema):
    id: int
    name: str = Field(..., description="Titel van de ronde.")


class AnswerOut(Schema):
    value: int | None = Field(..., description="Waarde van het antwoord op de schaal.")
    code: str = Field(..., description="Code van het antwoord op de schaal, bijvoorbeeld `ja`.")
    label: str = Field(..., description="Het antwoord in woorden.")
    explanation: str = Field(..., description="Toelichting bij het antwoord.")
    evidence_url: str = Field(..., description="Link naar het stuk dat het aantoont.")


class ScanNormOut(Schema):
    code: str = Field(..., description="Code van de norm.")
    text: str = Field(..., description="Tekst van de norm.")
    theme: str = Field(..., description="Code van het thema.")
    essential: bool = Field(..., description="Nodig voor „basis op orde”.")
    weight: int = Field(..., description="Gewicht van de norm in het percentage voldaan.")
    answer: AnswerOut | None = Field(..., description="Het antwoord; null als het er nog niet is.")


class ScanDetailOut(Schema):
    id: int
    round: RoundRef
    organisation: OrganisationRef
    kind: ScanKind = Field(..., description="Zelfscan of onafhankelijke toetsing.")
    status: ScanStatus = Field(..., description="Niet gestart, bezig of ingediend.")
    norms: list[ScanNormOut]


class AnswerIn(Schema):
    value: int | None = Field(
        None,
        description="Waarde van het antwoord op de schaal van het kader; null kiest het antwoord "
        "zonder waarde (zoals „niet van toepassing”). Geef `value` of `code`.",
    )
    code: str | None = Field(
        None,
        max_length=40,
        description="Code van het antwoord op de schaal, in plaats van `value`.",
    )
    explanation: str = Field("", max_length=4000, description="Toelichting bij het antwoord.")
    evidence_url: str = Field(
        "", max_length=200, description="Link naar het stuk dat het aantoont."
    )
    finding: str = Field("", max_length=4000, description="Bevinding (alleen bij een toetsing).")
    recommendation: str = Field(
        "", max_length=4000, description="Aanbeveling (alleen bij een toetsing)."
    )


class SubmittedOut(Schema):
    id: int
    status: ScanStatus = Field(..., description="De status van de scan: ingediend.")


class ScoreOut(Schema):
    percent: float | None = Field(
        ..., description="Gewogen percentage voldaan (0–100); null als geen norm van toepassing is."
    )
    met: int = Field(..., description="Aantal normen voldaan.")
    applicable: int = Field(..., description="Aantal normen van toepassing.")


class ThemeScoreOut(ScoreOut):
    code: str = Field(..., description="Code van het thema.")
    title: str = Field(..., description="Titel van het thema.")


class ScanScoreOut(Schema):
    overall: ScoreOut
    themes: list[ThemeScoreOut]
    basis_op_orde: bool = Field(
        ..., description="Elke essentiële norm die van toepassing is, is voldaan."
    )
    shortfalls: list[str] = Field(
        ..., description="Codes van de essentiële normen die van toepassing zijn en niet voldaan."
    )


# --- Helpers --------------------------------------------------------------------------------


def _forbidden(error: PermissionDenied) -> HttpError:
    return HttpError(403, str(error) or _("You do not have access to this."))


def _may_see_organisations(user: Any, scan_round: ScanRound) -> bool:
    """Results by organisation: for whoever sees the whole round, and for participants when
    the coordinator chose not to anonymise."""
    view = round_view(user, scan_round, selectors.participant_ids(scan_round))
    return view == RoundView.FULL or (view == RoundView.PARTICIPANT and not scan_round.anonymise)


def _require_organisations(user: Any, scan_round: ScanRound) -> None:
    if not _may_see_organisations(user, scan_round):
        raise HttpError(403, _("Only figures across the whole partnership"))


def _round_out(scan_round: ScanRound) -> dict[str, Any]:
    return {
        "id": scan_round.pk,
        "name": scan_round.title,
        "partnership": scan_round.partnership,
        "kind": scan_round.kind,
        "framework": scan_round.framework,
        "deadline": scan_round.deadline,
        "anonymise": scan_round.anonymise,
    }


def _answer_out(answer: Any) -> dict[str, Any]:
    return {
        "value": answer.option.value,
        "code": answer.option.code,
        "label": answer.option.label,
        "explanation": answer.explanation,
        "evidence_url": answer.evidence_url,
    }


def _norm_of(scan: Scan, norm_code: str) -> Norm:
    """The norm of the scan's framework by its code (from the framework's parts in memory)."""
    norm = selectors.framework_parts(scan.round.framework).norms_by_code.get(norm_code)
    if norm is None:
        raise Http404
    return norm


# --- Frameworks -----------------------------------------------------------------------------


@router.get(
    "/scans/frameworks",
    response={200: list[FrameworkOut], **LIST_ERRORS},
    summary="Normenkaders",
)
def list_frameworks(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    """Every norm framework in every version: shared reference data for every user."""
    return [
        {
            "id": f.pk,
            "name": f.name,
            "version": f.version,
            "description": f.description,
            "norms": f.norm_count,  # type: ignore[attr-defined]
        }
        for f in page_of(request, response, selectors.framework_list(), pages)
    ]


@router.post(
    "/scans/frameworks",
    response={
        201: FrameworkCreatedOut,
        401: Problem,
        403: Problem,
        413: Problem,
        415: Problem,
        422: ValidationProblem,
    },
    summary="Normenkader inlezen (YAML)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "Het normenkader als YAML-tekst (UTF-8), zoals bij het downloaden.",
            "content": {t: {"schema": {"type": "string"}} for t in YAML_TYPES},
        }
    },
)
def create_framework(request: AuthenticatedHttpRequest):
    """A new framework version from its YAML text; platform admins only. Every problem in the
    file comes back as an invalid parameter named by its place (e.g. `themes[0].norms[2].code`);
    nothing is written unless the whole file is right."""
    if not is_platform_admin(request.user):
        raise HttpError(403, _("Only platform admins manage norm frameworks."))
    if request.content_type not in YAML_TYPES:
        raise HttpError(415, _("Send the framework as YAML text (application/yaml)."))
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise HttpError(413, _("The file is too large.")) from error
    if len(body) > MAX_FRAMEWORK_BYTES:
        raise HttpError(413, _("The file is too large."))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return unprocessable(request, ValidationError({"body": _("This is not UTF-8 text.")}))
    spec, problems = read_framework(text)
    if spec is None:
        total = len(problems) + getattr(problems, "more", 0)
        detail = ngettext(
            "The file has %(count)s problem; nothing has been imported.",
            "The file has %(count)s problems; nothing has been imported.",
            total,
        ) % {"count": total}
        return problem(
            request,
            422,
            _("Invalid input"),
            detail,
            invalidParams=[
                {"name": where, "reason": message}
                for where, message in problems[:MAX_SHOWN_PROBLEMS]
            ],
        )
    try:
        framework = services.framework_create(actor=request.user, spec=spec)
    except PermissionDenied as error:
        raise _forbidden(error) from error
    except ValidationError as error:
        return unprocessable(request, error)
    return Status(
        201,
        {
            "id": framework.pk,
            "name": framework.name,
            "version": framework.version,
            "norms": spec.norm_count,
        },
    )


# --- Rounds ---------------------------------------------------------------------------------


@router.get(
    "/scans/rounds",
    response={200: list[RoundOut], **LIST_ERRORS},
    summary="Scanrondes",
)
def list_scan_rounds(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    """The rounds of the partnerships the user takes part in, newest first."""
    rows = page_of(request, response, selectors.round_list(request.user), pages)
    return [_round_out(r) for r in rows]


def _may_open_rounds(request: HttpRequest) -> None:
    """Only coordinators (of any partnership) and admins open rounds."""
    access = access_for(request.user)
    if not (access.is_admin or access.coordinating_ids):
        raise PermissionDenied(_("Only the partnership's coordinators open scan rounds."))


@router.post(
    "/scans/rounds",
    response={
        201: RoundOut,
        400: ValidationProblem,
        401: Problem,
        403: Problem,
        404: Problem,
        422: ValidationProblem,
    },
    summary="Een scanronde openen",
)
@permission_first(_may_open_rounds)
def open_scan_round(request: AuthenticatedHttpRequest, body: RoundIn):
    """Open a round with a scan per organisation (a self-scan, a review, or both);
    coordinators of the partnership only: anyone else gets 403 (or 404 for a partnership they
    do not see), whatever they send."""
    permitted(request, _may_open_rounds)
    partnership = get_partnership_for(request.user, body.partnership)
    if not can_coordinate(request.user, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators open scan rounds."))
    errors: dict[str, list[str]] = {}
    framework = Framework.objects.filter(pk=body.framework).first()
    if framework is None:
        errors["framework"] = [_("Unknown norm framework.")]
    wanted = set(body.organisations)
    organisations = organisations_by_pk(wanted)
    unknown = wanted - {o.pk for o in organisations}
    if unknown:
        errors["organisations"] = [
            _("Unknown organisations: %(ids)s") % {"ids": ", ".join(map(str, sorted(unknown)))}
        ]
    if errors or framework is None:
        return unprocessable(request, ValidationError(errors))
    try:
        scan_round = services.scan_round_open(
            actor=request.user,
            partnership=partnership,
            framework=framework,
            title=body.name,
            kind=body.kind,
            deadline=body.deadline,
            organisations=organisations,
            anonymise=body.anonymise,
        )
    except PermissionDenied as error:
        raise _forbidden(error) from error
    except ValidationError as error:
        return unprocessable(request, error, {"title": "name"})
    return Status(201, _round_out(scan_round))


def _round_for(request: HttpRequest, round_id: int) -> ScanRound:
    return selectors.get_round_for(request.user, round_id)


@router.get(
    "/scans/rounds/{round_id}/scans",
    response={200: list[ScanOut], 401: Problem, 404: Problem},
    summary="De scans van een ronde",
)
@permission_first(_round_for)
def list_round_scans(
    request: HttpRequest, response: HttpResponse, round_id: int, pages: Query[PageQuery]
):
    """The scans of the round the user may see: coordinators all of them, contributors their
    own organisation's self-scan, assessors the reviews (and a self-scan once its review is
    submitted)."""
    scan_round = permitted(request, _round_for, round_id)
    return page_of(request, response, selectors.round_scans(request.user, scan_round), pages)


@router.get(
    "/scans/rounds/{round_id}/results",
    response={200: list[ResultOut], 401: Problem, 403: Problem, 404: Problem},
    summary="Eindantwoorden per organisatie en norm",
)
@permission_first(_round_for)
def get_round_results(
    request: HttpRequest, response: HttpResponse, round_id: int, pages: Query[PageQuery]
):
    """Per organisation per norm the final answer (the agreed score, else the submitted
    review, else the submitted self-scan). Only for whoever may see organisations by name:
    others get 403 and read the common threads instead."""
    scan_round = permitted(request, _round_for, round_id)
    _require_organisations(request.user, scan_round)
    rows = selectors.round_results(access_for(request.user), scan_round).values_list(
        "organisation__name",
        "organisation_id",
        "norm__code",
        "option__value",
        "option__code",
        "option__counts_as_met",
        "option__applicable",
        "source",
    )
    # Plain JSON, as the programme matrix: the shape is ResultOut (tested), and a large round
    # has thousands of rows.
    answer = JsonResponse(
        [
            {
                "organisation": name,
                "organisation_id": organisation_id,
                "norm": norm,
                "value": value,
                "answer": code,
                "met": met,
                "applicable": applicable,
                "source": source,
            }
            for name, organisation_id, norm, value, code, met, applicable, source in page_of(
                request, response, rows, pages
            )
        ],
        safe=False,
    )
    return with_page_headers(answer, response)


@router.get(
    "/scans/rounds/{round_id}/common-threads",
    response={200: list[ThreadOut], 401: Problem, 404: Problem},
    summary="Rode draden: normen waar de meeste organisaties niet aan voldoen",
)
@permission_first(_round_for)
def get_common_threads(
    request: HttpRequest, response: HttpResponse, round_id: int, pages: Query[PageQuery]
):
    """Per norm how many organisations fall short of it, of those to whom it applies, most
    first. For viewers only figures across the partnership: counts from 1 to 4 are null."""
    scan_round = permitted(request, _round_for, round_id)
    suppressed = (
        round_view(request.user, scan_round, selectors.participant_ids(scan_round))
        == RoundView.AGGREGATE
    )
    return [
        {
            "norm": {"code": t.norm.code, "text": t.norm.text},
            "below": t.below,
            "total": t.total,
            "suppressed": t.below is None or t.total is None,
        }
        for t in page_of(
            request,
            response,
            selectors.common_threads(access_for(request.user), scan_round, suppressed=suppressed),
            pages,
        )
    ]


class ProvisionalThreadOut(Schema):
    norm: NormRef
    below: int = Field(..., description="Aantal organisaties dat er tot nu toe niet aan voldoet.")
    total: int = Field(
        ..., description="Aantal organisaties dat de norm tot nu toe beantwoordde (van toepassing)."
    )


class ProvisionalThreadsOut(Schema):
    provisional: bool = Field(True, description="Altijd waar: de antwoorden kunnen nog wijzigen.")
    organisations: int = Field(..., description="Organisaties in de ronde.")
    answering: int = Field(..., description="Organisaties met minstens één antwoord.")
    submitted: int = Field(..., description="Organisaties die hun zelfscan indienden.")
    threads: list[ProvisionalThreadOut]


@router.get(
    "/scans/rounds/{round_id}/common-threads/provisional",
    response={200: ProvisionalThreadsOut, 401: Problem, 403: Problem, 404: Problem},
    summary="Voorlopige rode draden, terwijl de ronde loopt (coördinatoren)",
)
def get_provisional_threads(request: HttpRequest, round_id: int):
    """While the round runs, per norm how many organisations fall short so far, over the
    self-scans as they stand (submitted or not), most first. Only for the partnership's
    coordinators: assessors review blind, and the answers are not final."""
    scan_round = _round_for(request, round_id)
    if not can_steer(request.user, scan_round):
        raise _forbidden(PermissionDenied(_("Only the round's coordinators see this.")))
    found = selectors.provisional_threads(scan_round)
    return {
        "provisional": True,
        "organisations": found.organisations,
        "answering": found.answering,
        "submitted": found.submitted,
        "threads": [
            {"norm": {"code": t.norm.code, "text": t.norm.text}, "below": t.below, "total": t.total}
            for t in found.threads
        ],
    }


@router.get(
    "/scans/rounds/{round_id}/report",
    response={200: None, 401: Problem, 403: Problem, 404: Problem, 422: ValidationProblem},
    summary="Rode-dradenrapport als PDF of Word, eindantwoorden als Excel",
    openapi_extra={
        "responses": {
            200: {
                "description": "Het document.",
                "content": {content_type: {} for content_type in REPORT_TYPES.values()},
            }
        }
    },
)
def get_round_report(
    request: HttpRequest,
    round_id: int,
    format: str = Query(
        "pdf",
        description="`pdf` of `docx`: het rode-dradenrapport; `xlsx`: de eindantwoorden per "
        "organisatie (alleen voor wie de uitkomsten per organisatie ziet).",
        example="pdf",
    ),
):
    """The common threads report (PDF, Word) as anyone in the partnership may read it (the
    report leaves out small counts for viewers), or the final answers per organisation
    (Excel), with the same rules as the results."""
    scan_round = _round_for(request, round_id)
    if format not in REPORT_TYPES:
        return unprocessable(request, ValidationError({"format": _("Choose pdf, docx or xlsx.")}))

    if format == "xlsx":
        _require_organisations(request.user, scan_round)
        content = documents.results_xlsx(scan_round, request.user)
        prefix = "resultaten"
    else:
        render = documents.common_threads_pdf if format == "pdf" else documents.common_threads_docx
        content = render(scan_round, request.user)
        prefix = "rode-draden"
    response = HttpResponse(content, content_type=REPORT_TYPES[format])
    filename = f"{prefix}-{slugify(scan_round.title)}-{timezone.localdate():%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- One scan -------------------------------------------------------------------------------


@router.get(
    "/scans/scans/{scan_id}",
    response={200: ScanDetailOut, 401: Problem, 404: Problem},
    summary="Een scan met de normen en antwoorden",
)
def get_scan(request: HttpRequest, scan_id: int):
    """The scan's norms, theme by theme, each with the scan's answer (or null). The review is
    blind: an assessor sees a self-scan only after submitting their review of it."""
    scan = selectors.get_scan_for(request.user, scan_id)
    return {
        "id": scan.pk,
        "round": {"id": scan.round.pk, "name": scan.round.title},
        "organisation": scan.organisation,
        "kind": scan.kind,
        "status": scan.status,
        "norms": [
            {
                "code": norm.code,
                "text": norm.text,
                "theme": theme.code,
                "essential": norm.essential,
                "weight": norm.weight,
                "answer": _answer_out(answer) if answer is not None else None,
            }
            for theme, rows in selectors.scan_sheet(scan)
            for norm, answer in rows
        ],
    }


@router.get(
    "/scans/scans/{scan_id}/answers/{norm_code}",
    response={200: AnswerOut, 401: Problem, 404: Problem},
    summary="Het antwoord op één norm",
)
def get_answer(request: HttpRequest, scan_id: int, norm_code: str):
    """The scan's answer to the norm; 404 while the norm has no answer."""
    scan = selectors.get_scan_for(request.user, scan_id)
    norm = _norm_of(scan, norm_code)
    answer = scan.answers.select_related("option").filter(norm=norm).first()
    if answer is None:
        raise Http404
    return _answer_out(answer)


def _option_for(scan: Scan, body: AnswerIn) -> ScaleOption:
    """The scale option named by `code`, else by `value`; raises a ValidationError on the
    field that names nothing (or, for a value, more than one option)."""
    options = list(selectors.framework_parts(scan.round.framework).options.values())
    if body.code is not None:
        found = [o for o in options if o.code == body.code]
        field = "code"
    elif "value" in body.model_fields_set:
        found = [o for o in options if o.value == body.value]
        field = "value"
    else:
        raise ValidationError({"value": _("Give the answer's value or code.")})
    if len(found) != 1:
        raise ValidationError(
            {
                field: _("Not an answer on the framework's scale; choose from: %(codes)s")
                % {"codes": ", ".join(f"{o.code} ({o.value})" for o in options)}
            }
        )
    return found[0]


def _given(norm: Norm, option: ScaleOption, body: AnswerIn) -> services.AnswerInput:
    return services.AnswerInput(
        norm=norm,
        option=option,
        explanation=body.explanation,
        evidence_url=body.evidence_url,
        finding=body.finding,
        recommendation=body.recommendation,
    )


def _answerable(request: HttpRequest, scan_id: Any, **_path: Any) -> Scan:
    """The scan, when the user may answer it now: 404 when they do not see it, 403 when they
    only read it (or it is submitted). Read and locked in one query, in the operation's
    transaction (`atomic=True`): the write needs no second read of it."""
    scan = selectors.get_scan_for_update(request.user, scan_id)
    if not can_answer(request.user, scan):
        raise PermissionDenied(_("You may not answer this scan (now)."))
    return scan


ANSWER_ERRORS = {
    200: AnswerOut,
    400: ValidationProblem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: ValidationProblem,
}


@router.put(
    "/scans/scans/{scan_id}/answers/{norm_code}",
    response=ANSWER_ERRORS,
    summary="Een norm beantwoorden",
)
@permission_first(_answerable, atomic=True)
def save_answer(request: AuthenticatedHttpRequest, scan_id: int, norm_code: str, body: AnswerIn):
    """Set the scan's answer to one norm, by the answer's value or code on the framework's
    scale; the whole answer is replaced. The same rules and audit trail as on screen:
    contributors answer their own organisation's self-scan, assessors the review, until the
    scan is submitted. Whoever may not answer gets 403 or 404, whatever they send."""
    scan = permitted(request, _answerable, scan_id)
    norm = _norm_of(scan, norm_code)
    try:
        given = _given(norm, _option_for(scan, body), body)
        [answer] = services.answers_save(actor=request.user, locked=scan, answers=[given])
    except PermissionDenied as error:
        raise _forbidden(error) from error
    except ValidationError as error:
        # The service names a problem "<position>.<field>"; here there is one answer.
        names = {f"0.{field}": field for field in (*services.ANSWER_FIELDS, "norm")}
        return unprocessable(request, error, names)
    return _answer_out(answer)


MAX_ANSWERS = 1000


class NormAnswerIn(AnswerIn):
    norm: str = Field(..., max_length=20, description="Code van de norm, bijvoorbeeld `A.1`.")


class AnswersIn(Schema):
    answers: list[NormAnswerIn] = Field(
        ...,
        min_length=1,
        max_length=MAX_ANSWERS,
        description=f"De antwoorden, elk op een andere norm; ten hoogste {MAX_ANSWERS}.",
    )


class NormAnswerOut(Schema):
    norm: str = Field(..., description="Code van de norm.")
    answer: AnswerOut


@router.put(
    "/scans/scans/{scan_id}/answers",
    response={**ANSWER_ERRORS, 200: list[NormAnswerOut]},
    summary="Meer normen tegelijk beantwoorden",
)
@permission_first(_answerable, atomic=True)
def save_answers(request: AuthenticatedHttpRequest, scan_id: int, body: AnswersIn):
    """Set the scan's answers to many norms at once: a whole theme, or what another survey
    tool exported. Every answer is checked before any is written: one wrong answer and
    nothing is saved, and the 422 names every problem by its place in the list
    (`answers.3.code`). Otherwise all are saved in one transaction, each with its own line in
    the audit trail, and the answer lists each norm with its saved answer, in the order
    sent."""
    scan = permitted(request, _answerable, scan_id)
    given: list[services.AnswerInput] = []
    problems: dict[str, list[str]] = {}
    for position, item in enumerate(body.answers):
        norm = selectors.framework_parts(scan.round.framework).norms_by_code.get(item.norm)
        if norm is None:
            problems[f"answers.{position}.norm"] = [
                _("No norm %(code)s in this scan's framework.") % {"code": item.norm}
            ]
            continue
        try:
            given.append(_given(norm, _option_for(scan, item), item))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems[f"answers.{position}.{field}"] = messages
    if problems:
        return unprocessable(request, ValidationError(problems))
    try:
        answers = services.answers_save(actor=request.user, locked=scan, answers=given)
    except PermissionDenied as error:
        raise _forbidden(error) from error
    except ValidationError as error:
        names = {
            f"{position}.{field}": f"answers.{position}.{field}"
            for position in range(len(given))
            for field in (*services.ANSWER_FIELDS, "norm")
        }
        return unprocessable(request, error, names)
    return [{"norm": a.norm.code, "answer": _answer_out(a)} for a in answers]


@router.post(
    "/scans/scans/{scan_id}/submit",
    response={
        200: SubmittedOut,
        401: Problem,
        403: Problem,
        404: Problem,
        422: ValidationProblem,
    },
    summary="Een scan indienen",
)
def submit_scan(request: AuthenticatedHttpRequest, scan_id: int):
    """Submit and lock the scan; every norm needs an answer ("not applicable" is one)."""
    scan = selectors.get_scan_for(request.user, scan_id)
    try:
        scan = services.scan_submit(actor=request.user, scan=scan)
    except PermissionDenied as error:
        raise _forbidden(error) from error
    except ValidationError as error:
        return unprocessable(request, error)
    return {"id": scan.pk, "status": scan.status}


@router.get(
    "/scans/scans/{scan_id}/score",
    response={200: ScanScoreOut, 401: Problem, 404: Problem},
    summary="De score van een scan",
)
def get_scan_score(request: HttpRequest, scan_id: int):
    """The weighted share of norms met, overall and per theme, from the scan's own answers
    (unanswered norms count as not met), and whether the basis is in order."""
    scan = selectors.get_scan_for(request.user, scan_id)
    results = selectors.scan_results(scan)
    per_theme = scoring.score_per_theme(results)
    empty = scoring.Score(0, 0, 0, 0)

    def score_out(score: scoring.Score) -> dict[str, Any]:
        return {"percent": score.percent, "met": score.met, "applicable": score.applicable}

    return {
        "overall": score_out(scoring.score(results)),
        "themes": [
            {"code": t.code, "title": t.title, **score_out(per_theme.get(t.code, empty))}
            for t in scan.round.framework.themes.all()
        ],
        "basis_op_orde": scoring.basis_op_orde(results),
        "shortfalls": scoring.shortfalls(results),
    }
