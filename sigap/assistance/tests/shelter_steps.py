"""Test data of the shelter tests, built through the services as the personas would.

:func:`shelter` builds a Kukar shelter with a women's room (two beds, ages 12–120) and a mother-and-child
room (two beds, any sex, any age); :func:`placed_case` a case with a victim (a woman of 30) and her son of 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sigap.assistance.models.shelter import Bed, PlacementCriterion, RoomTakes, Shelter, ShelterStay
from sigap.assistance.services.shelter import (
    AdmissionData,
    RoomData,
    ShelterData,
    bed_add,
    room_save,
    shelter_admit,
    shelter_create,
)
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import make_case, victim_data


@dataclass
class ShelterSet:
    shelter: Shelter
    women: list[Bed]
    family: list[Bed]


@dataclass
class PlacedCase:
    case: Case
    victim: CasePerson
    child: CasePerson


def shelter(personas: Any, *, name: str = "Rumah Teduh", address: str = "Jalan Rahasia 9") -> ShelterSet:
    head = personas["head"]
    found = shelter_create(
        actor=head, unit=personas.kukar, data=ShelterData(name=name, address=address, phone="0541 555 0100")
    )
    women = room_save(actor=head, shelter=found, data=RoomData(name="Mawar", takes=RoomTakes.FEMALE, min_age=12))
    family = room_save(actor=head, shelter=found, data=RoomData(name="Melati", takes=RoomTakes.ANY))
    return ShelterSet(
        shelter=found,
        women=[bed_add(actor=head, room=women, label=label) for label in ("M1", "M2")],
        family=[bed_add(actor=head, room=family, label=label) for label in ("K1", "K2")],
    )


def placed_case(personas: Any, *, manager: str = "case_manager", experts: tuple[str, ...] = ("expert",)) -> PlacedCase:
    case = make_case(personas, manager=manager, experts=experts, victim=victim_data(nik="", phone=""))
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    child = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Anak Fiktif", nik="", phone="", sex="L", estimated_age=6),
        role=PersonRole.ACCOMPANYING,
    )
    return PlacedCase(case=case, victim=victim, child=child)


def admission(pc: PlacedCase, bed: Bed, *, child_bed: Bed | None = None) -> AdmissionData:
    return AdmissionData(
        victim=pc.victim,
        bed=bed,
        criteria=[PlacementCriterion.LIFE_THREATENED, PlacementCriterion.KDRT_HUSBAND],
        criteria_reason="Her husband threatened her life.",
        children=[pc.child] if child_bed else [],
        child_beds=[child_bed] if child_bed else [],
    )


def admit(
    personas: Any, pc: PlacedCase, bed: Bed, *, child_bed: Bed | None = None, actor: str = "case_manager"
) -> ShelterStay:
    return shelter_admit(actor=personas[actor], case=pc.case, data=admission(pc, bed, child_bed=child_bed))
