"""The one way to fetch a single object for a user: through a `visible_to(user)` queryset.

"Missing" and "not yours" must look the same from outside, so both answer 404.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_visible_or_404[M: Model](queryset: QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(queryset.model._meta.object_name) from exc
