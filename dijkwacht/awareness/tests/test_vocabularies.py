"""The kinds of activity and the target groups are data: loaded by the migration, put back
when missing, never overwritten."""

import pytest

from dijkwacht.awareness.defaults import ACTIVITY_TYPES, TARGET_GROUPS, ensure_defaults
from dijkwacht.awareness.models import ActivityType, TargetGroup

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_seeds_kinds_and_groups_in_their_order():
    assert list(ActivityType.objects.values_list("code", flat=True)) == [
        code for code, _name in ACTIVITY_TYPES
    ]
    assert list(TargetGroup.objects.values_list("code", flat=True)) == [
        code for code, _name in TARGET_GROUPS
    ]
    assert str(TargetGroup.objects.get(code="kwetsbare-functies")) == (
        "Medewerkers in kwetsbare functies"
    )


def test_defaults_put_back_what_is_missing_and_keep_what_an_administrator_changed():
    TargetGroup.objects.filter(code="horeca").update(name="Horeca en recreatie", active=False)
    ActivityType.objects.filter(code="roadshow").delete()
    ensure_defaults()
    ensure_defaults()
    horeca = TargetGroup.objects.get(code="horeca")
    assert (horeca.name, horeca.active) == ("Horeca en recreatie", False)
    assert ActivityType.objects.filter(code="roadshow").count() == 1
    assert TargetGroup.objects.count() == len(TARGET_GROUPS)


def test_a_platform_admin_keeps_them_and_a_coordinator_does_not(
    client, admin_user, coordinator, verified
):
    client.force_login(admin_user)
    for model in ("activitytype", "targetgroup"):
        page = client.get(f"/beheer/awareness/{model}/").content.decode()
        assert "Medewerkers in kwetsbare functies" in page or "Kennissessie" in page
    client.force_login(coordinator)
    response = client.get("/beheer/awareness/targetgroup/")
    assert response.status_code == 302 and response["Location"].startswith("/beheer/login/")
