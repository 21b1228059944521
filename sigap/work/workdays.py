"""Working days for "within 3 working days" clocks.

A working day is Monday to Friday, in the unit's time zone, minus the unit's holidays. The holiday
list is a hook (``holidays_for``) that returns nothing yet: a later issue adds national holidays and
cuti bersama per unit, and every clock computed through here follows without further change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from sigap.accounts.models import Unit

HolidayProvider = Callable[[Unit | None, date, date], set[date]]


def _no_holidays(unit: Unit | None, start: date, end: date) -> set[date]:
    return set()


_holiday_provider: HolidayProvider = _no_holidays


def set_holiday_provider(provider: HolidayProvider | None) -> None:
    """Install the function that lists a unit's holidays between two dates (None: back to none)."""
    global _holiday_provider
    _holiday_provider = provider or _no_holidays


def holidays_for(unit: Unit | None, start: date, end: date) -> set[date]:
    """The unit's non-working dates from ``start`` to ``end`` (inclusive), weekends excluded."""
    return _holiday_provider(unit, start, end)


def _zone(unit: Unit | None) -> ZoneInfo:
    return unit.zone if unit is not None else ZoneInfo(settings.TIME_ZONE)


def is_working_day(day: date, *, unit: Unit | None = None) -> bool:
    return day.weekday() < 5 and day not in holidays_for(unit, day, day)


def add_working_days(start: datetime, days: int, *, unit: Unit | None = None) -> datetime:
    """``start`` moved to the ``days``-th working day after its date, at the same local time of day.

    Counted in the unit's time zone: a complaint of Friday 15:00 WITA with 3 working days is due on
    Wednesday 15:00 WITA; one of Saturday 10:00 on Wednesday 10:00 (Monday is the first working day
    after Saturday). Zero days returns ``start`` unchanged. The result is aware, in UTC.
    """
    if timezone.is_naive(start):
        raise ValueError("start must be timezone-aware")
    if days < 0:
        raise ValueError("days cannot be negative")
    if days == 0:
        return start
    zone = _zone(unit)
    local = start.astimezone(zone)
    day = local.date()
    # Holidays are fetched per window (one query at most, later) rather than once per day.
    window_end = day
    holidays: set[date] = set()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if day > window_end:
            window_end = day + timedelta(days=days * 2 + 14)
            holidays |= holidays_for(unit, day, window_end)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    # The local wall-clock time is kept; zoneinfo resolves DST gaps (none in Indonesia).
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)
