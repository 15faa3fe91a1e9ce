import base64
import copy
import hashlib

from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors, refuse_large_uploads
from dijkwacht.core.periods import report_period
from dijkwacht.core.views import overview_page, step
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.selectors import coordinated_partnerships
from dijkwacht.programmes import documents, progress, selectors, services, workbook
from dijkwacht.programmes.charts import progress_charts
from dijkwacht.programmes.forms import (
    CellForm,
    MatrixFilterForm,
    ParticipantsForm,
    PlanImportForm,
    ProgrammeForm,
    RoundForm,
    WorkbookUploadForm,
)
from dijkwacht.programmes.models import Programme, Status
from dijkwacht.programmes.permissions import (
    can_edit_commitment,
    can_manage_programme,
    editable_organisation_ids,
)
from dijkwacht.programmes.plan_text import (
    KIND_ACTION,
    KIND_ITEM,
    KIND_SKIP,
    KIND_THEME,
    KINDS,
    parse_plan,
    plan_entries,
    reclassify,
)

# A choice per entry is a posted field; Django refuses a form with more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1000). Longer plans are corrected on the plan page afterwards.
CORRECTABLE_ENTRIES = 600

KIND_CHOICES = [
    (KIND_THEME, gettext_lazy("Theme")),
    (KIND_ACTION, gettext_lazy("Action")),
    (KIND_ITEM, gettext_lazy("Part of the action above")),
    (KIND_SKIP, gettext_lazy("Not imported")),
]


@overview_page
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": selectors.programme_list_for(request.user),
            "can_import": coordinated_partnerships(request.user).exists(),
        },
    )


@overview_page
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    overview = selectors.programme_overview(programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "overview": overview,
            "charts": progress_charts(selectors.progress_over_rounds(programme, overview)),
            "can_manage": can_manage_programme(request.user, programme),
        },
    )


def _filters(request: AuthenticatedHttpRequest, dimensions) -> tuple:
    """The bound filter form and the filters it asks for."""
    form = MatrixFilterForm(
        request.GET or None, themes=dimensions.themes, organisations=dimensions.organisations
    )
    filters = selectors.MatrixFilters()
    if form.is_valid():
        filters = selectors.MatrixFilters(
            theme=form.cleaned_data["theme"],
            status=form.cleaned_data["status"] or None,
            organisation=form.cleaned_data["organisation"],
            stale_only=form.cleaned_data["stale"],
        )
    return form, filters


def _filtered_matrix(request: AuthenticatedHttpRequest, programme):
    """The matrix as the request's filters ask for it, and the bound filter form."""
    dimensions = selectors.matrix_dimensions(programme)
    form, filters = _filters(request, dimensions)
    return selectors.matrix(programme, request.user, filters, dimensions=dimensions), form


def matrix_table_html(request: AuthenticatedHttpRequest, programme, filters, dimensions) -> str:
    """The rendered matrix table, from the matrix cache when nothing it shows has changed.

    The key holds everything the table depends on: the programme's matrix version (raised by
    every service that changes cells, actions or themes), the organisations' last change, the
    hour (cells turn "no input" as time passes), the language, which cells the user may
    update, and the filters. A large matrix renders in tens of milliseconds; from the cache in
    a few.
    """
    editable = editable_organisation_ids(request.user, programme)
    organisations_changed = max((o.updated_at for o in dimensions.organisations), default=None)
    key = (
        "matrix:"
        + hashlib.sha256(
            "|".join(
                str(part)
                for part in (
                    "matrix",
                    programme.pk,
                    programme.created_at.timestamp(),  # a restored database may reuse the pk
                    programme.matrix_version,
                    organisations_changed and organisations_changed.timestamp(),
                    timezone.now().strftime("%Y%m%d%H"),
                    translation.get_language(),
                    "all" if editable is None else ",".join(map(str, sorted(editable))),
                    filters,
                )
            ).encode()
        ).hexdigest()
    )
    table_cache = caches["matrix"]
    html = table_cache.get(key)
    if html is None:
        table = selectors.matrix(programme, request.user, filters, dimensions=dimensions)
        html = render_to_string(
            "programmes/matrix.html#table", {"programme": programme, "matrix": table}, request
        )
        table_cache.set(key, str(html))
    return mark_safe(html)  # noqa: S308 - our own rendered template


