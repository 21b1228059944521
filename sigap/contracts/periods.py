"""The periods of a contract: three calendar months from its start, the last clipped to its end (pure dates).

A contract starting mid-month keeps its day (15 Feb → 15 Feb–14 May, 15 May–14 Aug …); a day the month lacks
falls back to the month's last (31 Jan → 30 Apr …). A contract lies inside its fiscal year, so no period crosses
31 December: the last period of a contract starting in November is two months long, and the next year's
contract starts its own first period on its own start (the fiscal-year boundary, D-decision in docs).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS_PER_PERIOD = 3
# The evaluation work item falls this many days before a period ends (issue #13).
EVALUATION_LEAD_DAYS = 14


@dataclass(frozen=True)
class PeriodDates:
    number: int
    start: dt.date
    end: dt.date
    is_last: bool


def add_months(day: dt.date, months: int, *, anchor: int | None = None) -> dt.date:
    """``day`` plus ``months`` calendar months, on day ``anchor`` (default ``day.day``) or the month's last."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    wanted = anchor or day.day
    return dt.date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def period_dates(start: dt.date, end: dt.date) -> list[PeriodDates]:
    """Every period of a contract from ``start`` to ``end`` (inclusive)."""
    periods: list[PeriodDates] = []
    number, begin = 1, start
    while begin <= end:
        following = add_months(start, MONTHS_PER_PERIOD * number, anchor=start.day)
        stop = min(following - dt.timedelta(days=1), end)
        periods.append(PeriodDates(number, begin, stop, is_last=following > end))
        number, begin = number + 1, following
    return periods


def period_of(start: dt.date, end: dt.date, number: int) -> PeriodDates | None:
    """Period ``number`` of the contract (None past its last)."""
    return next((p for p in period_dates(start, end) if p.number == number), None)
