"""One way to show a moment: ``6 Des 2026 12.38 WITA`` in Indonesian, ``6 Dec 2026 12:38 WITA`` in English.

Times are shown in the active time zone (the unit's, set by ``UnitTimezoneMiddleware``) followed by its
Indonesian abbreviation, so a reader in another zone (a leader in WIB) knows which clock is meant. The
template filter ``when`` (a builtin, no ``{% load %}``) and ``day`` (the date alone) are the only ways
templates show a date or a time; ``sigap/core/tests/test_dates.py`` refuses any other.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from functools import lru_cache

from django.utils import formats, timezone, translation
from django.utils.translation import get_language

# The three Indonesian time zones (UU: Keppres 41/1987); Pontianak keeps Western time.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_abbreviation(zone: dt.tzinfo | None = None) -> str:
    """WIB / WITA / WIT for the active (or given) zone; the zone's own abbreviation elsewhere."""
    zone = zone or timezone.get_current_timezone()
    key = getattr(zone, "key", None) or str(zone)
    if key in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[key]
    return dt.datetime.now(zone).tzname() or key


def format_when(value: dt.datetime | None, zone: dt.tzinfo | zoneinfo.ZoneInfo | None = None) -> str:
    """``6 Des 2026 12.38 WITA``: the moment in ``zone`` (default: the active zone), in the active language."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return format_day(value)
    zone = zone or timezone.get_current_timezone()
    local = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    return (
        f"{_minute_text(get_language(), local.replace(second=0, microsecond=0, tzinfo=None))} {zone_abbreviation(zone)}"
    )


@lru_cache(maxsize=8192)
def _minute_text(language: str | None, minute: dt.datetime) -> str:
    """A local minute's text in a language, formatted once (~100 calls each, issue #22). ``DATETIME_FORMAT`` shows
    the day, hour and minute only ("j M Y H.i", sigap/formats): the seconds and zone dropped from the key change
    nothing (``sigap/core/tests/test_dates.py`` checks it against Django's own formatting)."""
    with translation.override(language):
        return formats.date_format(minute, "DATETIME_FORMAT")


def format_day(value: dt.date | None) -> str:
    """``6 Des 2026``: the day alone (a datetime is first moved to the active zone)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # ``DATE_FORMAT`` ("j M Y" in both languages, sigap/formats) writes the day alone: the local date's text.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return _day_text(get_language(), value)


def day_writer() -> Callable[[dt.date | None], str]:
    """``format_day`` for the many days of one page (a list's rows): the language and zone read once."""
    language, zone = get_language(), timezone.get_current_timezone()

    def write(value: dt.date | None) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = (value.astimezone(zone) if timezone.is_aware(value) else value).date()
        return _day_text(language, value)

    return write


@lru_cache(maxsize=8192)
def _day_text(language: str | None, day: dt.date) -> str:
    """A day's text in a language, formatted once (a list of 25 rows formats ~25 days: ~100 calls each, #22)."""
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")
