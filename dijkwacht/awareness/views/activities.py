"""Awareness pages: a partnership's activities (with filters and a download), an activity
with its sessions and who came, the participants of a session, the reach matrix and the sizes
of the target groups."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.awareness import documents, selectors, services
from dijkwacht.awareness.forms import (
    ActivityFilterForm,
    ActivityForm,
    InviteForm,
    ParticipationForm,
    PeriodForm,
    RegistrationForm,
    SessionsForm,
    SizesForm,
    WalkInForm,
)
from dijkwacht.awareness.models import Activity, RegistrationStatus, Session
from dijkwacht.awareness.permissions import (
    can_edit_activity,
    completion_keeper_ids,
    organiser_ids,
    size_keeper_ids,
)
from dijkwacht.awareness.recurrence import Repeat
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page, step
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.selectors import partnership_members, request_partnership
from dijkwacht.programmes.selectors import open_actions_of_partnership


def _filters(request: AuthenticatedHttpRequest, members: list[Organisation]) -> tuple[Any, Any]:
    form = ActivityFilterForm(
        request.GET or None,
        kinds=selectors.kinds(),
        groups=selectors.target_groups(),
        members=members,
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.ActivityFilters(
        kind=data.get("kind") or "",
        target_group=data.get("target_group") or "",
        organisation=data.get("organisation"),
        year=data.get("year"),
    )


@overview_page
@require_GET
def activity_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    members = partnership_members(partnership)
    form, filters = _filters(request, members)
    return render(
        request,
        "awareness/activity_list.html",
        {
            "partnership": partnership,
            "form": form,
            "filters": filters,
            "activities": list(selectors.activities_of(request.user, partnership, filters)),
            "may_add": bool(organiser_ids(request.user, partnership.pk, [m.pk for m in members])),
            "now": timezone.now(),
        },
    )


@overview_page
@require_GET
def activity_list_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    _form, filters = _filters(request, partnership_members(partnership))
    rows = selectors.activities_of(request.user, partnership, filters)

    def day(value: datetime.datetime | None) -> str:
        return formats.date_format(timezone.localtime(value), "Y-m-d") if value else ""

    document = csv_document(
        [
            _("Title"),
            _("Kind"),
            _("Organiser"),
            _("Target groups"),
            _("Sessions"),
            _("First session"),
            _("Last session"),
            _("Participants"),
            _("Programme action"),
        ],
        (
            [
                a.title,
                a.kind.name,
                a.organiser.name,
                ", ".join(g.name for g in a.target_groups.all()),
                a.session_count,
                day(a.first_session),
                day(a.last_session),
                a.participants,
                str(a.action) if a.action else "",
            ]
            for a in cast(Iterable[Any], rows)  # annotated by the selector
        ),
    )
    return attachment(document, f"activiteiten-{partnership.slug}.csv")


def _activity_form(
    request: AuthenticatedHttpRequest, partnership: Partnership, activity: Activity | None
) -> ActivityForm:
    members = partnership_members(partnership)
    member_ids = [m.pk for m in members]
    organisers = organiser_ids(request.user, partnership.pk, member_ids)
    if activity is not None:
        organisers.add(activity.organiser_id)
    kinds, groups = selectors.activity_choices(activity)
    initial: dict[str, Any] = {}
    if activity is not None:
        initial = {
            "title": activity.title,
            "kind": activity.kind_id,
            "organiser": activity.organiser_id,
            "description": activity.description,
            "place": activity.place,
            "online_url": activity.online_url,
            "capacity": activity.capacity,
            "target_groups": list(activity.target_groups.all()),
            "organisations": list(activity.organisations.all()),
            "action": activity.action_id,
            "registration": activity.registration,
            "questions": activity.questions,
            "retention_months": activity.retention_months,
        }
    elif len(organisers) == 1:
        initial = {"organiser": next(iter(organisers))}
    return ActivityForm(
        request.POST or None,
        initial=initial,
        kinds=kinds,
        organisers=selectors.organisations_among(organisers),
        groups=groups,
        # An organisation that left the partnership since stays on the form with its counts.
        members=selectors.organisations_among(
            {*member_ids, *(o.pk for o in initial.get("organisations", []))}
        ),
        actions=open_actions_of_partnership(
            partnership, include=activity.action_id if activity else None
        ),
    )


def _save_activity(
    request: AuthenticatedHttpRequest, partnership: Partnership, activity: Activity | None
) -> HttpResponse:
    form = _activity_form(request, partnership, activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.activity_save(
                actor=request.user,
                partnership=partnership,
                activity=activity,
                organiser=data["organiser"],
                kind=data["kind"],
                target_groups=data["target_groups"],
                organisations=data["organisations"],
                action=data["action"],
                title=data["title"],
                description=data["description"],
                place=data["place"],
                online_url=data["online_url"],
                capacity=data["capacity"],
                registration=data["registration"],
                questions=data["questions"],
                retention_months=data["retention_months"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect("awareness:activity_detail", saved.pk)
    return render(
        request,
        "awareness/activity_form.html",
        {"partnership": partnership, "activity": activity, "form": form},
    )


@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    if not organiser_ids(
        request.user, partnership.pk, [m.pk for m in partnership_members(partnership)]
    ):
        raise PermissionDenied
    return _save_activity(request, partnership, None)


def _editable_activity(request: AuthenticatedHttpRequest, pk: int) -> Activity:
    activity = selectors.get_activity_for(request.user, pk)
    if not can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity


@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    return _save_activity(request, activity.partnership, activity)


@require_POST
def activity_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _editable_activity(request, pk)
    partnership_pk = activity.partnership_id
    services.activity_remove(actor=request.user, activity=activity)
    messages.success(request, _("The activity has been removed."))
    return redirect("awareness:activity_list", partnership_pk)


@require_http_methods(["GET", "POST"])
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The activity, its sessions with who came, and (for its organiser) planning more."""
    activity = selectors.get_activity_for(request.user, pk)
    editable = can_edit_activity(request.user, activity)
    form = SessionsForm(request.POST or None) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                planned = services.sessions_plan(
                    actor=request.user,
                    activity=activity,
                    first=data["first"],
                    starts=data["starts"],
                    ends=data["ends"],
                    repeat=Repeat(data["repeat"]),
                    count=data["count"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s session planned.", "%(count)s sessions planned.", len(planned)
                    )
                    % {"count": len(planned)},
                )
                return redirect("awareness:activity_detail", activity.pk)
    sessions = list(selectors.sessions_of(activity))
    return render(
        request,
        "awareness/activity_detail.html",
        {
            "activity": activity,
            "partnership": activity.partnership,
            "target_groups": list(activity.target_groups.all()),
            "organisations": list(activity.organisations.order_by("name")),
            "sessions": sessions,
            "participants": sum(getattr(s, "participants", 0) or 0 for s in sessions),
            "editable": editable,
            "form": form,
            "now": timezone.now(),
            "today": f"{timezone.localdate():%Y%m%d}",  # check-in opens on the session's day
        },
    )


