from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import refuse_large_uploads
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.permissions import is_platform_admin
from dijkwacht.scans import selectors, services
from dijkwacht.scans.forms import FrameworkUploadForm
from dijkwacht.scans.frameworks import framework_yaml
from dijkwacht.scans.models import Framework


@overview_page
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scans/framework_list.html",
        {"frameworks": selectors.framework_list(), "can_import": is_platform_admin(request.user)},
    )


@overview_page
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_visible_or_404(Framework.objects.all(), pk=pk)
    return render(
        request,
        "scans/framework_detail.html",
        {"framework": framework, "document": selectors.framework_as_dict(framework)},
    )


def framework_download(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_visible_or_404(Framework.objects.all(), pk=pk)
    return attachment(
        framework_yaml(selectors.framework_as_dict(framework)),
        f"{slugify(framework.name)}-{slugify(framework.version)}.yaml",
    )


@require_http_methods(["GET", "POST"])
def framework_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a framework file (Excel or YAML). The whole file is checked before anything is
    written; its problems come back next to the field, by sheet and row or by place."""
    if not is_platform_admin(request.user):
        raise PermissionDenied
    form = FrameworkUploadForm()
    if request.method == "POST":
        form = refuse_large_uploads(
            FrameworkUploadForm(request.POST, request.FILES), request, "file"
        )
        if form.is_valid():
            spec = form.cleaned_data["file"]
            try:
                framework = services.framework_create(actor=request.user, spec=spec)
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request,
                    _("Imported %(framework)s with %(count)s norms.")
                    % {"framework": framework, "count": spec.norm_count},
                )
                return redirect("scans:framework_detail", pk=framework.pk)
    return render(request, "scans/framework_import.html", {"form": form})
