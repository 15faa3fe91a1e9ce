from dijkwacht.core.ordering import natural_key


def test_numbers_in_labels_sort_as_numbers():
    labels = ["Deelnemer 10", "Deelnemer 2", "deelnemer 1", "Almelo", "Deelnemer 11a"]
    assert sorted(labels, key=natural_key) == [
        "Almelo", "deelnemer 1", "Deelnemer 2", "Deelnemer 10", "Deelnemer 11a",
    ]  # fmt: skip


def test_a_number_and_a_word_in_the_same_place_still_compare():
    assert sorted(["2e ronde", "Eerste ronde", "10e ronde"], key=natural_key) == [
        "2e ronde", "10e ronde", "Eerste ronde",
    ]  # fmt: skip


def test_digits_that_are_no_numbers_are_text():
    assert sorted(["m3²", "m2"], key=natural_key) == ["m2", "m3²"]
