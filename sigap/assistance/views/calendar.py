"""Calendar pages (issue #12): my week, a case's, an expert's, a room's and the whole unit's, by week or by
day. Thin views: the scope comes from a getter that answers 404 outside the user's unit or cases, the
rows from :mod:`sigap.assistance.selectors.calendar` (kind, time, room and case number; no names).

``?hari=YYYY-MM-DD`` picks the day (today when missing or malformed), ``?tampilan=hari`` the day view.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.accounts.models import Membership, Role, User
from sigap.accounts.request import StaffRequest
from sigap.assistance.models.room import Room
from sigap.assistance.selectors import calendar as cal
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.models.case import OPEN_STATES
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.core.dates import zone_abbreviation

MINE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
PLANNER_ROLES = (Role.HEAD, Role.CASE_MANAGER)
# The cases offered by "book a session" on my week: the open cases of my team, a short list.
BOOK_LIMIT = 30


def _window(request: StaffRequest) -> cal.Window:
    zone = timezone.get_current_timezone()
    try:
        day = dt.date.fromisoformat(request.GET.get("hari", ""))
    except ValueError:
        day = timezone.localdate()
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1):
        day = timezone.localdate()
    mode = cal.DAY if request.GET.get("tampilan") == "hari" else cal.WEEK
    return cal.window(day, mode, zone)


def _unit_id(request: StaffRequest) -> int:
    membership = request.user.membership
    if membership is None:
        raise Http404
    return int(membership.unit_id)


def _render(
    request: StaffRequest, *, title: str, scope: cal.Scope, unit_id: int, extra: dict[str, Any] | None = None
) -> HttpResponse:
    win = _window(request)
    days = cal.calendar_days(request.user, unit_id, scope, win, timezone.get_current_timezone())
    context = {
        "title": title,
        "win": win,
        "days": days,
        "is_day": win.mode == cal.DAY,
        "today": timezone.localdate(),
        "path": request.path,
        "zone_name": zone_abbreviation(),
        **(extra or {}),
    }
    return render(request, "assistance/calendar.html", context)


def _bookable_cases(user: User) -> list[Case]:
    """The open cases whose team the user is on: where "book a session" may lead (one query)."""
    ids = CaseTeamMember.objects.filter(user=user, is_active=True).values("case_id")
    return list(
        Case.objects.filter(pk__in=ids, state__in=OPEN_STATES)
        .only("pk", "number", "state")
        .order_by("-opened_at")[:BOOK_LIMIT]
    )


def _others(request: StaffRequest, unit_id: int) -> dict[str, Any]:
    """The other calendars a HEAD or case manager may open: the unit's experts and rooms (two queries)."""
    if request.user.membership is None or request.user.membership.role not in PLANNER_ROLES:
        return {}
    experts = User.objects.filter(
        memberships__unit_id=unit_id, memberships__role=Role.EXPERT, memberships__is_active=True, is_active=True
    ).order_by("full_name", "pk")
    rooms = Room.objects.filter(unit_id=unit_id, active=True).order_by("name", "pk")
    return {"other_experts": list(experts.only("pk", "full_name", "username")), "other_rooms": list(rooms)}


@staff_view(*MINE_ROLES)
@require_GET
def calendar_mine(request: StaffRequest) -> HttpResponse:
    unit_id = _unit_id(request)
    return _render(
        request,
        title=_("My week"),
        scope=cal.mine(request.user),
        unit_id=unit_id,
        extra={"book_cases": _bookable_cases(request.user), **_others(request, unit_id)},
    )


@staff_view(*MINE_ROLES)
@require_GET
def calendar_case(request: StaffRequest, case_id: Any) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    return _render(
        request,
        title=_("Calendar of case %(number)s") % {"number": case.number},
        scope=cal.of_case(case),
        unit_id=case.unit_id,
        extra={"case": case, "book_cases": [case] if case.is_open else []},
    )


@staff_view(*PLANNER_ROLES)
@require_GET
def calendar_person(request: StaffRequest, user_id: int) -> HttpResponse:
    unit_id = _unit_id(request)
    member = Membership.objects.filter(user_id=user_id, unit_id=unit_id, is_active=True).select_related("user").first()
    if member is None:
        raise Http404
    name = member.user.full_name or member.user.username
    return _render(
        request,
        title=_("Calendar of %(name)s") % {"name": name},
        scope=cal.of_person(member.user),
        unit_id=unit_id,
        extra=_others(request, unit_id),
    )


@staff_view(*PLANNER_ROLES)
@require_GET
def calendar_room(request: StaffRequest, room_id: int) -> HttpResponse:
    unit_id = _unit_id(request)
    room = Room.objects.filter(pk=room_id, unit_id=unit_id).first()
    if room is None:
        raise Http404
    return _render(
        request,
        title=_("Calendar of the room %(name)s") % {"name": room.name},
        scope=cal.of_room(room.pk),
        unit_id=unit_id,
        extra=_others(request, unit_id),
    )


@staff_view(Role.HEAD)
@require_GET
def calendar_unit(request: StaffRequest) -> HttpResponse:
    unit_id = _unit_id(request)
    return _render(
        request,
        title=_("Calendar of the unit"),
        scope=cal.of_unit(unit_id),
        unit_id=unit_id,
        extra=_others(request, unit_id),
    )
