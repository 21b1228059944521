"""What a synthetic unit needs once, before its cases: expert profiles, bookable rooms, a shelter with beds.

Written through the ORM when the unit is made (``bench.generator.units_ensure``) and found again on every
later run (idempotent), so each worker process and each resumed run sees the same rooms and beds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from sigap.assistance.models import Bed, Room, RoomKind, Shelter, ShelterOwner, ShelterRoom
from sigap.experts.models import ExpertProfile, Profession

if TYPE_CHECKING:
    from bench.base import UnitStaff

# The unit's experts take the three professions in turn: ex01 psychologist, ex02 legal counsellor, ex03 counsellor…
PROFESSIONS = [Profession.CLINICAL_PSYCHOLOGIST, Profession.LEGAL_COUNSELLOR, Profession.PSYCHOLOGICAL_COUNSELLOR]
ROOMS = [("Ruang Konseling 1", RoomKind.COUNSELLING), ("Ruang Konseling 2", RoomKind.COUNSELLING)]
ROOMS += [("Ruang Bermain Anak", RoomKind.PLAYROOM), ("Ruang Wawancara", RoomKind.INTERVIEW)]
SHELTER_NAME = "Rumah Aman Sintetis"
# Two rooms of six beds: women and girls, and mothers with their children.
SHELTER_ROOMS = [("Kamar Melati", "F"), ("Kamar Mawar", "ANY")]
BEDS_PER_ROOM = 6


def unit_resources_ensure(staff: UnitStaff) -> None:
    """Make (or find) the unit's expert profiles, rooms and shelter beds; fills ``staff.rooms`` and ``staff.beds``."""
    unit, now = staff.unit, timezone.now()
    for position, expert in enumerate(staff.experts):
        ExpertProfile.objects.get_or_create(
            user=expert,
            defaults={"unit": unit, "profession": PROFESSIONS[position % len(PROFESSIONS)], "sex": "P"},
        )
    for name, kind in ROOMS:
        Room.objects.get_or_create(unit=unit, name=name, defaults={"kind": kind, "created_at": now})
    staff.rooms = list(Room.objects.filter(unit=unit, name__in=[n for n, _ in ROOMS]).order_by("name"))
    shelter, _ = Shelter.objects.get_or_create(
        unit=unit,
        name=SHELTER_NAME,
        defaults={
            "owner": ShelterOwner.OWN,
            "address": "Jalan Sintetis (alamat dirahasiakan)",
            "created_at": now,
            "created_by": staff.head,
        },
    )
    for name, takes in SHELTER_ROOMS:
        room, _ = ShelterRoom.objects.get_or_create(shelter=shelter, name=name, defaults={"takes": takes})
        for k in range(1, BEDS_PER_ROOM + 1):
            Bed.objects.get_or_create(room=room, label=f"TT-{k:02d}")
    staff.beds = list(Bed.objects.filter(room__shelter=shelter).select_related("room").order_by("room__name", "label"))


def profession_of(staff: UnitStaff, user: object) -> str:
    """The profession the setup gave an expert of ``staff`` (no query: by position)."""
    for position, expert in enumerate(staff.experts):
        if expert is user or getattr(expert, "pk", None) == getattr(user, "pk", -1):
            return PROFESSIONS[position % len(PROFESSIONS)]
    return ""
