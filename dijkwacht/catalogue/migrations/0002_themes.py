"""The themes a partnership's sources and contact persons are filed under: the default list,
which platform admins may change in the admin."""

from django.db import migrations

from dijkwacht.catalogue.defaults import ensure_default_themes

def add_themes(apps, schema_editor):
    ensure_default_themes(apps.get_model("catalogue", "Theme"))

class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
