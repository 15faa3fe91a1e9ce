from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.organisations import selectors, services
from dijkwacht.organisations.forms import ChoosePartnershipForm, InviteForm
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "partnerships": selectors.partnership_list_for(request.user).filter(
                members=organisation
            ),
            "predecessors": organisation.predecessors.order_by("name"),
        },
    )


@overview_page
def partnership_members_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The member list as CSV for Excel: semicolons and a byte-order mark, as Dutch Excel
    expects."""
    partnership = selectors.get_partnership_for(request.user, pk)
    header = [
        _("Name"),
        _("Kind"),
        _("CBS code"),
        _("Province"),
        _("Valid from"),
        _("Valid to"),
        _("Merged into"),
    ]
    rows = (
        [
            organisation.name,
            capfirst(group.label),
            organisation.cbs_code or "",
            organisation.province.name if organisation.province else "",
            organisation.valid_from.isoformat() if organisation.valid_from else "",
            organisation.valid_to.isoformat() if organisation.valid_to else "",
            organisation.successor.name if organisation.successor else "",
        ]
        for group in selectors.partnership_member_groups(
            selectors.partnership_members(partnership, with_province=True)
        )
        for organisation in group.organisations
    )
    return attachment(csv_document(header, rows), f"deelnemers-{partnership.slug}.csv")


@require_POST
def choose_partnership(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ChoosePartnershipForm(
        request.POST, partnerships=selectors.partnership_list_for(request.user)
    )
    if form.is_valid():
        services.user_choose_partnership(
            actor=request.user, partnership=form.cleaned_data["partnership"]
        )
    else:
        messages.error(request, _("Choose one of your own partnerships."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "insights:home"
    return redirect(target)


def _coordinated(request: AuthenticatedHttpRequest, pk: int) -> Partnership:
    partnership = selectors.get_partnership_for(request.user, pk)
    if not can_coordinate(request.user, partnership):
        raise PermissionDenied
    return partnership


@overview_page
@require_http_methods(["GET", "POST"])
def partnership_people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who works in the partnership, and inviting someone of one of its organisations."""
    partnership = _coordinated(request, pk)
    form = InviteForm(request.POST or None, partnership=partnership, roles=services.INVITABLE_ROLES)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_invite(actor=request.user, partnership=partnership, **data)
        except ValidationError as error:
            attach_errors(form, error)
        except IntegrityError:  # the same new address sent twice at once
            form.add_error("email", _("This address was just added; reload the page."))
        else:
            # One message whether or not the address had an account: the page does not tell
            # which addresses exist.
            messages.success(
                request,
                _(
                    "%(who)s now has this role. Someone without a password yet gets an "
                    "invitation by e-mail."
                )
                % {"who": data["full_name"] or data["email"]},
            )
            return redirect("organisations:partnership_people", pk=partnership.pk)
    return render(
        request,
        "organisations/partnership_people.html",
        {
            "partnership": partnership,
            "people": selectors.partnership_people(partnership),
            "form": form,
        },
    )


@require_POST
def partnership_invite_again(
    request: AuthenticatedHttpRequest, pk: int, user_id: int
) -> HttpResponse:
    partnership = _coordinated(request, pk)
    person = selectors.partnership_person(partnership, user_id)
    try:
        services.person_invite_again(actor=request.user, partnership=partnership, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s.") % {"email": person.email},
        )
    return redirect("organisations:partnership_people", pk=partnership.pk)
