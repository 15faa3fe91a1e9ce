import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.prechecks import permission_first, permitted
from dijkwacht.api.schemas import LIST_ERRORS, Problem, ValidationProblem
from dijkwacht.core.http import problem
from dijkwacht.core.periods import report_period
from dijkwacht.exports.download import attachment
from dijkwacht.programmes import documents, selectors, services
from dijkwacht.programmes.models import Commitment, Status
from dijkwacht.programmes.permissions import can_edit_commitment

router = Router(tags=["programma's"])


class PartnershipRef(Schema):
    id: int
    slug: str
    name: str


class ProgrammeOut(Schema):
    id: int
    name: str
    partnership: PartnershipRef
    is_draft: bool
    closed_on: datetime.date | None = Field(
        None, description="Afgesloten op deze datum: de matrix toont de eindstand."
    )


class ActionOut(Schema):
    id: int
    number: str
    title: str
    theme: int | None = Field(None, description="Id van het thema; null buiten een thema.")
    parent: int | None = Field(None, description="Id van de actie waar dit een onderdeel van is.")
    cadence: str
    planned_period: str


class ThemeOut(Schema):
    id: int
    title: str
    ambition: str


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    steering_body: str
    themes: list[ThemeOut]
    actions: list[ActionOut]


class MatrixOrganisation(Schema):
    id: int
    name: str


class MatrixAction(Schema):
    id: int
    title: str
    theme: int | None


class MatrixCell(Schema):
    action: int
    organisation: int
    status: Status
    stale: bool = Field(..., description="Geen input binnen de termijn van het programma.")
    planned_period: str


class MatrixOut(Schema):
    organisations: list[MatrixOrganisation]
    actions: list[MatrixAction]
    cells: list[MatrixCell]


class CellIn(Schema):
    status: Status
    note: str = Field("", max_length=2000)


def _programme_out(programme) -> dict:
    return {
        "id": programme.pk,
        "name": programme.name,
        "partnership": programme.partnership,
        "is_draft": programme.is_draft,
        "closed_on": programme.closed_on,
    }


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **LIST_ERRORS},
    summary="Programma's",
)
def list_programmes(request: HttpRequest, response: HttpResponse, pages: Query[PageQuery]):
    """The programmes of the user's partnerships."""
    rows = page_of(request, response, selectors.programme_list_for(request.user), pages)
    return [_programme_out(p) for p in rows]


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 401: Problem, 404: Problem},
    summary="Programma met thema's en acties",
)
def get_programme(request: HttpRequest, programme_id: int):
    programme = selectors.get_programme_for(request.user, programme_id)
    return {
        **_programme_out(programme),
        "description": programme.description,
        "steering_body": programme.steering_body,
        "themes": list(programme.themes.all()),
        "actions": [
            {
                "id": a.pk,
                "number": a.number,
                "title": a.title,
                "theme": a.theme_id,
                "parent": a.parent_id,
                "cadence": a.cadence,
                "planned_period": a.planned_period,
            }
            for a in programme.actions.order_by("position", "id")
        ],
    }


@router.get(
    "/programmes/{programme_id}/matrix",
    response={200: MatrixOut, 401: Problem, 404: Problem},
    summary="De matrix van acties × organisaties",
)
def get_matrix(request: HttpRequest, programme_id: int):
    programme = selectors.get_programme_for(request.user, programme_id)
    table = selectors.matrix(programme, request.user)
    rows = [row for group in table.groups for row in group.rows]
    # Built as plain JSON: the shape is MatrixOut (tested), and validating thousands of cells
    # one by one through the schema would cost more than reading them.
    return JsonResponse(
        {
            "organisations": [{"id": o.pk, "name": o.name} for o in table.organisations],
            "actions": [
                {"id": r.action.pk, "title": r.action.title, "theme": r.action.theme_id}
                for r in rows
            ],
            "cells": [
                {
                    "action": c.action_id,
                    "organisation": c.organisation_id,
                    "status": c.status,
                    "stale": c.stale,
                    "planned_period": c.planned_period,
                }
                for r in rows
                for c in r.cells
                if c is not None
            ],
        }
    )


def _visible_programme(request: HttpRequest, programme_id: Any) -> Any:
    return selectors.get_programme_for(request.user, programme_id)


def _editable_cell(
    request: HttpRequest, programme_id: Any, action_id: Any, organisation_id: Any
) -> Commitment:
    """The cell, when the user may change it: 404 when they do not see it, 403 when they only
    read it. Read, scoped and locked in one query, in the operation's transaction."""
    commitment = selectors.get_commitment_for_update(
        request.user,
        programme_id=programme_id,
        action_id=action_id,
        organisation_id=organisation_id,
    )
    if not can_edit_commitment(request.user, commitment):
        raise PermissionDenied(_("You may only update your own organisation's actions."))
    return commitment


@router.patch(
    "/programmes/{programme_id}/matrix/{action_id}/{organisation_id}",
    response={200: MatrixCell, 400: ValidationProblem, 401: Problem, 403: Problem, 404: Problem},
    summary="Een cel van de matrix bijwerken",
)
@permission_first(_editable_cell, atomic=True)
def update_cell(
    request: AuthenticatedHttpRequest,
    programme_id: int,
    action_id: int,
    organisation_id: int,
    body: CellIn,
):
    """Same permissions and history as on screen: contributors change their own
    organisation's cells, coordinators every cell. Whoever may not change the cell gets 403
    or 404 whatever they send."""
    try:
        commitment = permitted(request, _editable_cell, programme_id, action_id, organisation_id)
        commitment = services.commitment_change(
            actor=request.user, locked=commitment, status=body.status, note=body.note
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(400, "; ".join(error.messages)) from error
    return {
        "action": commitment.action_id,
        "organisation": commitment.organisation_id,
        "status": commitment.status,
        "stale": False,
        "planned_period": commitment.planned_period,
    }


class ReportFormat(StrEnum):
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"


@router.get(
    "/programmes/{programme_id}/report",
    response={200: None, 400: ValidationProblem, 401: Problem, 404: Problem},
    summary="Voortgangsrapportage als PDF, Word of Excel",
    openapi_extra={
        "responses": {
            200: {
                "description": "Het document.",
                "content": {
                    "application/pdf": {},
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                },
            }
        }
    },
)
@permission_first(_visible_programme)
def get_report(
    request: HttpRequest,
    programme_id: int,
    format: ReportFormat = ReportFormat.pdf,
    ronde: int | None = None,
    van: str | None = Query(None, description="Begin van de periode, JJJJ-MM-DD."),
    tot: str | None = Query(None, description="Einde van de periode, JJJJ-MM-DD."),
):
    """The progress report (PDF or Word) or the matrix (Excel), as on screen. `ronde` picks a
    progress round, `van` and `tot` a period whose changes the report lists; by default the
    latest round."""
    programme = permitted(request, _visible_programme, programme_id)
    progress_round = (
        selectors.get_round_for(request.user, programme, ronde) if ronde is not None else None
    )
    try:
        period = report_period(van, tot, today=timezone.localdate())
    except ValidationError as error:
        return problem(
            request,
            400,
            _("Invalid input"),
            _("The period is not valid."),
            invalidParams=[
                {"name": name, "reason": message}
                for name, messages in error.message_dict.items()
                for message in messages
            ],
        )
    return attachment(
        *documents.progress_document(
            request.user, programme, format.value, progress_round=progress_round, period=period
        )
    )
