"""Working days: Monday to Friday in the unit's time zone, minus the unit's holidays (a hook)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from sigap.accounts.models import Unit
from sigap.work.workdays import add_working_days, is_working_day, set_holiday_provider

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def _no_holiday_provider():
    yield
    set_holiday_provider(None)


def test_three_working_days_from_friday_afternoon_is_wednesday():
    start = datetime(2026, 3, 6, 15, 0, tzinfo=WITA)  # Friday
    due = add_working_days(start, 3)
    assert due.astimezone(WITA) == datetime(2026, 3, 11, 15, 0, tzinfo=WITA)
    assert due.tzinfo == UTC


def test_a_weekend_start_counts_from_monday():
    saturday = datetime(2026, 3, 7, 10, 0, tzinfo=WITA)
    assert add_working_days(saturday, 1).astimezone(WITA) == datetime(2026, 3, 9, 10, 0, tzinfo=WITA)
    assert add_working_days(saturday, 3).astimezone(WITA) == datetime(2026, 3, 11, 10, 0, tzinfo=WITA)


def test_days_are_counted_in_the_units_zone():
    # 23:30 UTC on Friday is already Saturday 07:30 in Makassar: there, + 1 working day is Monday 07:30
    # WITA (Sunday 23:30 UTC); a unit keeping UTC would still be on Friday and land on Monday 23:30 UTC.
    start = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    makassar = Unit(name="x", region_code="64.02", case_number_prefix="X1", time_zone="Asia/Makassar")
    assert add_working_days(start, 1, unit=makassar) == datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    utc_unit = Unit(name="y", region_code="31", case_number_prefix="Y1", time_zone="UTC")
    assert add_working_days(start, 1, unit=utc_unit) == datetime(2026, 3, 9, 23, 30, tzinfo=UTC)


def test_holidays_from_the_hook_are_skipped():
    calls = []

    def provider(unit, start, end):
        calls.append((start, end))
        return {date(2026, 3, 9), date(2026, 3, 10)}

    set_holiday_provider(provider)
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=WITA)
    assert add_working_days(friday, 1).astimezone(WITA) == datetime(2026, 3, 11, 9, 0, tzinfo=WITA)
    assert not is_working_day(date(2026, 3, 9))
    assert len(calls) == 2  # one window for the addition, one for is_working_day


def test_edges():
    start = datetime(2026, 3, 6, 9, 0, tzinfo=WITA)
    assert add_working_days(start, 0) == start
    assert is_working_day(date(2026, 3, 6)) and not is_working_day(date(2026, 3, 7))
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 3, 6, 9, 0), 1)
    with pytest.raises(ValueError):
        add_working_days(start, -1)
    # A long span crosses several holiday windows.
    assert add_working_days(start, 100).astimezone(WITA).date() == date(2026, 7, 24)