@require_http_methods(["GET", "POST"])
def session_participation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who came to a session: a count per organisation and target group."""
    session = selectors.get_session_for(request.user, pk)
    activity = session.activity
    if not can_edit_activity(request.user, activity):
        raise PermissionDenied
    form = ParticipationForm(
        request.POST or None,
        organisations=list(activity.organisations.order_by("name")),
        groups=list(activity.target_groups.all()),
        counts=selectors.participation_of(session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            total = services.participation_save(
                actor=request.user, session=session, counts=form.counts()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(total)s participant at this session.",
                    "Saved: %(total)s participants at this session.",
                    total,
                )
                % {"total": total},
            )
            return redirect("awareness:activity_detail", activity.pk)
    return render(
        request,
        "awareness/participation_form.html",
        {
            "session": session,
            "activity": activity,
            "form": form,
            "held": session.starts_at <= timezone.now(),
        },
    )


@require_POST
def session_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk)
    if not can_edit_activity(request.user, session.activity):
        raise PermissionDenied
    return step(
        request,
        lambda: services.session_remove(actor=request.user, session=session),
        done=(
            _("The session has been called off; the people registered have been told.")
            if session.starts_at > timezone.now()
            else _("The session has been removed.")
        ),
        then=reverse("awareness:activity_detail", args=[session.activity_id]),
    )


def _reach(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    partnership = request_partnership(request, pk)
    members = partnership_members(partnership)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return {
        "partnership": partnership,
        "form": form,
        "matrix": selectors.reach_matrix(members, start, end),
        "period_end": end,
        # The learning module: who counts on the last day of the period.
        "courses": selectors.course_reach(
            selectors.active_courses(),
            members,
            end,
            sees=completion_keeper_ids(request.user, [m.pk for m in members]),
        ),
        "may_enter_sizes": bool(
            size_keeper_ids(request.user, partnership.pk, [m.pk for m in members])
        ),
    }


@overview_page
@require_GET
def reach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "awareness/reach.html", _reach(request, pk))


@overview_page
@require_GET
def reach_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    context = _reach(request, pk)
    matrix = context["matrix"]
    header = [_("Organisation"), _("Target group"), _("Reached"), _("Size"), _("Share (%)")]
    rows = [
        [
            row.organisation.name,
            group.name,
            cell.reached,
            "" if cell.size is None else cell.size,
            "" if cell.share is None else cell.share,
        ]
        for row in matrix.rows
        for group, cell in zip(matrix.groups, row.cells, strict=True)
    ]
    name = f"bereik-{context['partnership'].slug}-{matrix.start:%Y%m%d}-{matrix.end:%Y%m%d}.csv"
    return attachment(csv_document(header, rows), name)


@overview_page
@require_http_methods(["GET", "POST"])
def sizes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The sizes of the members' target groups, and entering one's own."""
    partnership = request_partnership(request, pk)
    members = partnership_members(partnership)
    keeping = size_keeper_ids(request.user, partnership.pk, [m.pk for m in members])
    groups = selectors.target_groups()
    form = None
    if keeping:
        chosen = request.GET.get("organisatie")
        own = next((m for m in members if str(m.pk) == chosen and m.pk in keeping), None)
        form = SizesForm(
            request.POST or None,
            initial={
                "organisation": (own or next(m for m in members if m.pk in keeping)).pk,
                "valid_from": timezone.localdate().replace(month=1, day=1),
            },
            organisations=selectors.organisations_among(keeping),
            groups=groups,
        )
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            try:
                entered = services.sizes_save(
                    actor=request.user,
                    partnership=partnership,
                    organisation=organisation,
                    valid_from=form.cleaned_data["valid_from"],
                    sizes=form.sizes(),
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s size of %(organisation)s saved.",
                        "%(count)s sizes of %(organisation)s saved.",
                        entered,
                    )
                    % {"count": entered, "organisation": organisation.name},
                )
                return redirect("awareness:sizes", partnership.pk)
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "awareness/sizes.html",
        {
            "partnership": partnership,
            "form": form,
            "groups": groups,
            "rows": selectors.size_table(members, groups, today),
            "today": today,
        },
    )


