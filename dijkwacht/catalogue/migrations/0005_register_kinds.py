"""The kinds of register in the overview of registration systems: the default list, which
platform admins may change in the admin."""

from django.db import migrations

from dijkwacht.catalogue.defaults import ensure_default_register_kinds


def add_kinds(apps, schema_editor):
    ensure_default_register_kinds(apps.get_model("catalogue", "RegisterKind"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_registration_systems")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
