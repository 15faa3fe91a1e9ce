from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from dijkwacht.scans.models import Framework


def framework_list() -> QuerySet[Framework]:
    """Frameworks are shared reference data: every logged-in user may read them."""
    return Framework.objects.annotate(norm_count=Count("norms")).order_by("name", "-created_at")


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The framework in its file form (see frameworks.read_framework); three queries."""
    themes = list(framework.themes.prefetch_related("norms"))
    return {
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        "scale": [
            {
                "code": o.code,
                "label": o.label,
                "value": o.value,
                "counts_as_met": o.counts_as_met,
                "applicable": o.applicable,
            }
            for o in framework.scale.all()
        ],
        "themes": [
            {
                "code": t.code,
                "title": t.title,
                "description": t.description,
                "norms": [
                    {
                        "code": n.code,
                        "text": n.text,
                        "guidance": n.guidance,
                        "essential": n.essential,
                        "weight": n.weight,
                    }
                    for n in t.norms.all()
                ],
            }
            for t in themes
        ],
    }