# --- Registration, check-in and certificates -------------------------------------------------


def _own_organisations_in(request: AuthenticatedHttpRequest, activity: Activity) -> list[int]:
    own = access_for(request.user).organisation_ids
    return [pk for pk in activity.organisations.values_list("pk", flat=True) if pk in own]


@require_http_methods(["GET", "POST"])
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A session: when and where, how full; registering, cancelling or saying one cannot come;
    for the organiser, who registered and the way to the check-in."""
    session = selectors.get_session_for(request.user, pk)
    activity = session.activity
    mine = selectors.own_registration(request.user, session)
    editable = can_edit_activity(request.user, activity)
    upcoming = session.starts_at > timezone.now()
    own_ids = _own_organisations_in(request, activity)
    active = mine is not None and mine.status in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITING,
    )
    form = None
    if activity.registration and upcoming and own_ids and not active:
        form = RegistrationForm(
            request.POST or None,
            organisations=selectors.organisations_among(own_ids),
            groups=activity.target_groups.all(),
            questions=activity.question_list,
        )
        if request.method == "POST" and form.is_valid():
            try:
                entry = services.registration_register(
                    actor=request.user,
                    session=session,
                    organisation=form.cleaned_data["organisation"],
                    target_group=form.cleaned_data["target_group"],
                    answers=form.answers(),
                    coming=request.POST.get("coming") != "0",
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _REGISTERED_SAYS[entry.status])
                return redirect("awareness:session_detail", session.pk)
    elif request.method == "POST":
        raise PermissionDenied
    counts = selectors.sessions_of(activity).get(pk=session.pk)
    return render(
        request,
        "awareness/session_detail.html",
        {
            "session": session,
            "activity": activity,
            "counts": counts,
            "mine": mine,
            "place": selectors.waiting_place(mine) if mine else None,
            "form": form,
            "editable": editable,
            "upcoming": upcoming,
            "registrations": list(selectors.registrations_of(request.user, session)),
            "check_in_open": services.check_in_open(session),
        },
    )


_REGISTERED_SAYS: dict[str, Any] = {
    RegistrationStatus.REGISTERED: gettext_lazy("You are registered."),
    RegistrationStatus.WAITING: gettext_lazy(
        "The session is full: you are on the waiting list and hear it when a place comes free."
    ),
    RegistrationStatus.DECLINED: gettext_lazy("Noted: you cannot come."),
}


@require_POST
def registration_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_registration_for(request.user, pk)
    return step(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=entry),
        done=_("The registration has been cancelled."),
        then=reverse("awareness:session_detail", args=[entry.session_id]),
    )


def _editable_session(request: AuthenticatedHttpRequest, pk: int) -> Session:
    session = selectors.get_session_for(request.user, pk)
    if not can_edit_activity(request.user, session.activity):
        raise PermissionDenied
    return session


@require_http_methods(["GET", "POST"])
def session_checkin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The check-in list on the day, for a phone: a button per person, and writing in someone
    who came without registering. Works without JavaScript."""
    session = _editable_session(request, pk)
    activity = session.activity
    form = WalkInForm(
        request.POST or None,
        organisations=activity.organisations.order_by("name"),
        groups=activity.target_groups.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.walk_in_add(
                actor=request.user,
                session=session,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                target_group=data["target_group"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is written in as present.") % {"name": data["name"]}
            )
            return redirect("awareness:session_checkin", session.pk)
    registrations = [
        r
        for r in selectors.registrations_of(request.user, session)
        if r.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
    ]
    return render(
        request,
        "awareness/checkin.html",
        {
            "session": session,
            "activity": activity,
            "registrations": registrations,
            "present": sum(1 for r in registrations if r.attended_at),
            "form": form,
            "open": services.check_in_open(session),
        },
    )


@require_POST
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_registration_for(request.user, pk)
    present = request.POST.get("present") == "1"
    return step(
        request,
        lambda: services.attendance_set(actor=request.user, registration=entry, present=present),
        done=(_("%(name)s is present.") if present else _("%(name)s is no longer present."))
        % {"name": entry.name},
        then=reverse("awareness:session_checkin", args=[entry.session_id]) + f"#r{entry.pk}",
    )


@require_http_methods(["GET", "POST"])
def session_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _editable_session(request, pk)
    activity = session.activity
    form = InviteForm(
        request.POST or None,
        organisations=activity.organisations.order_by("name"),
        groups=activity.target_groups.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.session_invite(
                actor=request.user,
                session=session,
                organisations=form.cleaned_data["organisations"],
                target_group=form.cleaned_data["target_group"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s person invited.", "%(count)s people invited.", sent)
                % {"count": sent},
            )
            return redirect("awareness:session_detail", session.pk)
    return render(
        request,
        "awareness/invite_form.html",
        {"session": session, "activity": activity, "form": form},
    )


@require_GET
def certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A certificate of attendance, for the person and the organiser, while the registration
    is kept."""
    entry = selectors.get_registration_for(request.user, pk)
    if entry.user_id != request.user.pk and not can_edit_activity(
        request.user, entry.session.activity
    ):
        raise Http404
    if entry.attended_at is None:
        raise Http404
    day = timezone.localtime(entry.session.starts_at).date()
    return attachment(
        documents.certificate_pdf(entry),
        f"bewijs-van-deelname-{day:%Y-%m-%d}-{entry.pk}.pdf",
    )
