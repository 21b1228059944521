"""``when`` and ``day``: the one date format of the templates (a builtin: see TEMPLATES in settings)."""

from __future__ import annotations

import datetime as dt

from django import template

from sigap.core.dates import format_day, format_when

register = template.Library()


@register.filter
def when(value: dt.datetime | None) -> str:
    """``6 Des 2026 12.38 WITA`` in the active language and zone."""
    return format_when(value)


@register.filter
def day(value: dt.date | None) -> str:
    """``6 Des 2026``."""
    return format_day(value)
