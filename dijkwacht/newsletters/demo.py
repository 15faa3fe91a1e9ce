"""Demo newsletters of District Twente (seed 000's cadence): the six-weekly newsletter for
officials with its first issue sent five weeks ago and the next one drafted, and the
quarterly one for administrators with its first issue drafted. The drafts are written from
the demo's own data, as an editor's would be. Subscribers are fictitious addresses."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from dijkwacht.accounts.models import User
from dijkwacht.newsletters import documents, services
from dijkwacht.newsletters.draft import OPENING
from dijkwacht.newsletters.models import Issue, IssueState, Series, Subscriber
from dijkwacht.organisations.models import Partnership

OFFICIALS = "Nieuwsbrief ondermijning voor ambtenaren"
ADMINISTRATORS = "Bestuurlijke nieuwsbrief ondermijning"
SUBSCRIBERS = [
    ("Anouk de Vries", "a.devries@almelo.test"),
    ("Bas Kuipers", "b.kuipers@enschede.test"),
    ("Chantal Oude Nijhuis", "c.oudenijhuis@hengelo.test"),
    ("Daan Wolters", "d.wolters@oldenzaal.test"),
]


def _series(actor: User, partnership: Partnership, title: str, audience: str, cadence: str):
    return services.series_save(
        actor=actor,
        partnership=partnership,
        title=title,
        audience=audience,
        cadence=cadence,
        reply_to="ondermijning@district-twente.test",
    )


def _sent(actor: User, series: Series, days_ago: int) -> None:
    """An issue drafted and sent `days_ago` days ago (the mail itself is not sent again)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    issue = services.issue_draft(actor=actor, series=series, today=day)
    with translation.override(settings.LANGUAGE_CODE):
        opening = str(OPENING)
    body = issue.body.replace(
        opening,
        "Welkom bij de eerste nieuwsbrief van het district. Elke zes weken lees je hier wat "
        "de gemeenten in Twente samen doen tegen ondermijning.",
    )
    sent_at = timezone.now() - datetime.timedelta(days=days_ago)
    receiving = series.subscribers.filter(confirmed_at__isnull=False).count()
    Issue.objects.filter(pk=issue.pk).update(
        body=body,
        planned_on=day,
        state=IssueState.SENT,
        sent_at=sent_at,
        sent_by=actor,
        recipients=receiving,
        delivered=receiving,
    )
    issue.refresh_from_db()
    Issue.objects.filter(pk=issue.pk).update(pdf=documents.issue_pdf(issue))


@transaction.atomic
def load() -> None:
    partnership = Partnership.objects.filter(slug="district-twente").first()
    actor = User.objects.filter(email="coordinator@dijkwacht.test").first()
    if partnership is None or actor is None:
        return
    if Series.objects.filter(partnership=partnership).exists():
        return
    officials = _series(
        actor, partnership, OFFICIALS, "ambtenaren van de Twentse gemeenten", "six-weekly"
    )
    administrators = _series(
        actor,
        partnership,
        ADMINISTRATORS,
        "burgemeesters, wethouders en gemeentesecretarissen in Twente",
        "quarterly",
    )
    now = timezone.now()
    for series, people in ((officials, SUBSCRIBERS), (administrators, SUBSCRIBERS[:2])):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    series=series,
                    name=name,
                    email=email,
                    invited_by=actor,
                    invited_at=now - datetime.timedelta(days=60),
                    confirmed_at=now - datetime.timedelta(days=58),
                )
                for name, email in people
            ]
        )
    Subscriber.objects.create(
        series=officials, email="e.hendriks@twenterand.test", invited_by=actor, invited_at=now
    )
    _sent(actor, officials, 35)
    services.issue_draft(actor=actor, series=officials)
    services.issue_draft(actor=actor, series=administrators)
