"""Core owns the audit trail: every service in every app records what it did here."""

from typing import Any

from django.db import models

from dijkwacht.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def acting_user(actor: Any) -> Any:
    """The user behind an action, or None for the system and for anonymous visitors."""
    return actor if getattr(actor, "is_authenticated", False) else None


def audit_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    reason: str = "",
    organisation: Any = None,
    partnership: Any = None,
) -> AuditEvent:
    """An audit event, not yet stored: for `audit_record_all`, which stores many at once."""
    user = acting_user(actor)
    return AuditEvent(
        actor=user,
        actor_label=user.email if user is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes={
            field: [_jsonable(old), _jsonable(new)] for field, (old, new) in (changes or {}).items()
        },
        reason=reason[:500],
        organisation=organisation,
        partnership=partnership,
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    reason: str = "",
    organisation: Any = None,
    partnership: Any = None,
) -> AuditEvent:
    """Append an audit event: who did what to which object, with old → new values per field.

    `actor` may be None (the system, a scheduled task) or an anonymous user: no trace of an
    anonymous person is kept, not even a session.
    """
    event = audit_event(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        reason=reason,
        organisation=organisation,
        partnership=partnership,
    )
    event.save(force_insert=True)
    return event


def audit_record_all(events: list[AuditEvent]) -> None:
    """Append many audit events (from `audit_event`) in one statement: a bulk write keeps one
    event per thing it changed."""
    AuditEvent.objects.bulk_create(events)


def changed_fields(instance: models.Model, fields: list[str], new: dict[str, Any]) -> dict:
    """Old → new for the fields whose value differs; the input to `audit_record(changes=...)`."""
    return {
        name: (getattr(instance, name), new[name])
        for name in fields
        if name in new and getattr(instance, name) != new[name]
    }
