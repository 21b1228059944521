"""Access rules of the calendar and room pages (issue #12).

- my week: the HEAD, case managers and experts (their own unit's page, so Samarinda's staff get theirs);
- the unit's calendar: the HEAD only;
- a case's calendar: as the session pages (404 outside the case);
- a person's and a room's calendar: the HEAD and case managers of the unit (another unit: 404);
- the rooms page: the HEAD and the unit administrator; a room of another unit answers 404.
"""

from __future__ import annotations

from typing import Any

from sigap.assistance.tests.access_rules import READ, case_of
from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, public, staff

PLANNERS = ["HEAD", "CASE_MANAGER"]
ROOM_MANAGERS = ["HEAD", "UNIT_ADMIN"]


def _room(p: Any) -> dict[str, Any]:
    from sigap.assistance.models.room import Room
    from sigap.assistance.services.room import room_add

    room = Room.objects.filter(unit=p.kukar, name="Ruang Akses").first()
    if room is None:
        room = room_add(actor=p["head"], name="Ruang Akses", kind="COUNSELLING")
    return {"room_id": room.pk}


RULES = [
    Rule("assistance:calendar_mine", staff(["HEAD", "CASE_MANAGER", "EXPERT"])),
    Rule("assistance:calendar_unit", staff(["HEAD"])),
    Rule("assistance:calendar_case", READ, kwargs=case_of("team")),
    Rule(
        "assistance:calendar_person",
        staff(PLANNERS, other_unit=NOT_FOUND),
        kwargs=lambda p: {"user_id": p["expert"].pk},
    ),
    Rule("assistance:calendar_room", staff(PLANNERS, other_unit=NOT_FOUND), kwargs=_room),
    Rule("assistance:room_list", staff(ROOM_MANAGERS)),
    Rule(
        "assistance:room_active",
        staff(ROOM_MANAGERS, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=_room,
        data={"active": "1"},
    ),
]


def _booking(p: Any) -> dict[str, Any]:
    from sigap.assistance.models.session import SessionExpert
    from sigap.assistance.tests.access_rules import _get

    session = _get(p, "team")["session"]
    row = SessionExpert.objects.filter(session=session).first()
    if row is None:
        row = SessionExpert.objects.create(session=session, user=p["expert"])
    return {"booking_id": row.pk}


def _staff_booking(p: Any) -> dict[str, Any]:
    from sigap.assistance.models.session import SessionStaff
    from sigap.assistance.tests.access_rules import _get

    session = _get(p, "team")["session"]
    row = SessionStaff.objects.filter(session=session).first()
    if row is None:
        row = SessionStaff.objects.create(session=session, user=p["case_manager"])
    return {"booking_id": row.pk}


# A reminder's link: on to the session for whoever may see its case (302), 404 for another unit.
GO = staff(["HEAD", "CASE_MANAGER", "EXPERT"], ok=REDIRECT, other_unit=NOT_FOUND)
RULES += [
    Rule("assistance:session_booking_expert", GO, kwargs=_booking),
    Rule("assistance:session_booking_staff", GO, kwargs=_staff_booking),
]


def _feed_token(p: Any) -> dict[str, Any]:
    from sigap.assistance.services.feed import calendar_feed_create

    cache = p.__dict__.setdefault("_feed_token", {})
    if "token" not in cache:
        cache["token"] = calendar_feed_create(actor=p["expert"])[1]
    return {"token": cache["token"]}


RULES += [
    Rule("assistance:calendar_feed_page", staff(["HEAD", "CASE_MANAGER", "EXPERT"])),
    # The feed needs no login, only the token: everyone gets it with the token, and 404 without.
    Rule("assistance:calendar_feed", public(OK), kwargs=_feed_token),
    Rule("assistance:calendar_feed", public(NOT_FOUND), kwargs=lambda p: {"token": "unknown-token"}),
]