@overview_page
def programme_matrix(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    dimensions = selectors.matrix_dimensions(programme)
    form, filters = _filters(request, dimensions)
    table_html = matrix_table_html(request, programme, filters, dimensions)
    if request.htmx and request.htmx.target == "matrix-table":
        return HttpResponse(table_html)
    return render(
        request,
        "programmes/matrix.html",
        {
            "programme": programme,
            "table_html": table_html,
            "filters": filters,
            "form": form,
            "legend": [(s, progress.STYLES[s]) for s in progress.STYLES],
        },
    )


@overview_page
def programme_matrix_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The matrix as Excel, with the same filters as on screen."""
    programme = selectors.get_programme_for(request.user, pk)
    table, _form = _filtered_matrix(request, programme)
    title = f"{programme.partnership.name} — {programme.name} ({date_format(timezone.localdate())})"
    return attachment(
        documents.matrix_workbook(table, title=title),
        f"matrix-{slugify(programme.name)}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


def _is_stale(programme, updated_at, now) -> bool:
    """`progress.is_stale`; a closed programme shows its final state, without "no input"."""
    return not programme.is_closed and progress.is_stale(
        updated_at, now, programme.stale_after_days
    )


def _cell(request, programme, commitment) -> selectors.Cell:
    return selectors.Cell(
        action_id=commitment.action_id,
        organisation_id=commitment.organisation_id,
        status=commitment.status,
        planned_period=commitment.planned_period,
        note=commitment.note,
        stale=_is_stale(programme, commitment.updated_at, timezone.now()),
        editable=can_edit_commitment(request.user, commitment),
    )


def _cell_context(request, programme, action_id, organisation_id):
    commitment = selectors.get_commitment_for(
        request.user, programme=programme, action_id=action_id, organisation_id=organisation_id
    )
    return commitment, _cell(request, programme, commitment)


@require_http_methods(["GET", "POST"])
def cell_edit(
    request: AuthenticatedHttpRequest, pk: int, action_id: int, organisation_id: int
) -> HttpResponse:
    if request.method == "POST":
        return _cell_save(request, pk, action_id, organisation_id)
    programme = selectors.get_programme_for(request.user, pk)
    commitment, cell = _cell_context(request, programme, action_id, organisation_id)
    if not cell.editable:
        raise PermissionDenied
    if request.htmx and request.GET.get("annuleren"):
        return render(
            request, "programmes/matrix.html#cell", {"programme": programme, "cell": cell}
        )
    form = CellForm(
        initial={"status": commitment.status, "planned_period": commitment.planned_period},
        auto_id=_cell_auto_id(action_id, organisation_id),
    )
    return _cell_form(request, programme, commitment, cell, form)


# `?terug=mijn-acties`: the cell was opened from Mijn acties, and saving leads back there, to
# the next action that still needs input. A fixed word, never a URL (no open redirect).
BACK_TO_MY_ACTIONS = "mijn-acties"


def _from_my_actions(request) -> bool:
    return (request.POST.get("terug") or request.GET.get("terug")) == BACK_TO_MY_ACTIONS


def _cell_auto_id(action_id: int, organisation_id: int) -> str:
    # Unique ids per cell: several cell forms can be open in the matrix beside the filter form.
    return f"id_cell_{action_id}_{organisation_id}_%s"


def _cell_form(request, programme, commitment, cell, form) -> HttpResponse:
    context = {
        "programme": programme,
        "commitment": commitment,
        "cell": cell,
        "form": form,
        "matrix_url": reverse("programmes:matrix", args=[programme.pk]),
        "from_my_actions": _from_my_actions(request),
    }
    if request.htmx:
        return render(request, "programmes/cell_edit.html#form", context)
    return render(request, "programmes/cell_edit.html", context)


def _cell_save(
    request: AuthenticatedHttpRequest, pk: int, action_id: int, organisation_id: int
) -> HttpResponse:
    """A cell's change: the cell read, scoped and locked in one query, changed, and shown
    again from what was saved (no second read)."""
    form = CellForm(request.POST, auto_id=_cell_auto_id(action_id, organisation_id))
    with transaction.atomic():
        commitment = selectors.get_commitment_for_update(
            request.user, programme_id=pk, action_id=action_id, organisation_id=organisation_id
        )
        programme = commitment.programme
        if not can_edit_commitment(request.user, commitment):
            raise PermissionDenied
        saved = False
        if form.is_valid():
            try:
                services.commitment_change(
                    actor=request.user,
                    locked=commitment,
                    status=form.cleaned_data["status"],
                    planned_period=form.cleaned_data["planned_period"],
                    note=form.cleaned_data["note"],
                )
                saved = True
            except ValidationError as error:
                attach_errors(form, error)
    cell = _cell(request, programme, commitment)
    if not saved:
        return _cell_form(request, programme, commitment, cell, form)
    if _from_my_actions(request):
        messages.success(
            request,
            _("Saved: %(action)s — %(organisation)s")
            % {"action": commitment.action.title, "organisation": commitment.organisation},
        )
        next_url = (
            reverse("programmes:my_actions") + f"?opgeslagen={action_id}-{organisation_id}#volgende"
        )
        return HttpResponseClientRedirect(next_url) if request.htmx else redirect(next_url)
    if request.htmx:
        return render(
            request,
            "programmes/matrix.html#cell",
            {"programme": programme, "cell": cell, "just_saved": True},
        )
    messages.success(
        request,
        _("Saved: %(action)s — %(organisation)s")
        % {"action": commitment.action.title, "organisation": commitment.organisation},
    )
    matrix_url = reverse("programmes:matrix", args=[programme.pk])
    return redirect(f"{matrix_url}#cell-{action_id}-{organisation_id}")


def cell_history(
    request: AuthenticatedHttpRequest, pk: int, action_id: int, organisation_id: int
) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    commitment, cell = _cell_context(request, programme, action_id, organisation_id)
    return render(
        request,
        "programmes/cell_history.html",
        {
            "programme": programme,
            "commitment": commitment,
            "cell": cell,
            "updates": selectors.cell_history(commitment),
        },
    )


@overview_page
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action_for(request.user, pk)
    table = selectors.matrix(action.programme, request.user)
    row = next((r for g in table.groups for r in g.rows if r.action.pk == action.pk), None)
    cells = [
        (organisation, cell)
        for organisation, cell in zip(table.organisations, row.cells if row else [], strict=False)
        if cell is not None
    ]
    return render(
        request,
        "programmes/action_detail.html",
        {
            "action": action,
            "programme": action.programme,
            "cells": cells,
            "sub_actions": action.sub_actions.order_by("position", "id"),
            "history": selectors.action_history(action),
            "notes": row.notes if row else (),
            # Made from a common thread of a scan round (scans.ThreadAction): show the norm.
            "threads": action.scan_threads.select_related("norm", "round"),  # type: ignore[attr-defined]
        },
    )


@overview_page
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    needs_input: list[tuple] = []
    up_to_date: list[tuple] = []
    open_rounds = selectors.open_rounds_for(request.user)
    round_opened = {r.programme_id: r.opened_at for r in open_rounds}
    for commitment in selectors.my_commitments(request.user, now):
        stale = _is_stale(commitment.programme, commitment.updated_at, now)
        opened = round_opened.get(commitment.programme_id)
        due_in_round = opened is not None and (
            commitment.updated_at is None or commitment.updated_at < opened
        )
        needs = stale or due_in_round or commitment.status == Status.UNDETERMINED
        target = needs_input if needs else up_to_date
        target.append((commitment, stale, progress.STYLES[commitment.status]))
    # The next action to update: the first that needs input, other than the one just saved
    # (a cell saved as "onbepaald", say to add a note, still needs input).
    saved = request.GET.get("opgeslagen", "")
    next_cell = next(
        (
            (c.action_id, c.organisation_id)
            for c, _stale, _style in needs_input
            if f"{c.action_id}-{c.organisation_id}" != saved
        ),
        None,
    )
    sections = [
        (title, [(*row, (row[0].action_id, row[0].organisation_id) == next_cell) for row in rows])
        for title, rows in ((_("Needs your input"), needs_input), (_("Up to date"), up_to_date))
    ]
    return render(
        request,
        "programmes/my_actions.html",
        {
            "sections": sections,
            "open_rounds": open_rounds,
        },
    )


def _corrections(request: AuthenticatedHttpRequest, text: str, count: int) -> dict[int, str]:
    """The kinds the coordinator chose in the preview, by entry; only for the text they were
    chosen for (a changed text is read afresh)."""
    if request.POST.get("gelezen") != _text_key(text):
        return {}
    chosen = {}
    for index in range(min(count, CORRECTABLE_ENTRIES)):
        kind = request.POST.get(f"soort-{index}", "")
        if kind in KINDS:
            chosen[index] = kind
    return chosen


def _text_key(text: str) -> str:
    """The same text whatever its line endings: the browser posts the text back with \\r\\n,
    while an uploaded file's text may have had \\n."""
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:16]


