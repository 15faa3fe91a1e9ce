"""Small counts and the totals beside them: nothing that is shown gives a count of 1–4 away."""

import pytest

from dijkwacht.core.suppression import (
    WITHHELD,
    member_count,
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


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([10, 2], WITHHELD),  # the member with 10 would learn the other's 2
        ([10, 5], 15),  # either member is left 5 or 10
        ([12, 0, 0], 12),  # the only member learns nothing it did not know
        ([3, 1], None),  # small itself: "<5"
        ([4, 4, 4], 12),  # each member is left 8
        ([0, 0], 0),
    ],
)
def test_a_count_over_members_leaves_no_member_the_others_small_count(parts, expected):
    assert member_count(parts) == expected


def test_a_protected_total_over_members_shows_only_beside_parts_that_all_show():
    # 7 and 8 are both shown: a total of 15 tells nothing new.
    assert protected_total([7, 8], members=True) == 15
    # 9, 3 and 3 (two suppressed, summing to 6): an onlooker cannot tell 1 + 5 … 3 + 3 apart,
    # but a member with 3 takes its own from the 6 and knows the other's 3.
    assert protected_total([9, 3, 3]) == 15
    assert protected_total([9, 3, 3], members=True) == WITHHELD
    # 3 and 1 read "<5" to an onlooker; the member with 3 would know the other has 1. Any
    # choice between "<5", "×" and a number beside a suppressed part tells members something.
    assert protected_total([3, 1]) is None
    assert protected_total([3, 1], members=True) == WITHHELD
    assert protected_total([9, 2, 3, 4], members=True) == WITHHELD
    assert protected_total([0, 0], members=True) == 0


def test_a_share_is_coarse_and_only_of_enough():
    assert rounded_share(17, 20) == 80
    assert rounded_share(19, 20) == 90
    assert rounded_share(20, 20) == 100
    assert rounded_share(18, 19) is None
