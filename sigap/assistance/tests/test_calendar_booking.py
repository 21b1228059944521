"""Rooms and the double-booking guard of the calendar (issue #12): expert, staff, victim and room conflicts,
the other case's number hidden from a user outside it, and the slots that do not block."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_user
from sigap.accounts.models import Role
from sigap.assistance.models.room import Room, RoomKind
from sigap.assistance.models.session import SessionPlace
from sigap.assistance.services.room import room_add, room_set_active
from sigap.assistance.services.session import (
    SessionPlanData,
    session_cancel,
    session_plan,
    session_reschedule,
)
from sigap.audit.models import AuditEvent
from sigap.cases.models import CasePerson
from sigap.cases.models.people import PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import make_case, victim_data

pytestmark = pytest.mark.django_db

START = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)


def slot(minutes_later: int = 0, *, experts: Any = (), room: Room | None = None, length: int = 60) -> SessionPlanData:
    start = START + dt.timedelta(minutes=minutes_later)
    return SessionPlanData(
        kind="COUNSELLING",
        planned_start=start,
        planned_end=start + dt.timedelta(minutes=length),
        place=SessionPlace.UNIT_OFFICE,
        experts=list(experts),
        room=room,
    )


def refusal(call: Any) -> str:
    with pytest.raises(TransitionRefused) as refused:
        call()
    return " ".join(refused.value.messages)


# --- rooms ----------------------------------------------------------------------------------------------


def test_the_head_and_the_unit_admin_add_rooms_others_may_not(personas: Any) -> None:
    room = room_add(actor=personas["head"], name="  Ruang  Konseling 1 ", kind=RoomKind.COUNSELLING)
    assert (room.name, room.unit_id, room.active) == ("Ruang Konseling 1", personas.kukar.pk, True)
    assert AuditEvent.objects.filter(object_type="assistance.room", object_id=str(room.pk)).exists()
    room_add(actor=personas["admin"], name="Ruang Bermain", kind=RoomKind.PLAYROOM)
    assert "already has a room" in refusal(
        lambda: room_add(actor=personas["admin"], name="ruang konseling 1", kind=RoomKind.COUNSELLING)
    )
    assert "Only the head" in refusal(lambda: room_add(actor=personas["case_manager"], name="X", kind="OTHER"))
    assert "Choose the kind" in refusal(lambda: room_add(actor=personas["head"], name="Y", kind="BALLROOM"))


def test_a_room_is_deactivated_only_by_its_own_unit(personas: Any) -> None:
    room = room_add(actor=personas["head"], name="Ruang Wawancara", kind=RoomKind.INTERVIEW)
    assert "not one of your unit's" in refusal(
        lambda: room_set_active(actor=personas["other_head"], room=room, active=False)
    )
    assert room_set_active(actor=personas["admin"], room=room, active=False).active is False


def test_a_session_books_only_an_active_room_of_its_unit_at_the_unit_office(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    head = personas["head"]
    theirs = room_add(actor=personas["other_head"], name="Ruang Samarinda", kind=RoomKind.COUNSELLING)
    assert "room of the unit" in refusal(lambda: session_plan(actor=head, case=case, data=slot(room=theirs)))
    room = room_add(actor=head, name="Ruang Konseling", kind=RoomKind.COUNSELLING)
    at_home = replace(slot(room=room), place=SessionPlace.HOME)
    assert "only for a session at the unit office" in refusal(lambda: session_plan(actor=head, case=case, data=at_home))
    room_set_active(actor=head, room=room, active=False)
    assert "room of the unit" in refusal(lambda: session_plan(actor=head, case=case, data=slot(room=room)))
    room_set_active(actor=head, room=room, active=True)
    assert session_plan(actor=head, case=case, data=slot(room=room)).room == room


# --- conflicts ------------------------------------------------------------------------------------------


def test_an_expert_cannot_be_booked_twice_at_one_time(personas: Any) -> None:
    head, expert = personas["head"], personas["expert"]
    first = make_case(personas)
    second = make_case(personas)
    session_plan(actor=head, case=first, data=slot(experts=[expert]))
    message = refusal(lambda: session_plan(actor=head, case=second, data=slot(30, experts=[expert])))
    assert "already taken" in message and "Expert is already booked" in message
    assert f"case {first.number}" in message and "Counselling" in message
    # Back to back is fine: the slot is half-open [start, end).
    assert session_plan(actor=head, case=second, data=slot(60, experts=[expert])).case == second


def test_the_victim_cannot_be_booked_twice_even_on_another_case(personas: Any) -> None:
    head = personas["head"]
    case = make_case(personas, experts=(), victim=victim_data())
    session_plan(actor=head, case=case, data=slot())
    assert "The victim is already booked" in refusal(lambda: session_plan(actor=head, case=case, data=slot(15)))
    # The same person is the victim of a second case: still the same person's time.
    other = make_case(personas, experts=())
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    CasePerson.objects.create(
        case=other, person_id=victim.person_id, role=PersonRole.VICTIM, added_at=timezone.now(), added_by=head
    )
    assert "The victim is already booked" in refusal(lambda: session_plan(actor=head, case=other, data=slot(45)))
    # A case whose victim is someone else is free at that time.
    third = make_case(personas, experts=(), victim=victim_data(name="Orang Lain", nik="6402010101900009", phone=""))
    assert session_plan(actor=head, case=third, data=slot()).case == third


def test_a_room_cannot_be_booked_twice(personas: Any) -> None:
    head = personas["head"]
    room = room_add(actor=head, name="Ruang Bermain", kind=RoomKind.PLAYROOM)
    session_plan(actor=head, case=make_case(personas, experts=()), data=slot(room=room))
    message = refusal(lambda: session_plan(actor=head, case=make_case(personas, experts=()), data=slot(-30, room=room)))
    assert "The room Ruang Bermain is already booked" in message


def test_the_other_case_number_is_hidden_from_a_user_outside_it(personas: Any) -> None:
    head, expert = personas["head"], personas["expert"]
    personas.users["cm2"] = make_user("cm2", personas.kukar, Role.CASE_MANAGER)
    theirs = make_case(personas)  # the expert and case_manager's case; cm2 is not on it
    mine = make_case(personas, manager="cm2")
    session_plan(actor=head, case=theirs, data=slot(experts=[expert]))
    message = refusal(lambda: session_plan(actor=personas["cm2"], case=mine, data=slot(experts=[expert])))
    assert "another case" in message
    assert theirs.number not in message
    # The head may see both cases: she is told which one.
    assert theirs.number in refusal(lambda: session_plan(actor=head, case=mine, data=slot(experts=[expert])))


def test_cancelled_and_moved_slots_free_the_time_and_a_move_checks_its_new_slot(personas: Any) -> None:
    head, expert = personas["head"], personas["expert"]
    case, other = make_case(personas), make_case(personas)
    session = session_plan(actor=head, case=case, data=slot(experts=[expert]))
    # Moving a session by 30 minutes overlaps only itself: allowed.
    moved = session_reschedule(
        actor=head,
        session=session,
        planned_start=START + dt.timedelta(minutes=30),
        planned_end=START + dt.timedelta(minutes=90),
    )
    blocker = session_plan(actor=head, case=other, data=slot(180, experts=[expert]))
    assert "Expert is already booked" in refusal(
        lambda: session_reschedule(
            actor=head,
            session=moved,
            planned_start=START + dt.timedelta(minutes=200),
            planned_end=START + dt.timedelta(minutes=260),
        )
    )
    session_cancel(actor=head, session=blocker, note="Tidak perlu lagi.")
    assert (
        session_reschedule(
            actor=head,
            session=moved,
            planned_start=START + dt.timedelta(minutes=200),
            planned_end=START + dt.timedelta(minutes=260),
        ).status
        == "PLANNED"
    )
    # The first slot (now "not held, rescheduled") no longer blocks anyone.
    assert session_plan(actor=head, case=other, data=slot(experts=[expert])).case == other