@require_http_methods(["GET", "POST"])
def plan_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste or upload a plan, see what Dijkwacht reads in it, correct a line read as the
    wrong kind (theme, action, item, not imported), then confirm. Nothing is written before
    the confirmation."""
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise PermissionDenied
    form = PlanImportForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    refuse_large_uploads(form, request, "file")
    preview = None
    import_error = None
    entries: list = []
    text_key = ""
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["plan_text"]
        read = parse_plan(text)
        entries = plan_entries(read)
        corrections = _corrections(request, text, len(entries))
        plan = reclassify(read, corrections) if corrections else read
        partnership = form.cleaned_data["partnership"]
        if request.POST.get("confirm") == "1":
            try:
                result = services.programme_import_plan(
                    actor=request.user,
                    partnership=partnership,
                    plan=plan,
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                import_error = error
            else:
                messages.success(
                    request,
                    _("Draft programme “%(name)s” made with %(count)s actions.")
                    % {"name": result.programme.name, "count": result.actions},
                )
                return redirect("programmes:detail", pk=result.programme.pk)
        preview = selectors.plan_preview(plan, partnership)
        entries = [
            (index, entry, corrections.get(index, entry.kind))
            for index, entry in enumerate(entries)
        ]
        text_key = _text_key(text)
        # A file input comes back empty: carry the text itself to the confirmation.
        data = request.POST.copy()
        data["text"] = text
        form = PlanImportForm(data, partnerships=partnerships)
        form.is_valid()
        if import_error is not None:
            attach_errors(form, import_error)
    return render(
        request,
        "programmes/plan_import.html",
        {
            "form": form,
            "preview": preview,
            "entries": entries,
            "text_key": text_key,
            "kinds": KIND_CHOICES,
            "correctable": CORRECTABLE_ENTRIES,
        },
    )


@overview_page
@require_http_methods(["GET", "POST"])
def round_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    can_manage = can_manage_programme(request.user, programme)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                progress_round = services.round_open(
                    actor=request.user,
                    programme=programme,
                    title=form.cleaned_data["title"],
                    deadline=form.cleaned_data["deadline"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The round is open."))
                return redirect(
                    "programmes:round_detail", pk=programme.pk, round_pk=progress_round.pk
                )
    return render(
        request,
        "programmes/round_list.html",
        {
            "programme": programme,
            "rounds": selectors.rounds_of(programme),
            "form": form,
            "can_manage": can_manage,
        },
    )


@overview_page
def round_detail(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    progress_round = selectors.get_round_for(request.user, programme, round_pk)
    previous, changes = selectors.round_changes(progress_round)
    can_manage = can_manage_programme(request.user, programme)
    # The organisations a reminder would reach: behind, and with someone to tell.
    remindable = (
        sum(1 for o in selectors.round_outstanding_by_organisation(progress_round) if o.recipients)
        if can_manage and progress_round.is_open
        else 0
    )
    return render(
        request,
        "programmes/round_detail.html",
        {
            "programme": programme,
            "round": progress_round,
            "progress": selectors.round_progress(progress_round),
            "remindable": remindable,
            "previous": previous,
            "changes": changes,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
def round_close(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """GET asks for confirmation and shows what will be frozen; POST closes."""
    programme = selectors.get_programme_for(request.user, pk)
    progress_round = selectors.get_round_for(request.user, programme, round_pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    if request.method == "GET":
        if not progress_round.is_open:
            return redirect("programmes:round_detail", pk=programme.pk, round_pk=progress_round.pk)
        rows = selectors.round_progress(progress_round)
        return render(
            request,
            "programmes/round_close.html",
            {
                "programme": programme,
                "round": progress_round,
                "cells": sum(r.total for r in rows),
                "organisations": len(rows),
                "behind": [r for r in rows if r.outstanding],
            },
        )
    return step(
        request,
        lambda: services.round_close(actor=request.user, progress_round=progress_round),
        done=_("The round is closed and its figures are frozen."),
        then=reverse("programmes:round_detail", args=[programme.pk, progress_round.pk]),
    )


@require_http_methods(["POST"])
def round_remind(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The coordinator's button: remind the organisations that have not answered yet, now."""
    programme = selectors.get_programme_for(request.user, pk)
    progress_round = selectors.get_round_for(request.user, programme, round_pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    reminded = services.round_send_reminders(
        progress_round=progress_round, force=True, actor=request.user
    )
    if reminded:
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(count)s organisation.",
                "Reminder sent to %(count)s organisations.",
                reminded,
            )
            % {"count": reminded},
        )
    else:
        messages.info(request, _("Nobody to remind (or already reminded today)."))
    return redirect("programmes:round_detail", pk=programme.pk, round_pk=progress_round.pk)


