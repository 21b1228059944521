"""Shelter services: management by the HEAD or the unit administrator, admission refused with its reason
(full shelter, taken bed, room that does not take the person, closed case, person not on the case),
discharge with the onward placement, each audited in its transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sigap.assistance.models.shelter import OnwardPlacement, RoomTakes, ShelterStay
from sigap.assistance.services.shelter import (
    RoomData,
    ShelterData,
    bed_add,
    bed_set_active,
    room_save,
    shelter_admit,
    shelter_create,
    shelter_discharge,
    shelter_update,
)
from sigap.assistance.tests.shelter_steps import admission, admit, placed_case, shelter
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.people import CasePerson, PersonRole

pytestmark = pytest.mark.django_db


def _refused(match: str, write: Any) -> None:
    with pytest.raises(ValidationError) as error:
        write()
    assert match in " ".join(error.value.messages), error.value.messages


def test_the_head_and_the_unit_admin_manage_shelters_others_are_refused(personas: Any) -> None:
    made = shelter_create(actor=personas["admin"], unit=personas.kukar, data=ShelterData(name="Rumah Mitra"))
    room = room_save(actor=personas["admin"], shelter=made, data=RoomData(name="A"))
    bed_add(actor=personas["admin"], room=room, label="1")
    for persona in ("case_manager", "expert", "intake"):
        _refused(
            "head of the unit or the unit administrator",
            lambda p=persona: bed_add(actor=personas[p], room=room, label="2"),
        )
    # The address is the HEAD's to write: the administrator does not read it either.
    _refused(
        "Only the head",
        lambda: shelter_update(
            actor=personas["admin"], shelter=made, data=ShelterData(name="Rumah Mitra", address="Jalan X")
        ),
    )
    shelter_update(actor=personas["head"], shelter=made, data=ShelterData(name="Rumah Mitra", address="Jalan X"))
    made.refresh_from_db()
    assert made.address == "Jalan X"
    events = AuditEvent.objects.filter(object_id=str(made.pk))
    assert events.count() == 4 and not any("Jalan" in str(e.new_values) for e in events)


def test_a_room_out_of_use_takes_no_admission(personas: Any) -> None:
    beds = shelter(personas)
    room = beds.women[0].room
    room_save(actor=personas["admin"], shelter=beds.shelter, room=room, data=RoomData(name="Mawar", active=False))
    _refused("not in use", lambda: admit(personas, placed_case(personas), beds.women[0], child_bed=beds.family[0]))


def test_a_room_rejects_ages_out_of_order(personas: Any) -> None:
    made = shelter(personas).shelter
    _refused(
        "youngest first",
        lambda: room_save(actor=personas["head"], shelter=made, data=RoomData(name="Z", min_age=20, max_age=10)),
    )


def test_admission_of_the_victim_and_her_child_then_discharge(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    stay = admit(personas, pc, beds.women[0], child_bed=beds.family[0])
    child_stay = ShelterStay.objects.get(principal=stay)
    assert child_stay.person == pc.child and child_stay.bed == beds.family[0]
    assert stay.criteria == ["LIFE_THREATENED", "KDRT_HUSBAND"]
    event = [e for e in AuditEvent.objects.filter(object_id=str(pc.case.pk)) if "shelter" in (e.changed_fields or [])][
        -1
    ]
    assert event.new_values["shelter"]["event"] == "admitted"
    assert "Rahasia" not in str(event.new_values)
    _refused("Say where she goes", lambda: shelter_discharge(actor=personas["case_manager"], stay=stay, onward=""))
    shelter_discharge(actor=personas["case_manager"], stay=stay, onward=OnwardPlacement.SAFE_HOUSE, note="Rumah aman")
    assert not ShelterStay.objects.filter(discharged_at__isnull=True).exists()
    child_stay.refresh_from_db()
    assert child_stay.onward == OnwardPlacement.SAFE_HOUSE
    # The beds are free again.
    admit(personas, placed_case(personas), beds.women[0])


def test_a_taken_bed_is_refused(personas: Any) -> None:
    beds = shelter(personas)
    admit(personas, placed_case(personas), beds.women[0])
    _refused("The bed M1 is taken", lambda: admit(personas, placed_case(personas), beds.women[0]))


def test_a_full_shelter_is_refused_with_the_reason(personas: Any) -> None:
    beds = shelter(personas)
    admit(personas, placed_case(personas), beds.women[0], child_bed=beds.family[0])
    admit(personas, placed_case(personas), beds.women[1], child_bed=beds.family[1])
    _refused("is full", lambda: admit(personas, placed_case(personas), beds.women[0]))


def test_a_room_that_does_not_take_the_person_is_refused(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    # The boy of 6 in the women's room (girls from 12): refused by sex first.
    _refused("takes Women and girls only", lambda: admit(personas, pc, beds.family[0], child_bed=beds.women[0]))
    men = room_save(actor=personas["head"], shelter=beds.shelter, data=RoomData(name="Pria", takes=RoomTakes.MALE))
    _refused(
        "takes Men and boys only", lambda: admit(personas, pc, bed_add(actor=personas["head"], room=men, label="P1"))
    )
    boys = room_save(
        actor=personas["head"], shelter=beds.shelter, data=RoomData(name="Anak", takes=RoomTakes.ANY, max_age=5)
    )
    _refused(
        "takes ages 0–5",
        lambda: admit(personas, pc, beds.women[0], child_bed=bed_add(actor=personas["head"], room=boys, label="A1")),
    )


def test_a_closed_case_and_a_person_not_on_the_case_are_refused(personas: Any) -> None:
    beds, pc, other = shelter(personas), placed_case(personas), placed_case(personas)
    stranger = admission(pc, beds.women[0])
    stranger = type(stranger)(**{**stranger.__dict__, "victim": other.victim})
    _refused(
        "must be a victim of this case",
        lambda: shelter_admit(actor=personas["case_manager"], case=pc.case, data=stranger),
    )
    witness = type(stranger)(**{**stranger.__dict__, "victim": pc.child})
    _refused(
        "must be a victim of this case",
        lambda: shelter_admit(actor=personas["case_manager"], case=pc.case, data=witness),
    )
    Case.objects.filter(pk=pc.case.pk).update(state=CaseState.TERMINASI)
    _refused("closed case", lambda: admit(personas, pc, beds.women[0]))


def test_an_adult_is_not_admitted_as_a_child_and_nobody_twice(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    CasePerson.objects.filter(pk=pc.child.pk).update(role=PersonRole.VICTIM)
    pc.child.person.birth_year = 1990
    pc.child.person.save(update_fields=["birth_year"])
    _refused("is not a child", lambda: admit(personas, pc, beds.women[0], child_bed=beds.family[0]))
    admit(personas, pc, beds.women[0])
    _refused("already in a shelter", lambda: admit(personas, pc, beds.women[1]))


def test_only_the_head_or_the_case_manager_admits(personas: Any) -> None:
    beds, pc = shelter(personas), placed_case(personas)
    _refused("case manager admits", lambda: admit(personas, pc, beds.women[0], actor="expert"))
    admit(personas, pc, beds.women[0], actor="head")


def test_an_occupied_bed_is_not_taken_out_of_use(personas: Any) -> None:
    beds = shelter(personas)
    admit(personas, placed_case(personas), beds.women[0])
    _refused("discharge her first", lambda: bed_set_active(actor=personas["head"], bed=beds.women[0], active=False))
    bed_set_active(actor=personas["head"], bed=beds.women[1], active=False)
    _refused("not in use", lambda: admit(personas, placed_case(personas), beds.women[1]))


def test_the_plan_is_at_most_day_14_and_the_bed_is_of_the_unit(personas: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from sigap.assistance.models.shelter import Shelter

    beds, pc = shelter(personas), placed_case(personas)
    late = admission(pc, beds.women[0])
    late = type(late)(
        **{
            **late.__dict__,
            "planned_until": timezone.localdate(timezone.now(), personas.kukar.zone) + dt.timedelta(days=14),
        }
    )
    _refused("day 14 at the latest", lambda: shelter_admit(actor=personas["case_manager"], case=pc.case, data=late))
    Shelter.objects.filter(pk=beds.shelter.pk).update(unit=personas.samarinda)
    _refused("one shelter of the unit", lambda: admit(personas, pc, beds.women[0]))
