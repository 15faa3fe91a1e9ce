"""The defaults that are data (see dijkwacht/awareness/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from dijkwacht.awareness.defaults import ensure_defaults

    ensure_defaults(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("awareness", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