@overview_page
def round_organisation(
    request: AuthenticatedHttpRequest, pk: int, round_pk: int, organisation_id: int
) -> HttpResponse:
    """What one organisation wrote in the round: each update with its note."""
    programme = selectors.get_programme_for(request.user, pk)
    progress_round = selectors.get_round_for(request.user, programme, round_pk)
    organisation = selectors.round_participant(progress_round, organisation_id)
    return render(
        request,
        "programmes/round_organisation.html",
        {
            "programme": programme,
            "round": progress_round,
            "organisation": organisation,
            "updates": selectors.round_updates(progress_round, organisation),
        },
    )


REPORT_KINDS = ("pdf", "docx", "xlsx")


def _report_response(
    request: AuthenticatedHttpRequest, programme: Programme, kind: str
) -> HttpResponse:
    """The progress report (PDF, Word) or the matrix (Excel) as a download; shared with the
    API. `?ronde=<id>` picks a round; by default the latest. `?van=…&tot=…` a period whose
    changes it lists (a ValidationError when it is not a sane one: the caller answers 400)."""
    progress_round = None
    if request.GET.get("ronde", "").isdigit():
        progress_round = selectors.get_round_for(request.user, programme, request.GET["ronde"])
    period = report_period(
        request.GET.get("van"), request.GET.get("tot"), today=timezone.localdate()
    )
    return attachment(
        *documents.progress_document(
            request.user, programme, kind, progress_round=progress_round, period=period
        )
    )


