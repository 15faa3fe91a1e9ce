"""Who edits a partnership's newsletters: its coordinators (and platform admins). Everyone in
the partnership reads the issues sent; the subscribers are the editors' alone. Yes or no from
the grants read once per request, no query."""

from __future__ import annotations

from typing import Any

from dijkwacht.organisations.permissions import access_for


def can_edit_newsletters(user: Any, partnership_id: int) -> bool:
    access = access_for(user)
    return access.is_admin or partnership_id in access.coordinating_ids
