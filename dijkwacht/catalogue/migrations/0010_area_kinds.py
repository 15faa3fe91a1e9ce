"""The kinds of area drawn as layers of the map: the default list, which platform admins may
change in the admin."""

from django.db import migrations

from dijkwacht.catalogue.defaults import ensure_default_area_kinds


def add_kinds(apps, schema_editor):
    ensure_default_area_kinds(
        apps.get_model("catalogue", "AreaKind"), apps.get_model("catalogue", "Theme")
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_areas")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
