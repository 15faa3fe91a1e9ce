import datetime
from collections import Counter

import pytest
from django.core.management import call_command

from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.organisations.services import reference_data_load

pytestmark = pytest.mark.django_db

PER_PROVINCE_2025 = {
    "Provincie Groningen": 10, "Provincie Fryslân": 18, "Provincie Drenthe": 12,
    "Provincie Overijssel": 25, "Provincie Flevoland": 6, "Provincie Gelderland": 51,
    "Provincie Utrecht": 26, "Provincie Noord-Holland": 44, "Provincie Zuid-Holland": 50,
    "Provincie Zeeland": 13, "Provincie Noord-Brabant": 56, "Provincie Limburg": 31,
}  # fmt: skip


def _current_municipalities():
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).valid_on(
        datetime.date(2025, 1, 1)
    )


def test_all_municipalities_and_provinces_of_2025_are_loaded():
    assert _current_municipalities().count() == 342
    assert Organisation.objects.filter(kind=OrganisationKind.PROVINCE).count() == 12
    counts = Counter(_current_municipalities().values_list("province__name", flat=True))
    assert counts == PER_PROVINCE_2025


def test_codes_names_and_boundaries_come_from_the_reference_files():
    enschede = Organisation.objects.get(cbs_code="GM0153")
    assert enschede.name == "Enschede"
    assert enschede.province.cbs_code == "PV23"
    assert enschede.boundary_path.startswith("M")
    assert enschede.bbox_min_x < enschede.bbox_max_x
    assert Organisation.objects.get(cbs_code="GM0164").slug == "hengelo-o"
    assert Organisation.objects.get(cbs_code="PV26").name == "Provincie Utrecht"


def test_merged_municipalities_are_historical_and_point_to_their_successor():
    boxmeer = Organisation.objects.get(cbs_code="GM0756")
    assert boxmeer.valid_to == datetime.date(2021, 12, 31)
    assert boxmeer.successor.name == "Land van Cuijk"
    assert boxmeer.successor.valid_from == datetime.date(2022, 1, 1)
    assert Organisation.objects.get(cbs_code="GM0856").successor.cbs_code == "GM1991"
    boekel = Organisation.objects.get(cbs_code="GM0755")
    assert boekel.valid_to is None and boekel.successor is None
    on_2019 = Organisation.objects.filter(cbs_code__in=["GM0756", "GM1982"]).valid_on(
        datetime.date(2019, 6, 1)
    )
    assert list(on_2019.values_list("cbs_code", flat=True)) == ["GM0756"]


def test_loading_again_changes_nothing():
    before = Organisation.objects.count()
    events = AuditEvent.objects.count()
    result = reference_data_load()
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == 361
    assert Organisation.objects.count() == before
    assert AuditEvent.objects.count() == events


def test_loading_repairs_a_changed_name_and_records_it():
    Organisation.objects.filter(cbs_code="GM0153").update(name="Enschedé")
    call_command("load_reference_data", verbosity=0)
    assert Organisation.objects.get(cbs_code="GM0153").name == "Enschede"
    event = AuditEvent.objects.filter(action="organisations.reference_data_load").latest("id")
    assert event.changes["updated"] == [None, 1]
