"""Reach as the evidence a scan's norm asks for, and as an indicator on the map."""

import datetime

import pytest
from django.utils import timezone

from dijkwacht.awareness import selectors
from dijkwacht.awareness.models import TargetGroup
from dijkwacht.awareness.services import sizes_save
from dijkwacht.insights import maps
from dijkwacht.insights.dashboard import Reader
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_staff():
    return TargetGroup.objects.get(code="nieuwe-medewerkers")


def _size(twente, organisation, group, size, days_ago=90):
    sizes_save(actor=None, partnership=twente, organisation=organisation,
               valid_from=timezone.localdate() - datetime.timedelta(days=days_ago),
               sizes={group.pk: size})  # fmt: skip


def test_the_evidence_says_the_share_the_size_or_that_the_size_is_out_of_date(
    twente, enschede, new_staff
):
    vulnerable = TargetGroup.objects.get(code="kwetsbare-functies")
    _size(twente, enschede, new_staff, 8)
    _size(twente, enschede, vulnerable, 200, days_ago=400)
    _size(twente, enschede, vulnerable, 50, days_ago=10)  # the size on the day holds
    make_activity(twente, enschede, groups=("nieuwe-medewerkers", "kwetsbare-functies"),
                  days_ago=(20,), came={(enschede, "nieuwe-medewerkers"): 9,
                                        (enschede, "kwetsbare-functies"): 5})  # fmt: skip
    said = dict(
        selectors.reach_evidence(
            enschede.pk, {"nieuwe-medewerkers", "kwetsbare-functies"}, timezone.localdate()
        )
    )
    assert said == {
        "nieuwe-medewerkers": "Nieuwe medewerkers: 9 bereikt, meer dan de omvang van 8 "
        "(klopt de omvang nog?)",
        "kwetsbare-functies": "Medewerkers in kwetsbare functies: 10% bereikt (5 van 50)",
    }
    # A size of 0 is a group nobody is in: no share of it.
    council = TargetGroup.objects.get(code="raad")
    _size(twente, enschede, council, 0)
    assert dict(selectors.reach_evidence(enschede.pk, {"raad"}, timezone.localdate())) == {
        "raad": "Gemeenteraad of Provinciale Staten: 0 bereikt; de ingevulde omvang is 0"
    }
    # On a day before the session, nobody was reached yet.
    earlier = timezone.localdate() - datetime.timedelta(days=30)
    assert dict(selectors.reach_evidence(enschede.pk, {"nieuwe-medewerkers"}, earlier)) == {
        "nieuwe-medewerkers": "Nieuwe medewerkers: 0% bereikt (0 van 8)"
    }


def test_reach_is_a_map_indicator_per_group_with_a_size(
    twente, enschede, hengelo, viewer, new_staff
):
    _size(twente, enschede, new_staff, 40)
    make_activity(twente, enschede, organisations=[hengelo], days_ago=(5,),
                  came={(enschede, "nieuwe-medewerkers"): 10,
                        (hengelo, "nieuwe-medewerkers"): 4})  # fmt: skip
    reader = Reader(viewer, twente, timezone.now())
    offered = {i.key: i for i in maps.indicators_for(reader, maps.PARTNERSHIP)}
    assert "bereik-nieuwe-medewerkers" in offered  # a viewer reads reach too
    assert "bereik-raad" not in offered  # no member gave the council's size
    indicator = offered["bereik-nieuwe-medewerkers"]
    assert indicator.name == "Bereik bewustwording: Nieuwe medewerkers"
    values = indicator.values(reader, maps.PARTNERSHIP)
    assert values[enschede.pk] == maps.Value(25.0, "25%")
    assert values[hengelo.pk] == maps.Value(None, "omvang onbekend")
