"""The "<5" rule: 1-4 hidden, 0 and 5 or more shown, and no hidden count that the total
gives back."""

import pytest

from webapp.reports.privacy import mask, protect_line


def hidden(shown: dict) -> dict:
    return {key: cell.hidden for key, cell in shown.items() if cell.hidden}


@pytest.mark.parametrize(("count", "is_hidden"), [(0, False), (1, True), (4, True), (5, False)])
def test_one_count_on_its_own(count, is_hidden):
    cell = mask(count)
    assert cell.value == count and (cell.hidden == "low") is is_hidden


def test_a_line_without_small_counts_is_shown_as_it_is():
    assert hidden(protect_line({"ar": 20, "so": 30, "ti": 0})) == {}


def test_one_small_count_hides_the_next_smallest_too():
    # Without it, the total 30 minus 20 and 7 would give the 3 back.
    assert hidden(protect_line({"ar": 20, "so": 7, "ti": 3, "uk": 0})) == {
        "ti": "low",
        "so": "complement",
    }


def test_more_is_hidden_while_the_hidden_sum_still_tells_too_much():
    # 3 and 5 hidden would sum to 8: the small one could then only be 1-3, not any of 1-4.
    assert hidden(protect_line({"ar": 20, "so": 5, "ti": 3})) == {
        "ti": "low",
        "so": "complement",
        "ar": "complement",
    }


def test_two_small_counts_that_could_be_split_any_way_need_no_more():
    assert hidden(protect_line({"ar": 30, "so": 2, "ti": 3})) == {"so": "low", "ti": "low"}


def test_two_ones_would_give_each_other_away():
    assert hidden(protect_line({"ar": 30, "so": 1, "ti": 1})) == {
        "so": "low",
        "ti": "low",
        "ar": "complement",
    }


def test_zero_is_never_hidden_and_never_used_as_cover():
    line = protect_line({"a": 0, "b": 2, "c": 9})
    assert line["a"].exact and line["a"].value == 0
    assert hidden(line) == {"b": "low", "c": "complement"}
