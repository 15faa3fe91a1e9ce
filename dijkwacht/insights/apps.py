from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Overviews across modules: the home page, the partnership page, and (to come) the
    dashboards and the annual report. Modules offer their figures through their selectors;
    insights reads them and no module imports insights."""

    name = "dijkwacht.insights"
    label = "insights"
    verbose_name = _("Insights")
