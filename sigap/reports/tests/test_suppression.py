"""Small-cell suppression rules of the leadership recap (pure functions)."""

from __future__ import annotations

from collections import defaultdict

from sigap.reports.suppression import HIDDEN_TEXT, count_cell, median_cell, pair_cells, share_cell


def test_counts_from_1_to_4_are_shown_as_under_5() -> None:
    assert [str(count_cell(n)) for n in (0, 1, 2, 3, 4, 5, 1234)] == ["0", "<5", "<5", "<5", "<5", "5", "1,234"]
    assert count_cell(3).hidden and not count_cell(0).hidden and not count_cell(5).hidden


def test_both_cells_of_a_pair_are_hidden_with_the_same_marker_when_either_is_small() -> None:
    assert [str(c) for c in pair_cells(3, 50)] == [HIDDEN_TEXT, HIDDEN_TEXT]
    assert [str(c) for c in pair_cells(50, 1)] == [HIDDEN_TEXT, HIDDEN_TEXT]
    assert [str(c) for c in pair_cells(2, 3)] == [HIDDEN_TEXT, HIDDEN_TEXT]
    assert [str(c) for c in pair_cells(0, 4)] == [HIDDEN_TEXT, HIDDEN_TEXT]
    assert all(cell.hidden for cell in pair_cells(1, 5))
    assert [str(c) for c in pair_cells(0, 7)] == ["0", "7"]
    assert [str(c) for c in pair_cells(6, 9)] == ["6", "9"]


def test_no_pair_and_its_shown_total_give_a_hidden_count_back() -> None:
    """A reader sees both cells of a pair and their total (e.g. female, male and all victims). For
    every way the page can look, each hidden cell must still have at least two possible values."""
    seen: dict[tuple[str, str, str], set[tuple[int, int]]] = defaultdict(set)
    for first in range(31):
        for second in range(31 - first):
            a, b = pair_cells(first, second)
            seen[(str(a), str(b), str(count_cell(first + second)))].add((first, second))
    leaks = {
        view: pairs
        for view, pairs in seen.items()
        if HIDDEN_TEXT in view[:2] and (len({a for a, _ in pairs}) < 2 or len({b for _, b in pairs}) < 2)
    }
    assert leaks == {}
    # The rule must be doing something: the hidden views do exist.
    assert any(HIDDEN_TEXT in view[:2] for view in seen)


def test_shares_are_hidden_when_either_side_is_small() -> None:
    assert str(share_cell(10, 20)) == "50.0 %"
    assert str(share_cell(20, 20)) == "100.0 %" and str(share_cell(0, 20)) == "0.0 %"
    assert share_cell(3, 20).hidden and share_cell(17, 20).hidden and share_cell(2, 4).hidden
    assert str(share_cell(0, 0)) == HIDDEN_TEXT and not share_cell(0, 0).hidden


def test_medians_of_fewer_than_5_closures_are_hidden() -> None:
    assert median_cell(30.0, 4).hidden and str(median_cell(30.0, 4)) == HIDDEN_TEXT
    assert str(median_cell(30.25, 5)) == "30.2" or str(median_cell(30.25, 5)) == "30.3"
    assert str(median_cell(None, 0)) == HIDDEN_TEXT
