"""The iCalendar feed of one user (calendar, issue #12), written by hand (RFC 5545: CRLF, lines folded at 75
octets, text escaped); no package is needed for so little.

The feed holds ONLY, per event: "Sesi pendampingan" or "Sidang", the case number and the room of the unit
office. No name, no place details (police station, court, address), no notes: a phone's calendar is synced
to servers the unit does not control. Events: the sessions the user is booked on and the hearings of the
cases whose team she is on, from four weeks back to twelve weeks ahead. A cancelled or moved slot is sent
with ``STATUS:CANCELLED`` so that the phone drops it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.feed import CalendarFeed
from sigap.assistance.models.legal import Hearing
from sigap.assistance.models.session import AccompanimentSession, SessionStatus
from sigap.assistance.selectors.calendar import mine, taking_place
from sigap.assistance.services.feed import token_hash

PAST = dt.timedelta(weeks=4)
AHEAD = dt.timedelta(weeks=12)
HEARING_LENGTH = dt.timedelta(hours=2)  # a hearing has a start only; phones need an end


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of an active user for this token, else None (unknown, revoked, or a left user)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


def live_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued on lines starting with one space."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # a continuation line starts with the space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, start: dt.datetime, end: dt.datetime, summary: str, location: str, cancelled: bool) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{_escape(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if cancelled:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def feed_ics(user: User) -> str:
    """The VCALENDAR text of ``user``'s feed (two queries)."""
    now = timezone.now()
    scope = mine(user)
    sessions = (
        AccompanimentSession.objects.filter(scope.sessions)
        .filter(taking_place(now - PAST, now + AHEAD))
        .select_related("case", "room")
        .only(
            "pk", "status", "planned_start", "planned_end", "actual_start", "actual_end", "case__number", "room__name"
        )
        .order_by("planned_start", "pk")
    )
    hearings = (
        Hearing.objects.filter(
            scope.hearings if scope.hearings is not None else Q(pk__in=[]),
            starts_at__gte=now - PAST,
            starts_at__lt=now + AHEAD,
        )
        .select_related("track__case")
        .only("pk", "starts_at", "track__case__number")
        .order_by("starts_at", "pk")
    )
    host = "sigap"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sigap//Kalender pendampingan//ID", "CALSCALE:GREGORIAN"]
    with translation.override(settings.LANGUAGE_CODE):
        lines.append(f"X-WR-CALNAME:{_escape(_('Sigap: my week'))}")
        for s in sessions:
            summary = f"{_('Accompaniment session')} · {s.case.number}"
            room = s.room.name if s.room is not None else ""
            cancelled = s.status in (SessionStatus.CANCELLED, SessionStatus.NOT_HELD)
            # A held session moves on the phone to when it really took place, as on the week pages.
            begin, end = s.planned_start, s.planned_end
            if s.status == SessionStatus.HELD and s.actual_start is not None and s.actual_end is not None:
                begin, end = s.actual_start, s.actual_end
            lines += _event(f"session-{s.pk}@{host}", begin, end, summary, room, cancelled)
        for h in hearings:
            summary = f"{_('Hearing')} · {h.track.case.number}"
            lines += _event(f"hearing-{h.pk}@{host}", h.starts_at, h.starts_at + HEARING_LENGTH, summary, "", False)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
