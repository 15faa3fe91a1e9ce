"""Preparing the progress report: the coordinator's text per theme, then the documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.programmes import services
from dijkwacht.programmes.forms import ReportTextsForm
from dijkwacht.programmes.views.plan import managed_programme


@require_http_methods(["GET", "POST"])
def report_texts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = managed_programme(request, pk)
    themes = list(programme.themes.order_by("position", "id"))
    form = ReportTextsForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.theme_report_texts(
                actor=request.user, programme=programme, texts=form.texts()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The texts are saved (%(count)s changed); they appear in the next report.")
                % {"count": changed},
            )
            return redirect("programmes:report_texts", pk=programme.pk)
    return render(
        request,
        "programmes/report_texts.html",
        {"programme": programme, "form": form},
    )
