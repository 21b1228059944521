"""Small-cell suppression of the LEADERSHIP recap (re-identification risk in small regencies).

A count of 1 to 4 victims or cases of one regency in one period can point at a person people know
("the only girl from that district this year"). Leaders see aggregates only (ARCHITECTURE §3), so:

- **primary**: a count from 1 to 4 is shown as ``<5`` (0 is shown: an empty cell tells nothing about a person);
- **secondary, pairs**: two cells that add up to a figure shown elsewhere (female + male victims,
  children + adults, open + closed cases = all cases) are hidden together: when either of them is 1–4,
  *both* are shown as ``—``. Otherwise "total minus the other" would give the hidden figure back; and two
  different markers would too (``<5`` and ``—`` next to a total of 6 can only be 1 and 5; ``<5`` twice
  next to a total of 8 can only be 4 and 4). With the same marker on both, every total leaves at least
  two possibilities for each cell (``test_suppression`` checks every pair up to 30);
- **shares and medians**: the KDRT share is hidden when the KDRT cases or the other cases are 1–4
  (either would be given back by share × total); the median days to closure is hidden when fewer than
  5 cases were closed (it would describe one or two known cases).

The page and its CSV show exactly the same strings. Totals across units are not shown next to the
per-unit cells, so a suppressed cell cannot be worked out by subtraction either, and the recap covers
whole years only (a year minus its shown months would give a hidden month back). Limits: the current
year grows, so a reader who compares the recap of this year on two days learns the figures of the cases
reported in between (a week of one regency can be small); the unit recap of a unit's own HEAD and data
officer is not suppressed (they hold the case files anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

SMALL_MIN = 1
SMALL_MAX = 4
SMALL_TEXT = "<5"
HIDDEN_TEXT = "—"


def is_small(count: int) -> bool:
    return SMALL_MIN <= count <= SMALL_MAX


def shown(count: int) -> str:
    """A count as the leadership page shows it (primary suppression), in the active language's format."""
    return SMALL_TEXT if is_small(count) else formats.number_format(count, force_grouping=True)


@dataclass(frozen=True)
class Cell:
    """One figure of the leadership recap: what is shown, and whether it was hidden."""

    text: str
    hidden: bool = False

    def __str__(self) -> str:
        return self.text


def count_cell(count: int) -> Cell:
    return Cell(shown(count), hidden=is_small(count))


def pair_cells(first: int, second: int) -> tuple[Cell, Cell]:
    """Two counts whose sum is visible elsewhere: when either is small, both are shown as ``—``."""
    if is_small(first) or is_small(second):
        return Cell(HIDDEN_TEXT, hidden=True), Cell(HIDDEN_TEXT, hidden=True)
    return count_cell(first), count_cell(second)


def share_cell(part: int, total: int) -> Cell:
    """``part`` of ``total`` as a percentage with one decimal ("61,2 %"), hidden when either side is small."""
    if total == 0:
        return Cell(HIDDEN_TEXT)
    if is_small(part) or is_small(total - part) or is_small(total):
        return Cell(HIDDEN_TEXT, hidden=True)
    return Cell(f"{formats.number_format(round(100 * part / total, 1), decimal_pos=1)} %")


def median_cell(days: float | None, closed: int) -> Cell:
    """The median days to closure, hidden when it describes fewer than 5 closed cases."""
    if days is None or closed == 0:
        return Cell(HIDDEN_TEXT)
    if closed <= SMALL_MAX:
        return Cell(HIDDEN_TEXT, hidden=True)
    return Cell(formats.number_format(round(days, 1), decimal_pos=1))
