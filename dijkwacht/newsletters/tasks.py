"""The newsletters' background work: invitations, and an issue sent with its progress.

An issue's mail goes at most once to each subscriber: the task claims a batch of waiting
deliveries (waiting → being sent, marked with the moment of the claim, in one conditional
update: a second worker finds nothing to claim), then sends them over one connection, marking
each sent or not delivered as the mail server answers. After each batch the issue's counts
are written, so the page shows the progress; when nothing waits, the issue is sent and its
deliveries go (the counts stay). A claim a worker never finished becomes "not known"
(`services.sending_resume`): it may have gone, and is never sent twice.
"""

from __future__ import annotations

import logging

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Count, Q
from django.tasks import task
from django.utils import timezone

from dijkwacht.newsletters import documents
from dijkwacht.newsletters.models import (
    Delivery,
    DeliveryState,
    Issue,
    IssueState,
    Subscriber,
)

logger = logging.getLogger(__name__)

# Small enough that a batch ends well within `services.STALLED_AFTER` even when each mail
# takes the mail server's whole timeout (20 s).
BATCH = 10


def _claim(issue_id: int) -> list[Delivery]:
    now = timezone.now()
    waiting = list(
        Delivery.objects.filter(issue_id=issue_id, state=DeliveryState.WAITING)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    Delivery.objects.filter(pk__in=waiting, state=DeliveryState.WAITING).update(
        state=DeliveryState.CLAIMED, claimed_at=now
    )
    return list(
        Delivery.objects.filter(pk__in=waiting, claimed_at=now, state=DeliveryState.CLAIMED)
        .select_related("subscriber")
        .order_by("pk")
    )


def _count(issue_id: int) -> None:
    """The issue's counts from its deliveries, while it is being sent (a sent issue's counts
    stay as they were closed)."""
    counts = Delivery.objects.filter(issue_id=issue_id).aggregate(
        delivered=Count("pk", filter=Q(state=DeliveryState.SENT)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        skipped=Count("pk", filter=Q(state=DeliveryState.SKIPPED)),
        unknown=Count("pk", filter=Q(state=DeliveryState.UNKNOWN)),
    )
    Issue.objects.filter(pk=issue_id, state=IssueState.SENDING).update(
        **counts, updated_at=timezone.now()
    )


def _send(issue: Issue, batch: list[Delivery]) -> None:
    connection = mailers.default
    try:
        connection.open()
    except Exception:
        # Nothing went: the batch waits again, until the sending is resumed.
        Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
            state=DeliveryState.WAITING, claimed_at=None
        )
        raise
    try:
        for delivery in batch:
            if delivery.subscriber is None or delivery.subscriber.confirmed_at is None:
                state = DeliveryState.SKIPPED
            else:
                try:
                    connection.send_messages([documents.issue_mail(issue, delivery.subscriber)])
                except Exception:  # one refused address must not keep the others back
                    logger.exception("Newsletter %s to delivery %s failed", issue.pk, delivery.pk)
                    state = DeliveryState.FAILED
                else:
                    state = DeliveryState.SENT
            Delivery.objects.filter(pk=delivery.pk).update(state=state)
            # Alive: a sending that moves is never taken for one that stalled.
            Issue.objects.filter(pk=issue.pk).update(updated_at=timezone.now())
    finally:
        connection.close()


@task()
def send_issue(issue_id: int) -> str:
    """Archive the issue as PDF, send its waiting deliveries in batches, then mark it sent."""
    issue = Issue.objects.select_related("series__partnership").filter(pk=issue_id).first()
    if issue is None or issue.state != IssueState.SENDING:
        return "not being sent"
    if issue.pdf is None:
        Issue.objects.filter(pk=issue_id).update(pdf=documents.issue_pdf(issue))
    while batch := _claim(issue_id):
        _send(issue, batch)
        _count(issue_id)
    return _close(issue_id)


def _close(issue_id: int) -> str:
    """Once nothing waits and no worker holds a claim: the final counts, the issue sent, its
    deliveries gone. Under the issue's lock, so two workers close it once."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().defer("pdf", "body").get(pk=issue_id)
        if issue.state != IssueState.SENDING:
            return "closed already"
        if Delivery.objects.filter(
            issue_id=issue_id, state__in=[DeliveryState.WAITING, DeliveryState.CLAIMED]
        ).exists():
            return "another worker is sending"  # it closes the sending when it is done
        _count(issue_id)
        Issue.objects.filter(pk=issue_id).update(state=IssueState.SENT, sent_at=timezone.now())
        Delivery.objects.filter(issue_id=issue_id).delete()
    return "sent"


@task()
def send_invitations(subscriber_ids: list[int]) -> int:
    """The mail with the link to confirm, to each invited address not confirmed yet."""
    sent = 0
    invited = Subscriber.objects.filter(
        pk__in=subscriber_ids, confirmed_at__isnull=True
    ).select_related("series__partnership")
    with mailers.default as connection:
        for subscriber in invited:
            try:
                connection.send_messages([documents.invitation_mail(subscriber)])
            except Exception:
                logger.exception("Invitation of subscriber %s failed", subscriber.pk)
            else:
                sent += 1
    return sent
