"""The links in a subscriber's mails: to confirm an invitation and to unsubscribe.

Signed (Django's signing, with the secret key), not stored: the link names the subscriber's
row and a keyed hash of its address (a signed value is readable, and a link in a log or a
browser's history must not give the address away), so a link of an address that left does not
work for a row that took its number. A confirmation holds for `CONFIRM_DAYS`; an unsubscribe
link for as long as the subscription, as the law on mail asks.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from dijkwacht.newsletters.models import Subscriber

CONFIRM_DAYS = 30
_CONFIRM = "dijkwacht.newsletters.confirm"
_UNSUBSCRIBE = "dijkwacht.newsletters.unsubscribe"


def _address_mark(email: str) -> str:
    return salted_hmac(
        "dijkwacht.newsletters.address", email.lower(), algorithm="sha256"
    ).hexdigest()[:20]


def _make(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, _address_mark(subscriber.email)], salt=salt)


def confirm_token(subscriber: Subscriber) -> str:
    return _make(subscriber, _CONFIRM)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _make(subscriber, _UNSUBSCRIBE)


def _read(token: str, salt: str, max_age: datetime.timedelta | None) -> Subscriber | None:
    try:
        pk, mark = signing.loads(token[:500], salt=salt, max_age=max_age)
        subscriber = Subscriber.objects.select_related("series__partnership").get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, Subscriber.DoesNotExist):
        return None
    if not constant_time_compare(str(mark), _address_mark(subscriber.email)):
        return None
    return subscriber


def subscriber_to_confirm(token: str) -> Subscriber | None:
    """The invited subscriber of a confirmation link still valid (None: expired, wrong or
    gone)."""
    return _read(token, _CONFIRM, datetime.timedelta(days=CONFIRM_DAYS))


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    return _read(token, _UNSUBSCRIBE, None)
