"""The defaults that are data: retention rules, the clocks per kind, the list of
interventions. Administrators change them in the admin."""

from django.db import migrations

RETENTION = [
    # kind, close reason, in a case, days
    ("", "", False, 365),  # a dropped or handled signal: 1 year after closing
    ("", "", True, 5 * 365),  # a closed case: 5 years
]
DEADLINES = ["ondermijning", "integriteit", "agressie", "anders"]
INTERVENTIONS = [
    ("bestuurlijk", "Sluiting van een pand (art. 13b Opiumwet)"),
    ("bestuurlijk", "Weigering of intrekking van een vergunning na Bibob-onderzoek"),
    ("bestuurlijk", "Intrekking van een exploitatievergunning"),
    ("bestuurlijk", "Last onder dwangsom of bestuursdwang"),
    ("bestuurlijk", "Bestuurlijke waarschuwing of gesprek"),
    ("strafrechtelijk", "Aangifte of opsporingsonderzoek"),
    ("strafrechtelijk", "Inbeslagname"),
    ("fiscaal", "Belastingcontrole of naheffing"),
    ("privaatrechtelijk", "Ontbinding van een huur- of pachtovereenkomst"),
    ("privaatrechtelijk", "Beëindiging van een subsidie- of contractrelatie"),
    ("zorg_sociaal", "Inzet van zorg of hulpverlening"),
    ("zorg_sociaal", "Gesprek met betrokkene of omgeving"),
]


def load(apps, schema_editor):
    RetentionRule = apps.get_model("meldpunt", "RetentionRule")
    Deadline = apps.get_model("meldpunt", "Deadline")
    InterventionType = apps.get_model("meldpunt", "InterventionType")
    for kind, reason, in_case, days in RETENTION:
        RetentionRule.objects.get_or_create(
            kind=kind, close_reason=reason, in_case=in_case, defaults={"days": days}
        )
    for kind in DEADLINES:
        Deadline.objects.get_or_create(kind=kind)
    for category, name in INTERVENTIONS:
        InterventionType.objects.get_or_create(name=name, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("meldpunt", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
