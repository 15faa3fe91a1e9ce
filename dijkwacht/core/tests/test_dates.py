import datetime
import zoneinfo

import pytest
from django.utils import translation

from dijkwacht.core.dates import short_date


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (datetime.date(2026, 11, 24), "24 nov. 2026", "24 Nov 2026"),
        (datetime.date(2026, 10, 3), "3 okt. 2026", "3 Oct 2026"),
        (datetime.date(2026, 5, 3), "3 mei 2026", "3 May 2026"),
        (datetime.date(2026, 3, 31), "31 mrt. 2026", "31 Mar 2026"),
    ],
)
def test_a_short_date_reads_the_dutch_way(value, dutch, english):
    with translation.override("nl"):
        assert short_date(value) == dutch
    with translation.override("en"):
        assert short_date(value) == english


def test_a_moment_is_shown_in_dutch_time_with_its_time_when_asked():
    utc = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("nl"):
        assert short_date(utc) == "1 jan. 2027"
        assert short_date(utc, with_time=True) == "1 jan. 2027 00:30"
    assert short_date(None) == ""
