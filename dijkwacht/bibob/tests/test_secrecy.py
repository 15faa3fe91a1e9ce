"""Art. 28 Wet Bibob: a marker put in every field of a screening reaches nobody but the
owning team, by no page, download, admin page, API, notification or log, and is not in the
database in the clear."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dijkwacht.bibob import services
from dijkwacht.bibob.models import AccessLog, DeletionLog
from dijkwacht.core.models import AuditEvent
from dijkwacht.notifications.models import Notification
from tests.factories import make_screening

pytestmark = pytest.mark.django_db

MARKER = "Zq7Marker"


@pytest.fixture
def secret(officer, enschede):
    """A screening with the marker in its subject, KvK-free texts, a step's note and a
    disclosure, with a term that is about to run out."""
    today = timezone.localdate()
    screening = make_screening(
        officer, enschede, days_ago=20,
        subject_name=f"{MARKER} Holding B.V.",
        decision_subject=f"Vergunning voor {MARKER}",
        trigger_note=f"Signaal over {MARKER}",
        decision_due_on=today + datetime.timedelta(days=3),
    )  # fmt: skip
    screening = services.screening_step(
        actor=officer, screening=screening, action="note", date=today, note=f"Notitie {MARKER}"
    )
    services.screening_disclose(
        actor=officer, screening=screening, recipient="derde",
        recipient_name=f"Advocaat van {MARKER}",
        legal_ground=f"art. 28, aan de advocaat van {MARKER}",
        what=f"Passage over {MARKER}", date=today,
    )  # fmt: skip
    services.terms_warn(today=today)
    return screening


def _urls(screening) -> list[str]:
    return [
        reverse("bibob:screening_list"),
        reverse("bibob:screening_list_csv"),
        reverse("bibob:figures"),
        reverse("bibob:screening_detail", args=[screening.pk]),
        reverse("bibob:screening_edit", args=[screening.pk]),
        reverse("bibob:letter_new", args=[screening.pk, "vragenformulier"]),
        reverse("bibob:letter_new", args=[screening.pk, "voornemen_weigering"]),
        reverse("bibob:letter_templates"),
        reverse("bibob:figures_xlsx"),
        reverse("notifications:list"),
        reverse("insights:home"),
        "/api/v1/openapi.json",
        "/beheer/bibob/accesslog/",
        "/beheer/core/auditevent/",
        "/beheer/notifications/notification/",
    ]


@pytest.mark.parametrize(
    "who",
    ["coordinator", "contributor", "viewer", "other_coordinator", "handler", "admin_user",
     "hengelo_officer"],
)  # fmt: skip
def test_nobody_outside_the_team_reads_the_marker(client, secret, who, request, verified):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in _urls(secret):
        response = client.get(url, follow=True)
        assert MARKER not in response.content.decode("utf-8", "replace"), (who, url)
    for url in (
        reverse("bibob:screening_detail", args=[secret.pk]),
        reverse("bibob:screening_edit", args=[secret.pk]),
        reverse("bibob:letter_new", args=[secret.pk, "vragenformulier"]),
    ):
        assert client.get(url).status_code == 404, (who, url)
    letter = client.post(
        reverse("bibob:letter_new", args=[secret.pk, "vragenformulier"]),
        {"date": timezone.localdate().isoformat(), "reply_by": timezone.localdate().isoformat()},
    )
    assert letter.status_code == 404
    step = client.post(
        reverse("bibob:screening_step", args=[secret.pk, "note"]),
        {"note-date": timezone.localdate().isoformat(), "note-note": "Ingebroken"},
    )
    assert step.status_code == 404
    assert not secret.steps.filter(action="note", by=user).exists()


def test_the_team_reads_it_and_each_read_is_logged(client, secret, colleague):
    client.force_login(colleague)
    page = client.get(reverse("bibob:screening_detail", args=[secret.pk])).content.decode()
    assert f"{MARKER} Holding B.V." in page
    assert f"Notitie {MARKER}" in page
    assert f"Passage over {MARKER}" in page
    assert AccessLog.objects.filter(user=colleague, reference=secret.reference).count() == 1


def test_no_log_notification_or_audit_line_holds_the_marker(secret):
    texts = [
        *(f"{e.action} {e.object_repr} {e.reason} {e.changes}" for e in AuditEvent.objects.all()),
        *(f"{n.title} {n.body} {n.link}" for n in Notification.objects.all()),
        *(str(a) for a in AccessLog.objects.all()),
    ]
    assert Notification.objects.filter(title__contains=secret.reference).exists()
    assert texts and not any(MARKER in text for text in texts)
    services.screening_step(
        actor=secret.steps.first().by, screening=secret, action="decide",
        date=timezone.localdate(), outcome="verleend",
    )  # fmt: skip
    services.retention_apply(now=timezone.now() + datetime.timedelta(days=3000))
    assert DeletionLog.objects.get().reference == secret.reference
    assert MARKER not in str(list(DeletionLog.objects.values()))


def test_the_marker_is_not_in_the_database_in_the_clear(secret):
    """What a table dump shows: every row of every table, read without the ORM."""
    tables = connection.introspection.table_names()
    found = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                cells = [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
                         for v in row if v is not None]  # fmt: skip
                if any(MARKER.encode() in cell for cell in cells):
                    found.append(table)
    assert not found


def test_there_is_no_api_for_screenings(client, officer, secret):
    client.force_login(officer)
    schema = client.get("/api/v1/openapi.json").json()
    assert not [path for path in schema["paths"] if "screening" in path or "bibob/s" in path]
