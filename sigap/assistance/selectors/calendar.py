"""Reads of the appointments calendar (issue #12): the slots of a week or a day, for one viewer.

A calendar is a *scope* (whose sessions and hearings: mine, a case's, an expert's, a room's, the unit's)
read over a window of days in the unit's time zone. Every row set is read once: the sessions in one
query (their case number, room and the slot they moved to joined; whether the viewer may see their case
is an ``EXISTS`` on ``cases_visible_to``), the hearings in another. No encrypted column is loaded: the
calendar shows kind, time, room and case number, never a name nor a place's details.

A session of a case the viewer may not see (an expert's or a room's calendar) is shown as "booked,
another case": its time and room only, so that a free slot can be found without learning anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.legal import Hearing
from sigap.assistance.models.room import room_label
from sigap.assistance.models.session import AccompanimentSession, SessionExpert, SessionStaff, SessionStatus
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.selectors.case import cases_visible_to
from sigap.core.labels import choice_table_of
from sigap.experts.models import Profession

WEEK = "week"
DAY = "day"


@dataclass(frozen=True)
class Window:
    """The days shown: a week from Monday, or one day; ``start``/``end`` bound them in the unit's zone."""

    mode: str
    first: dt.date
    days: list[dt.date]
    start: dt.datetime
    end: dt.datetime
    previous: dt.date
    next: dt.date


