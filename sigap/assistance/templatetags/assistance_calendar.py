"""Filters of the calendar pages: the clock time of a slot and the weekday of a day, in the active language.

The calendar lists the slots of a day under the day's heading (``day``): a slot shows only its clock time,
in the active time zone (the unit's), whose abbreviation the page names once.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS

register = template.Library()


@register.filter
def clock(value: dt.datetime | None) -> str:
    """``14.30`` in Indonesian, ``14:30`` in English: the time of day alone."""
    if value is None:
        return ""
    return str(formats.time_format(timezone.localtime(value), "TIME_FORMAT"))


@register.filter
def weekday(value: dt.date) -> str:
    """``Senin`` / ``Monday``."""
    return str(WEEKDAYS[value.weekday()])
