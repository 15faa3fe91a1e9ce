"""Large documents made in the background, with their progress on a page of their own.

An app declares a document that may take a while in its `documents.py` with
`@long_document(kind, label=…, check=…)`: `check(user, params)` answers 404 (or refuses) at
once for what the person may not have, and the builder makes the document on the worker with
the person's own access, reporting progress as it goes. The page polls the job (htmx) and
offers the file when it is ready.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.http import Http404
from django.tasks import task
from django.utils import timezone

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.services import audit_record
from dijkwacht.exports.models import DocumentJob

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
Builder = Callable[[Any, dict[str, str], Progress], tuple[bytes, str]]


@dataclass(frozen=True)
class LongDocument:
    kind: str
    label: Any
    check: Callable[[Any, dict[str, str]], object]
    build: Builder


DOCUMENTS: dict[str, LongDocument] = {}


def long_document(
    kind: str, *, label: Any, check: Callable[[Any, dict[str, str]], object]
) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        DOCUMENTS[kind] = LongDocument(kind=kind, label=label, check=check, build=build)
        return build

    return register


@transaction.atomic
def job_start(*, actor: Any, kind: str, params: dict[str, str]) -> DocumentJob:
    """Queue the document for the actor, after checking they may have it (404 otherwise)."""
    document = DOCUMENTS.get(kind)
    if document is None:
        raise Http404
    document.check(actor, params)
    job = DocumentJob.objects.create(user=actor, kind=kind, params=params)
    audit_record(
        actor=actor,
        action="exports.document_start",
        obj=job,
        changes={"kind": (None, kind), "params": (None, params)},
    )
    transaction.on_commit(partial(build_document.enqueue, job.pk))
    return job


def get_job_for(user: Any, pk: Any) -> DocumentJob:
    """The person's own job; anyone else's answers 404, like one that does not exist."""
    return get_visible_or_404(DocumentJob.objects.filter(user=user).defer("content"), pk=pk)


def job_content(job: DocumentJob) -> bytes:
    """The finished document's file (read only when it is taken)."""
    content = DocumentJob.objects.values_list("content", flat=True).get(pk=job.pk)
    return bytes(content or b"")


@task()
def build_document(job_id: int) -> str:
    """Make the document on the worker; the page polls `state` and `progress`."""
    claimed = DocumentJob.objects.filter(pk=job_id, state=DocumentJob.State.QUEUED).update(
        state=DocumentJob.State.RUNNING, progress=5
    )
    if not claimed:
        return "not queued"
    job = DocumentJob.objects.select_related("user").defer("content").get(pk=job_id)

    def progress(percent: int) -> None:
        DocumentJob.objects.filter(pk=job_id).update(progress=max(5, min(percent, 99)))

    try:
        if not job.user.is_active:
            raise Http404
        content, filename = DOCUMENTS[job.kind].build(job.user, job.params, progress)
    except Exception:
        logger.exception("Document job %s (%s) failed", job_id, job.kind)
        DocumentJob.objects.filter(pk=job_id).update(
            state=DocumentJob.State.FAILED, finished_at=timezone.now()
        )
        return "failed"
    DocumentJob.objects.filter(pk=job_id).update(
        state=DocumentJob.State.DONE,
        progress=100,
        content=content,
        filename=filename,
        finished_at=timezone.now(),
    )
    return "done"


def jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove the jobs (and their files) made more than a day ago."""
    now = now or timezone.now()
    deleted, _rows = DocumentJob.objects.filter(
        created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    return deleted