def window(day: dt.date, mode: str, zone: dt.tzinfo) -> Window:
    if mode == DAY:
        days = [day]
        step = dt.timedelta(days=1)
    else:
        mode = WEEK
        monday = day - dt.timedelta(days=day.weekday())
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        step = dt.timedelta(days=7)
    start = dt.datetime.combine(days[0], dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Window(mode, days[0], days, start, end, days[0] - step, days[0] + step)


@dataclass(frozen=True)
class Slot:
    """One line of the calendar: a session or a hearing. ``case_number`` is None when the viewer may not
    see the case (then ``label`` says only that the time is booked and ``session_id`` is None)."""

    start: dt.datetime
    end: dt.datetime | None
    label: str
    status: str
    status_label: str
    reason: str
    room: str  # the label in running text (``Room.label``): "ruang Konseling 1" or "Ruang Konseling 1"
    case_number: str | None
    case_id: Any
    session_id: Any
    moved_to: dt.datetime | None
    is_hearing: bool = False
    # A hearing's legal track: its page is open to whoever sees the hearing (both scoped by cases_visible_to).
    track_id: Any = None


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    slots: list[Slot]


@dataclass(frozen=True)
class Scope:
    """Whose calendar: a filter on the sessions and one on the hearings (None: no hearings shown)."""

    sessions: Q
    hearings: Q | None


def mine(user: User) -> Scope:
    """The sessions ``user`` is booked on, and the hearings she goes to or follows (:func:`_hearings_followed`)."""
    return Scope(_booked(user), _hearings_followed(user))


def _hearings_followed(user: User) -> Q:
    """The hearings that are ``user``'s appointments: those of the cases she manages or is on as the HEAD, those
    of the cases whose team she is on as a legal counsellor, and any hearing a session she is booked on
    accompanies. Another expert of the team (a psychologist) reads them on the case's calendar and legal page,
    not in her week (fresh-eyes walk of #12; D54)."""
    team = CaseTeamMember.objects.filter(user=user, is_active=True)
    following = team.filter(team_role__in=[TeamRole.CASE_MANAGER, TeamRole.HEAD]) | team.filter(
        team_role=TeamRole.EXPERT, user__expert_profile__profession=Profession.LEGAL_COUNSELLOR
    )
    return Q(track__case__in=following.values("case_id")) | _booked(user, "accompaniment")


def of_case(case: Case) -> Scope:
    return Scope(Q(case=case), Q(track__case=case))


def of_person(user: User) -> Scope:
    return Scope(_booked(user), None)


def of_room(room_id: int) -> Scope:
    return Scope(Q(room_id=room_id), None)


def of_unit(unit_id: int) -> Scope:
    return Scope(Q(unit_id=unit_id), Q(track__unit_id=unit_id))


def _booked(user: User, field: str = "pk") -> Q:
    """Rows whose ``field`` is a session ``user`` is booked on (as an expert or as staff)."""
    return Q(**{f"{field}__in": SessionExpert.objects.filter(user=user).values("session_id")}) | Q(
        **{f"{field}__in": SessionStaff.objects.filter(user=user).values("session_id")}
    )


def taking_place(start: dt.datetime, end: dt.datetime) -> Q:
    """Sessions shown in [start, end): a held one when it took place (its booking may have been another day,
    even another week), every other one at its planned start (a missed or moved slot stays where it was)."""
    return Q(status=SessionStatus.HELD, actual_start__gte=start, actual_start__lt=end) | (
        ~Q(status=SessionStatus.HELD) & Q(planned_start__gte=start, planned_start__lt=end)
    )


# The columns of a session the calendar shows, read as tuples: a unit's week at 1M cases is a few hundred rows,
# and three model instances per row (session, case, room, moved-to slot) were half of the page's Python.
_SESSION_COLUMNS = (
    "pk",
    "kind",
    "status",
    "not_held_reason",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "case_id",
    "case__number",
    "room__name",
    "rescheduled_to__planned_start",
    "visible",
)


def _sessions(viewer: User, unit_id: int, scope: Scope, win: Window) -> list[Slot]:
    rows = (
        AccompanimentSession.objects.filter(scope.sessions, unit_id=unit_id)
        .filter(taking_place(win.start, win.end))
        .annotate(visible=Exists(cases_visible_to(viewer).filter(pk=OuterRef("case_id"))))
        .order_by("planned_start", "pk")
        .values_list(*_SESSION_COLUMNS)
    )
    kinds, statuses, reasons = (
        choice_table_of(AccompanimentSession, name) for name in ("kind", "status", "not_held_reason")
    )
    booked = _("Booked (another case)")
    slots = []
    for (
        pk,
        kind,
        status,
        reason,
        planned_start,
        planned_end,
        actual_start,
        actual_end,
        case_id,
        number,
        room,
        moved,
        visible,
    ) in rows:
        held = status == SessionStatus.HELD and actual_start is not None
        slots.append(
            Slot(
                start=actual_start if held else planned_start,
                end=actual_end if held and actual_end else planned_end,
                label=str(kinds.get(kind, kind)) if visible else booked,
                status=status,
                status_label=str(statuses.get(status, status)),
                reason=str(reasons.get(reason, reason)) if visible and reason else "",
                room=room_label(room) if room is not None else "",
                case_number=number if visible else None,
                case_id=case_id if visible else None,
                session_id=pk if visible else None,
                moved_to=moved if visible else None,
            )
        )
    return slots


def _hearings(viewer: User, scope: Scope, win: Window) -> list[Slot]:
    if scope.hearings is None:
        return []
    # Which hearing of its track it is ("no. 2"): the agenda would say more, but it is encrypted free text
    # (it may name a witness) and a calendar loads none (D45, D54).
    earlier = (
        Hearing.objects.filter(track=OuterRef("track"))
        .filter(Q(starts_at__lt=OuterRef("starts_at")) | Q(starts_at=OuterRef("starts_at"), pk__lte=OuterRef("pk")))
        .order_by()
        .values("track")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Hearing.objects.filter(scope.hearings, track__case__in=cases_visible_to(viewer))
        .filter(starts_at__gte=win.start, starts_at__lt=win.end)
        .annotate(number=Subquery(earlier))
        .order_by("starts_at", "pk")
        .values_list("starts_at", "track_id", "track__case_id", "track__case__number", "number")
    )
    return [
        Slot(
            start=starts_at,
            end=None,
            label=_("Court hearing no. %(n)d") % {"n": number or 1},
            status="HEARING",
            status_label="",
            reason="",
            room="",
            case_number=case_number,
            case_id=case_id,
            session_id=None,
            moved_to=None,
            is_hearing=True,
            track_id=track_id,
        )
        for starts_at, track_id, case_id, case_number, number in rows
    ]


def calendar_days(viewer: User, unit_id: int, scope: Scope, win: Window, zone: dt.tzinfo) -> list[CalendarDay]:
    """The window's days, each with its slots in time order (two queries whatever the number of rows)."""
    by_day: dict[dt.date, list[Slot]] = {day: [] for day in win.days}
    slots: Iterable[Slot] = [*_sessions(viewer, unit_id, scope, win), *_hearings(viewer, scope, win)]
    for slot in sorted(slots, key=lambda s: s.start):
        day = slot.start.astimezone(zone).date()
        by_day.setdefault(day, []).append(slot)
    return [CalendarDay(day, by_day[day]) for day in win.days if day in by_day]
