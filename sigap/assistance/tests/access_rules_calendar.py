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
from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

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
