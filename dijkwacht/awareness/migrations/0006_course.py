"""The learning module's first course (see dijkwacht/awareness/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from dijkwacht.awareness.defaults import ensure_course

    ensure_course(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("awareness", "0005_calendar_campaigns_courses")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
