"""Small-cell suppression rules of the leadership recap (pure functions)."""

from __future__ import annotations

from sigap.reports.suppression import HIDDEN_TEXT, SMALL_TEXT, count_cell, median_cell, pair_cells, share_cell


def test_counts_from_1_to_4_are_shown_as_under_5() -> None:
    assert [str(count_cell(n)) for n in (0, 1, 2, 3, 4, 5, 1234)] == ["0", "<5", "<5", "<5", "<5", "5", "1,234"]
    assert count_cell(3).hidden and not count_cell(0).hidden and not count_cell(5).hidden


def test_the_partner_of_a_small_cell_is_hidden_too() -> None:
    assert [str(c) for c in pair_cells(3, 50)] == [SMALL_TEXT, HIDDEN_TEXT]
    assert [str(c) for c in pair_cells(50, 1)] == [HIDDEN_TEXT, SMALL_TEXT]
    assert [str(c) for c in pair_cells(2, 3)] == [SMALL_TEXT, SMALL_TEXT]
    assert [str(c) for c in pair_cells(0, 7)] == ["0", "7"]
    assert [str(c) for c in pair_cells(6, 9)] == ["6", "9"]


def test_shares_are_hidden_when_either_side_is_small() -> None:
    assert str(share_cell(10, 20)) == "50.0 %"
    assert str(share_cell(20, 20)) == "100.0 %" and str(share_cell(0, 20)) == "0.0 %"
    assert share_cell(3, 20).hidden and share_cell(17, 20).hidden and share_cell(2, 4).hidden
    assert str(share_cell(0, 0)) == HIDDEN_TEXT and not share_cell(0, 0).hidden


def test_medians_of_fewer_than_5_closures_are_hidden() -> None:
    assert median_cell(30.0, 4).hidden and str(median_cell(30.0, 4)) == HIDDEN_TEXT
    assert str(median_cell(30.25, 5)) == "30.2" or str(median_cell(30.25, 5)) == "30.3"
    assert str(median_cell(None, 0)) == HIDDEN_TEXT
