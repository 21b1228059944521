"""One way to show a moment: ``6 Des 2026 12.38 WITA`` in Indonesian, ``6 Dec 2026 12:38 WITA`` in English.

Times are shown in the active time zone (the unit's, set by ``UnitTimezoneMiddleware``) followed by its
Indonesian abbreviation, so a reader in another zone (a leader in WIB) knows which clock is meant. The
template filter ``when`` (a builtin, no ``{% load %}``) and ``day`` (the date alone) are the only ways
templates show a date or a time; ``sigap/core/tests/test_dates.py`` refuses any other.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import formats, timezone

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
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone_abbreviation(zone)}"


def format_day(value: dt.date | None) -> str:
    """``6 Des 2026``: the day alone (a datetime is first moved to the active zone)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")
