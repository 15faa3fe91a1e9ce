"""Who keeps indicators: platform admins keep the national ones (no partnership) and may keep
any; a partnership's coordinators keep their partnership's. Everyone who works in a
partnership reads its indicators and the national ones."""

from typing import Any

from dijkwacht.insights.models import Indicator
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate, is_platform_admin


def can_keep_indicators(user: Any, partnership: Partnership | None) -> bool:
    if is_platform_admin(user):
        return True
    return partnership is not None and can_coordinate(user, partnership)


def can_edit_indicator(user: Any, indicator: Indicator) -> bool:
    return can_keep_indicators(user, indicator.partnership)


def can_compose_report(user: Any, partnership: Partnership) -> bool:
    """A partnership's coordinators compose, save and publish its annual reports."""
    return can_coordinate(user, partnership)