@overview_page
def programme_report(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in REPORT_KINDS:
        raise Http404
    programme = selectors.get_programme_for(request.user, pk)
    try:
        return _report_response(request, programme, kind)
    except ValidationError as error:
        problems = [m for texts in error.message_dict.values() for m in texts]
        return render(request, "400.html", {"problems": problems}, status=400)


def _require_manager(request: AuthenticatedHttpRequest, programme) -> None:
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied


def programme_workbook(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan and matrix as a workbook for the Excel round trip (coordinators)."""
    programme = selectors.get_programme_for(request.user, pk)
    _require_manager(request, programme)
    actions = list(programme.actions.select_related("theme").order_by("position", "id"))
    return attachment(
        documents.plan_workbook(programme, actions, selectors.matrix(programme, request.user)),
        f"plan-{slugify(programme.name)}-{timezone.localdate():%Y-%m-%d}.xlsx",
    )


_WORKBOOK_SESSION_KEY = "dijkwacht_workbook_import"


@require_http_methods(["GET", "POST"])
def programme_workbook_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload an edited workbook, see every change, confirm. The upload waits in the user's
    session between preview and confirmation, so nothing is written before the confirmation
    and nobody else can confirm it."""
    programme = selectors.get_programme_for(request.user, pk)
    _require_manager(request, programme)
    form = WorkbookUploadForm()
    changes = None
    if request.method == "POST" and request.POST.get("confirm") == "1":
        stored = request.session.get(_WORKBOOK_SESSION_KEY, {})
        if stored.get("programme") != programme.pk:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("programmes:workbook_import", pk=programme.pk)
        parsed = workbook.read_workbook(base64.b64decode(stored["content"]))
        changes = selectors.workbook_changes(programme, parsed)
        try:
            result = services.programme_apply_workbook(
                actor=request.user, programme=programme, changes=changes
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            del request.session[_WORKBOOK_SESSION_KEY]
            messages.success(
                request,
                _("Imported: %(cells)s cells, %(changed)s actions changed, %(added)s added.")
                % {
                    "cells": result.cells,
                    "changed": result.actions_changed,
                    "added": result.actions_added,
                },
            )
            return redirect("programmes:matrix", pk=programme.pk)
    elif request.method == "POST":
        form = refuse_large_uploads(
            WorkbookUploadForm(request.POST, request.FILES), request, "file"
        )
        if programme.is_closed:
            form.add_error(None, services.CLOSED)
        elif form.is_valid():
            content = form.cleaned_data["file"]
            changes = selectors.workbook_changes(programme, workbook.read_workbook(content))
            request.session[_WORKBOOK_SESSION_KEY] = {
                "programme": programme.pk,
                "content": base64.b64encode(content).decode("ascii"),
            }
    return render(
        request,
        "programmes/workbook_import.html",
        {"programme": programme, "form": form, "changes": changes},
    )


@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator's page for a programme's basics (and publishing a draft) and for the
    organisations that take part; its themes and actions are kept on `plan.plan`."""
    programme = selectors.get_programme_for(request.user, pk)
    _require_manager(request, programme)
    members = programme.partnership.members.order_by("name")
    # The form edits a copy: a failed save must not change the programme the page shows.
    form = ProgrammeForm(instance=copy.copy(programme))
    # Prefixes keep the ids of the forms on this page apart.
    participants = ParticipantsForm(members=members, prefix="participants")
    if request.method == "POST" and "save_programme" in request.POST:
        form = ProgrammeForm(request.POST, instance=copy.copy(programme))
        if form.is_valid():
            try:
                services.programme_update(
                    actor=request.user,
                    programme=programme,
                    **{name: form.cleaned_data[name] for name in form.Meta.fields},
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The programme is saved."))
                return redirect("programmes:detail", pk=programme.pk)
    elif request.method == "POST":
        participants = ParticipantsForm(request.POST, members=members, prefix="participants")
        if participants.is_valid():
            try:
                added = services.commitments_add(
                    actor=request.user,
                    programme=programme,
                    organisations=list(participants.cleaned_data["organisations"]),
                )
            except ValidationError as error:
                attach_errors(participants, error)
            else:
                messages.success(
                    request, _("%(count)s cells added to the matrix.") % {"count": added}
                )
                return redirect("programmes:matrix", pk=programme.pk)
    return render(
        request,
        "programmes/programme_edit.html",
        {
            "programme": programme,
            "form": form,
            "participants": participants,
        },
    )
