"""Small counts and the totals beside them: nothing that is shown gives a count of 1–4 away."""

import pytest

from dijkwacht.core.suppression import (
    WITHHELD,
    protected_total,
    rounded_share,
    shown,
    suppress,
)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, 0), (1, None), (4, None), (5, 5), (None, None)]
)
def test_counts_of_one_to_four_are_suppressed(count, expected):
    assert suppress(count) == expected


def test_a_suppressed_count_reads_as_less_than_five():
    assert shown(None) == "<5" and shown(7) == "7"
    assert shown(WITHHELD) == "×"  # left out: never "<5"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([7, 6], 13),  # nothing suppressed
        ([7, 2], WITHHELD),  # one suppressed part: the total gives it away
        ([7, 1, 1], WITHHELD),  # two suppressed parts summing to 2: both are 1
        ([7, 4, 4], WITHHELD),  # summing to 8: both are 4
        ([7, 2, 3], 12),  # 5 over two parts: (1, 4), (2, 3), … — none pinned down
        ([2, 2], None),  # a total of 4 is itself small
        ([1, 1, 1, 1], WITHHELD),  # "<5" over four suppressed parts: each is 1
        ([1, 1, 1, 0], None),  # three parts of 1 or 2 in a total below 5: none pinned down
        ([0, 0, 6], 6),  # zeros are shown, and name nobody
    ],
)
def test_a_total_is_left_out_where_it_pins_down_a_suppressed_part(parts, expected):
    assert protected_total(parts) == expected


def test_a_share_is_coarse_and_only_of_enough():
    assert rounded_share(17, 20) == 80
    assert rounded_share(19, 20) == 90
    assert rounded_share(20, 20) == 100
    assert rounded_share(18, 19) is None
