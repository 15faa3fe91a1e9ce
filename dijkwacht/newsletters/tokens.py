"""The links in a subscriber's mails: to confirm an invitation and to unsubscribe.

Signed (Django's signing, with the secret key), not stored: the link names the subscriber's
row and address, so a link of an address that left and was invited again does not work for
the new row. A confirmation holds for `CONFIRM_DAYS`; an unsubscribe link for as long as the
subscription, as the law on mail asks.
"""

from __future__ import annotations

import datetime

from django.core import signing

from dijkwacht.newsletters.models import Subscriber

CONFIRM_DAYS = 30
_CONFIRM = "dijkwacht.newsletters.confirm"
_UNSUBSCRIBE = "dijkwacht.newsletters.unsubscribe"


def _make(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.email], salt=salt, compress=True)


def confirm_token(subscriber: Subscriber) -> str:
    return _make(subscriber, _CONFIRM)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _make(subscriber, _UNSUBSCRIBE)


def _read(token: str, salt: str, max_age: datetime.timedelta | None) -> Subscriber | None:
    try:
        pk, email = signing.loads(token[:500], salt=salt, max_age=max_age)
        return Subscriber.objects.select_related("series__partnership").get(pk=pk, email=email)
    except (signing.BadSignature, ValueError, TypeError, Subscriber.DoesNotExist):
        return None


def subscriber_to_confirm(token: str) -> Subscriber | None:
    """The invited subscriber of a confirmation link still valid (None: expired, wrong or
    gone)."""
    return _read(token, _CONFIRM, datetime.timedelta(days=CONFIRM_DAYS))


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    return _read(token, _UNSUBSCRIBE, None)
