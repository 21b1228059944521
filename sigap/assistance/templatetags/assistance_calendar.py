"""Filters and the slots' rows of the calendar pages: the clock time of a slot and the weekday of a day, in the
active language, and ``{% calendar_slot_rows slots %}``, a day's table rows written in Python.

The calendar lists the slots of a day under the day's heading (``day``): a slot shows only its clock time,
in the active time zone (the unit's), whose abbreviation the page names once.

A unit's week at 1M cases holds a few hundred slots; through the template engine each cost ~250 Python calls
(variable lookups, ``{% if %}`` nodes, a ``{% url %}`` and escaping through the engine), a third of the page
(issue #22's discipline, as ``cases.templatetags.case_list``). Every value is escaped; the HTML is the same as
the template's was (``test_calendar_rows.py`` renders both for any slot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape as html_escape

from django import template
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sigap.assistance.selectors.calendar import Slot
from sigap.core.dates import format_when
from sigap.core.links import url_writer

register = template.Library()


@register.filter
def clock(value: dt.datetime | None) -> str:
    """``14.30`` in Indonesian, ``14:30`` in English: the time of day alone."""
    if value is None:
        return ""
    return str(formats.time_format(timezone.localtime(value), "TIME_FORMAT"))


# Time formats written directly (``H.i``, ``H:i``: Sigap's own, sigap/formats); any other goes through Django.
_CLOCK_SEPARATORS = {"H.i": ".", "H:i": ":"}


def clock_writer() -> Callable[[dt.datetime | None], str]:
    """:func:`clock` for the many slots of one page: the format and the zone read once."""
    zone = timezone.get_current_timezone()
    separator = _CLOCK_SEPARATORS.get(str(formats.get_format("TIME_FORMAT")))
    if separator is None:
        return clock

    def write(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        local = value.astimezone(zone) if timezone.is_aware(value) else value
        return f"{local.hour:02d}{separator}{local.minute:02d}"

    return write


@register.filter
def weekday(value: dt.date) -> str:
    """``Senin`` / ``Monday``."""
    return str(WEEKDAYS[value.weekday()])


def escape(value: object) -> str:
    return html_escape(str(value))


@register.simple_tag
def calendar_slot_rows(slots: Sequence[Slot]) -> SafeString:
    """The ``<tr>`` of each slot of a day, each after a newline and its indentation, as the template wrote them."""
    session_url = url_writer("assistance:session_detail")
    track_url = url_writer("assistance:legal_track_go")
    another_case = escape(_("another case"))
    clock_of = clock_writer()
    out = []
    for s in slots:
        held = s.status == "HELD"
        times = escape(clock_of(s.start)) + (f"–{escape(clock_of(s.end))}" if s.end else "")
        label = escape(s.label)
        if s.session_id:
            what = f'<a href="{session_url(s.session_id)}">{label}</a>'
        elif s.track_id:
            what = f'<a href="{track_url(s.track_id)}" class="calendar-hearing">{label}</a>'
        else:
            what = label
        room = f'<div class="small">{escape(s.room)}</div>' if s.room else ""
        status = ""
        if s.status_label:
            shown = escape(s.status_label)
            status = f'<span class="badge text-bg-success">{shown}</span>' if held else shown
            if s.reason:
                status += f" ({escape(s.reason)})"
            if s.moved_to:
                status += " · " + _("moved to %(to)s") % {"to": escape(format_when(s.moved_to))}
            status = f'<div class="small">{status}</div>'
        case = escape(s.case_number) if s.case_number else another_case
        out.append(
            f'\n    <tr class="calendar-slot{" calendar-held" if held else ""}">\n'
            f'      <td class="text-nowrap">{times}</td>\n'
            f"      <td>{what}\n        {room}\n        {status}</td>\n"
            f'      <td class="text-break">{case}</td>\n'
            "    </tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
