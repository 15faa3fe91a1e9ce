from pathlib import Path

import yaml
from django.db import migrations, models


def reach_of_the_default_framework(apps, schema_editor):
    """The shipped framework, once loaded, names the target groups whose reach is evidence
    for its norms, as its file now does (matched by name, version and norm code)."""
    path = Path(__file__).resolve().parent.parent / "data" / "basis_op_orde.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    asked = {
        norm["code"]: norm["reach"]
        for theme in data["themes"]
        for norm in theme["norms"]
        if norm.get("reach")
    }
    norm_model = apps.get_model("scans", "Norm")
    for norm in norm_model.objects.filter(
        framework__name=data["name"], framework__version=str(data["version"]), code__in=asked
    ):
        norm.reach = asked[norm.code]
        norm.save(update_fields=["reach"])


class Migration(migrations.Migration):
    dependencies = [
        ("scans", "0008_norm_registers"),
    ]

    operations = [
        migrations.AddField(
            model_name="norm",
            name="reach",
            field=models.JSONField(blank=True, default=list, verbose_name="reach asked for"),
        ),
        migrations.RunPython(reach_of_the_default_framework, migrations.RunPython.noop),
    ]
