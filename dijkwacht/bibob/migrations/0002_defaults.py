"""The defaults that are data (see dijkwacht/bibob/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from dijkwacht.bibob.defaults import ensure_defaults

    ensure_defaults(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("bibob", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
