from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BibobConfig(AppConfig):
    name = "dijkwacht.bibob"
    label = "bibob"
    verbose_name = _("Bibob")
