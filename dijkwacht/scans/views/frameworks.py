from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.views import overview_page
from dijkwacht.scans import selectors
from dijkwacht.scans.frameworks import framework_yaml
from dijkwacht.scans.models import Framework


@overview_page
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(request, "scans/framework_list.html", {"frameworks": selectors.framework_list()})


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
    response = HttpResponse(
        framework_yaml(selectors.framework_as_dict(framework)),
        content_type="application/yaml; charset=utf-8",
    )
    filename = f"{slugify(framework.name)}-{slugify(framework.version)}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
