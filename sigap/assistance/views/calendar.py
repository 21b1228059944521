"""Calendar pages (issue #12): my week, a case's, an expert's, a room's and the whole unit's, by week or by
day. Thin views: the scope comes from a getter that answers 404 outside the user's unit or cases, the
rows from :mod:`sigap.assistance.selectors.calendar` (kind, time, room and case number; no names).

``?hari=YYYY-MM-DD`` picks the day (today when missing or malformed), ``?tampilan=hari`` the day view.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Membership, Role, User
from sigap.accounts.request import StaffRequest
from sigap.assistance.models.feed import CalendarFeed
from sigap.assistance.models.room import Room
from sigap.assistance.models.session import SessionExpert, SessionStaff
from sigap.assistance.selectors import calendar as cal
from sigap.assistance.selectors.feed import feed_for_token, feed_ics, live_feed_of
from sigap.assistance.selectors.session import get_session_for_user
from sigap.assistance.services.feed import calendar_feed_create, calendar_feed_revoke
from sigap.cases.models import CaseTeamMember
from sigap.cases.models.case import OPEN_STATES
from sigap.cases.selectors.case import CaseFilters, case_list, get_case_for_user
from sigap.cases.selectors.rows import CaseRow, case_rows
from sigap.core.access import public_view, staff_view
from sigap.core.dates import zone_abbreviation
from sigap.core.ratelimit import rate_limit_hit

MINE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
PLANNER_ROLES = (Role.HEAD, Role.CASE_MANAGER)
# The cases offered by "book a session" on my week: the open cases of my team, a short list.
BOOK_LIMIT = 30
# A phone's calendar app polls every 15 minutes or so; a client asking more than this in an hour is guessing.
FEED_LIMIT = 120
FEED_WINDOW = 3600


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


def _bookable_cases(request: StaffRequest) -> list[CaseRow]:
    """The open cases whose team the user is on: where "book a session" may lead.

    Each with its victims labelled by the case list's rule (``selectors.rows``): a bare number made the
    expert open cases one by one to find her client (walk of #12).
    """
    user = request.user
    ids = CaseTeamMember.objects.filter(user=user, is_active=True).values("case_id")
    cases = case_list(user, CaseFilters()).filter(pk__in=ids, state__in=OPEN_STATES).order_by("-opened_at")
    year = timezone.localdate(timezone.now(), request.membership.unit.zone).year
    return case_rows(user, cases[:BOOK_LIMIT], year=year)


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
        extra={"book_cases": _bookable_cases(request), **_others(request, unit_id)},
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
        title=_("Calendar of the %(room)s") % {"room": room.label},
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


def _booking_go(request: StaffRequest, model: Any, booking_id: int) -> HttpResponse:
    """A reminder's link (its target is the booking row): on to the session, if its case is visible, else 404."""
    session_id = model.objects.filter(pk=booking_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise Http404
    session = get_session_for_user(request.user, session_id)
    return redirect("assistance:session_detail", session_id=session.pk)


@staff_view(*MINE_ROLES)
@require_GET
def session_booking_expert(request: StaffRequest, booking_id: int) -> HttpResponse:
    return _booking_go(request, SessionExpert, booking_id)


@staff_view(*MINE_ROLES)
@require_GET
def session_booking_staff(request: StaffRequest, booking_id: int) -> HttpResponse:
    return _booking_go(request, SessionStaff, booking_id)


@staff_view(*MINE_ROLES)
@require_http_methods(["GET", "POST"])
def calendar_feed_page(request: StaffRequest) -> HttpResponse:
    """Make (or replace) and revoke my secret feed address; the address is shown once, right after it is made."""
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(actor=request.user, request=request)
            messages.success(request, _("The feed address no longer works."))
            return redirect("assistance:calendar_feed_page")
        _feed, token = calendar_feed_create(actor=request.user, request=request)
    feed_url = request.build_absolute_uri(reverse("assistance:calendar_feed", kwargs={"token": token})) if token else ""
    return render(
        request,
        "assistance/calendar_feed.html",
        {"live": live_feed_of(request.user), "feed_url": feed_url},
    )


@public_view
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login, the token alone (404 when unknown or revoked), rate-limited per client."""
    if not rate_limit_hit(request, scope="calendar_feed", limit=FEED_LIMIT, window_seconds=FEED_WINDOW):
        return HttpResponse(status=429)
    feed = feed_for_token(token)
    if feed is None:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(feed_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="sigap.ics"'
    return response
