"""A large document made in the background: started from the page, checked at once, made by
the worker with the person's own access, and only ever handed to that person."""

import datetime
import io

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from dijkwacht.exports import jobs
from dijkwacht.exports.models import DocumentJob
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_after_commit(monkeypatch):
    """The test's transaction never commits: run what waits for the commit at once (the
    immediate task backend then makes the document)."""
    monkeypatch.setattr(transaction, "on_commit", lambda function, **kwargs: function())


@pytest.fixture
def programme(twente, enschede):
    return make_programme(twente, [enschede], name="Groot plan")


def _start(client, programme, fmt="pdf"):
    return client.post(
        "/documenten/maken/",
        {"kind": "programmes.progress_report", "programme": programme.pk, "format": fmt},
    )


def test_the_progress_report_is_made_in_the_background_and_handed_over(
    client, coordinator, programme, verified
):
    client.force_login(coordinator)
    response = _start(client, programme)
    job = DocumentJob.objects.get()
    assert response["Location"] == f"/documenten/{job.pk}/"
    assert (job.state, job.progress, job.user) == ("klaar", 100, coordinator)
    page = client.get(f"/documenten/{job.pk}/").content.decode()
    assert "Het document is klaar." in page and job.filename in page
    download = client.get(f"/documenten/{job.pk}/bestand/")
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    text = "".join(p.extract_text() for p in PdfReader(_bytes(download)).pages)
    assert "Groot plan" in text


def test_a_waiting_job_is_polled_until_it_ends(client, coordinator, programme, verified):
    job = DocumentJob.objects.create(user=coordinator, kind="programmes.progress_report",
                                     params={}, state="bezig", progress=40)  # fmt: skip
    client.force_login(coordinator)
    part = client.get(f"/documenten/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="document-status"')
    assert 'hx-trigger="every 1s"' in part and 'value="40"' in part
    assert "<html" not in part
    # Not ready: the file waits.
    assert client.get(f"/documenten/{job.pk}/bestand/")["Location"] == f"/documenten/{job.pk}/"


def test_what_the_person_may_not_have_answers_404(
    client, coordinator, other_coordinator, programme, verified
):
    client.force_login(other_coordinator)
    assert _start(client, programme).status_code == 404  # another partnership's programme
    assert client.post("/documenten/maken/", {"kind": "meldpunt.report"}).status_code == 404
    assert _start(client, programme, fmt="odt").status_code == 404
    assert not DocumentJob.objects.exists()
    client.force_login(coordinator)
    _start(client, programme)
    job = DocumentJob.objects.get()
    client.force_login(other_coordinator)
    assert client.get(f"/documenten/{job.pk}/").status_code == 404
    assert client.get(f"/documenten/{job.pk}/bestand/").status_code == 404


def test_a_failing_document_says_so(client, coordinator, programme, verified, monkeypatch):
    def broken(user, params, progress):
        raise RuntimeError("renderer gone")

    document = jobs.DOCUMENTS["programmes.progress_report"]
    monkeypatch.setitem(
        jobs.DOCUMENTS, "programmes.progress_report",
        jobs.LongDocument(document.kind, document.label, document.check, broken),
    )  # fmt: skip
    client.force_login(coordinator)
    _start(client, programme)
    job = DocumentJob.objects.get()
    assert job.state == "mislukt"
    assert "mislukt" in client.get(f"/documenten/{job.pk}/").content.decode()


def test_jobs_are_kept_a_day(coordinator):
    old = DocumentJob.objects.create(user=coordinator, kind="x", params={})
    DocumentJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    DocumentJob.objects.create(user=coordinator, kind="x", params={})
    assert jobs.jobs_expire() == 1
    assert DocumentJob.objects.count() == 1


def _bytes(response):
    return io.BytesIO(response.content)
