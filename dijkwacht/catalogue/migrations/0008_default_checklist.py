"""The platform's default checklist "Wanneer en hoe betrek ik de provincie?", version 1."""

from django.db import migrations

from dijkwacht.catalogue.defaults import ensure_default_checklist


def add_checklist(apps, schema_editor):
    ensure_default_checklist(
        apps.get_model("catalogue", "Checklist"), apps.get_model("catalogue", "ChecklistVersion")
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_checklist")]

    operations = [migrations.RunPython(add_checklist, migrations.RunPython.noop)]
