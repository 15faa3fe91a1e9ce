from typing import Any

from django import template

from dijkwacht.core.suppression import shown
from dijkwacht.core.templatetags.dijkwacht import get_item
from dijkwacht.scans import scoring

register = template.Library()


register.filter("get_item", get_item)  # lists of findings or actions per norm


@register.filter
def shown_count(count: int | None) -> str:
    """A count that may be suppressed: the number, or "<5"."""
    return shown(count)


@register.filter
def abbreviation(label: str) -> str:
    return scoring.abbreviation(label)


@register.simple_tag
def tone_of(option: Any) -> str:
    return scoring.tone((option.applicable, option.counts_as_met), partial=bool(option.value))
