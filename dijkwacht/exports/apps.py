from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "dijkwacht.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        # Each app declares its long documents in its own `documents.py` (jobs.long_document).
        autodiscover_modules("documents")
