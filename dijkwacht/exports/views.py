"""A document made in the background: start it, watch its progress, take the file."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dijkwacht.exports.download import attachment
from dijkwacht.exports.jobs import DOCUMENTS, get_job_for, job_content, job_start
from dijkwacht.exports.models import DocumentJob

_NOT_PARAMETERS = {"csrfmiddlewaretoken", "kind"}


@require_POST
def document_start(request: HttpRequest) -> HttpResponse:
    params = {
        key: str(value)[:100] for key, value in request.POST.items() if key not in _NOT_PARAMETERS
    }
    job = job_start(actor=request.user, kind=request.POST.get("kind", ""), params=params)
    return redirect("exports:document", pk=job.pk)


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; htmx asks it for the status part every second until the job ends."""
    job = get_job_for(request.user, pk)
    context = {"job": job, "label": DOCUMENTS[job.kind].label if job.kind in DOCUMENTS else ""}
    partial = bool(getattr(request, "htmx", False))
    template = "exports/document.html#status" if partial else "exports/document.html"
    return render(request, template, context)


def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    if job.state != DocumentJob.State.DONE:
        return redirect("exports:document", pk=job.pk)
    return attachment(job_content(job), job.filename)
