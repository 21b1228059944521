"""Access rules of the shelter pages (issue #12): the unit's shelters are read by the HEAD, the unit
administrator and the case staff, managed by the HEAD and the administrator; the board is the HEAD's; a case's
shelter section follows the case (the HEAD and its team; admission and discharge by the HEAD and the case
manager: the team's expert 403); another unit's staff 404 on every object.

Built once per test and cached on the personas object: a shelter with its beds and a case whose victim and
child are admitted (the expert on its team).
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import FORBIDDEN, NOT_FOUND, REDIRECT, Rule, staff

READERS = ["HEAD", "UNIT_ADMIN", "CASE_MANAGER", "EXPERT"]
MANAGERS = ["HEAD", "UNIT_ADMIN"]
CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.get("_shelter_access")
    if cache is None:
        from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter

        beds, pc = shelter(p), placed_case(p)
        stay = admit(p, pc, beds.women[0], child_bed=beds.family[0])
        room = beds.women[1].room
        cache = {"shelter": beds.shelter, "room": room, "free_bed": beds.women[1], "case": pc.case, "stay": stay}
        p.__dict__["_shelter_access"] = cache
    return dict(cache)


def shelter_of(p: Any) -> dict[str, Any]:
    return {"shelter_id": _get(p)["shelter"].pk}


def case_of(p: Any) -> dict[str, Any]:
    return {"case_id": _get(p)["case"].pk}


def stay_of(p: Any) -> dict[str, Any]:
    return {"stay_id": _get(p)["stay"].pk}


RULES = [
    Rule("assistance:shelter_list", staff(READERS)),
    Rule("assistance:shelter_create", staff(MANAGERS)),
    Rule("assistance:shelter_board", staff(["HEAD"])),
    Rule("assistance:shelter_detail", staff(READERS, other_unit=NOT_FOUND), kwargs=shelter_of),
    Rule("assistance:shelter_edit", staff(MANAGERS, other_unit=NOT_FOUND), kwargs=shelter_of),
    Rule("assistance:shelter_room_add", staff(MANAGERS, other_unit=NOT_FOUND), kwargs=shelter_of),
    Rule(
        "assistance:shelter_room_edit",
        staff(MANAGERS, other_unit=NOT_FOUND),
        kwargs=lambda p: {"room_id": _get(p)["room"].pk},
    ),
    # An empty POST: refused with a message, never a 500.
    Rule(
        "assistance:shelter_bed_add",
        staff(MANAGERS, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=lambda p: {"room_id": _get(p)["room"].pk},
        data={},
    ),
    Rule(
        "assistance:shelter_bed_toggle",
        staff(MANAGERS, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=lambda p: {"bed_id": _get(p)["free_bed"].pk},
        data={},
    ),
    Rule("assistance:case_shelter", staff(CASE_ROLES, other_unit=NOT_FOUND), kwargs=case_of),
    Rule("assistance:shelter_admit", staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN), kwargs=case_of),
    Rule("assistance:shelter_discharge", staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN), kwargs=stay_of),
    Rule("assistance:shelter_stay_go", staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND), kwargs=stay_of),
]
