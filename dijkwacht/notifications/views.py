"""A person's notifications: the list (unread first marked), marking read, and how they want
to be told of each kind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.notifications import selectors, services
from dijkwacht.notifications.forms import PreferencesForm


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), 25).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark one (`notification`) or all of the user's notifications read, then go to the
    notification's own link when asked (`open`)."""
    sent = request.POST.getlist("notification")
    ids = [int(pk) for pk in sent if pk.isascii() and pk.isdigit()]
    # No `notification` sent: all of them; one that is not a number marks nothing.
    services.mark_read(actor=request.user, notification_ids=ids if sent else None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, preferences=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(actor=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
