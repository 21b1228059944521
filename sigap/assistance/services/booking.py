"""Booking a slot (calendar, issue #12): the room a session may take, and the double-booking guard.

A session books its experts and staff, the case's victims and its room for [start, end). Planning or
moving a session is refused when one of them already has a planned session overlapping that slot, or a
held one that took place at that time. The refusal names the other appointment (kind and time) and the
other case's number only when the user may see that case (``cases_visible_to``), else "another case".

Concurrency (D45 in docs/decisions.md): the check runs inside the writing transaction after the case's
unit row is locked (``select_for_update``): every booking of a unit goes through that lock, so two
bookings racing for one expert, victim or room queue and the second one sees the first. Experts, rooms
and victims (persons) all belong to one unit, so the unit is the smallest lock that covers them all. On
SQLite the IMMEDIATE transactions already serialize the writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sigap.accounts.models import Unit, User
from sigap.assistance.models.room import Room
from sigap.assistance.models.session import (
    AccompanimentSession,
    SessionExpert,
    SessionPlace,
    SessionStaff,
    SessionStatus,
)
from sigap.cases.models import Case, CasePerson
from sigap.cases.models.people import PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import cases_visible_to
from sigap.core.dates import format_when


def lock_unit_bookings(case: Case) -> None:
    """Serialize the bookings of the case's unit until the transaction ends (see the module docstring).

    ``FOR NO KEY UPDATE``, not ``FOR UPDATE``: it conflicts with itself (two bookings queue) but not with the
    ``FOR KEY SHARE`` every insert of a row pointing to the unit takes for its foreign key, so the unit's
    other writes (cases, work items, audit events) never wait for a booking.
    """
    Unit.objects.select_for_update(no_key=True).filter(pk=case.unit_id).values_list("pk", flat=True).first()


def room_for(case: Case, room: Room | None, place: str) -> Room | None:
    """The room a session of ``case`` may book: an active room of the case's unit, at the unit office only."""
    if room is None:
        return None
    if place != SessionPlace.UNIT_OFFICE:
        raise TransitionRefused(_("A room can be booked only for a session at the unit office."))
    found = Room.objects.filter(pk=room.pk, unit_id=case.unit_id, active=True).first()
    if found is None:
        raise TransitionRefused(_("Choose a room of the unit that is in use."))
    return found


def overlapping(start: dt.datetime, end: dt.datetime) -> Q:
    """Sessions taking [start, end): planned ones by their planned slot, held ones by when they took place."""
    return Q(status=SessionStatus.PLANNED, planned_start__lt=end, planned_end__gt=start) | Q(
        status=SessionStatus.HELD, actual_start__lt=end, actual_end__gt=start
    )


def _victim_cases(case: Case) -> QuerySet[CasePerson, Any]:
    """The cases on which a victim of ``case`` is a victim too (a person can be on two cases)."""
    persons = CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).values("person_id")
    return CasePerson.objects.filter(person_id__in=persons, role=PersonRole.VICTIM).values("case_id")


def _describe(session: AccompanimentSession, visible: set[Any], zone: dt.tzinfo) -> str:
    if session.status == SessionStatus.HELD and session.actual_start and session.actual_end:
        start, end = session.actual_start, session.actual_end
    else:
        start, end = session.planned_start, session.planned_end
    where = _("case %(number)s") % {"number": session.case.number} if session.case_id in visible else _("another case")
    return _("%(kind)s, %(start)s to %(end)s, %(case)s") % {
        "kind": session.get_kind_display(),
        "start": format_when(start, zone),
        "end": format_when(end, zone),
        "case": where,
    }


def booking_conflicts(
    *,
    actor: User,
    case: Case,
    start: dt.datetime,
    end: dt.datetime,
    people: Sequence[User],
    room: Room | None,
    exclude: Iterable[Any] = (),
) -> list[str]:
    """One message per booked person, victim or room already taken in [start, end) (empty: free)."""
    base = (
        AccompanimentSession.objects.filter(overlapping(start, end))
        .exclude(pk__in=list(exclude))
        .select_related("case")
        .only(
            "pk",
            "kind",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "room_id",
            "case__number",
        )
        .order_by("planned_start", "pk")
    )
    found: list[tuple[str, AccompanimentSession]] = []
    people_by_id = {user.pk: user for user in people}
    if people_by_id:
        taken: dict[Any, list[int]] = {}
        for model in (SessionExpert, SessionStaff):
            rows = model.objects.filter(user_id__in=list(people_by_id), session__in=base.values("pk"))
            for session_id, user_id in rows.values_list("session_id", "user_id"):
                taken.setdefault(session_id, []).append(user_id)
        if taken:
            for session in base.filter(pk__in=list(taken)):
                for user_id in sorted(set(taken[session.pk])):
                    who = people_by_id[user_id]
                    found.append((_("%(who)s is already booked") % {"who": who.full_name or who.username}, session))
    for session in base.filter(case_id__in=_victim_cases(case))[:5]:
        found.append((_("The victim is already booked"), session))
    if room is not None:
        for session in base.filter(room=room)[:5]:
            found.append((_("The room %(room)s is already booked") % {"room": room.name}, session))
    if not found:
        return []
    visible = set(cases_visible_to(actor).filter(pk__in={s.case_id for _w, s in found}).values_list("pk", flat=True))
    return [f"{who}: {_describe(session, visible, case.unit.zone)}." for who, session in found]


def booking_check(
    *,
    actor: User,
    case: Case,
    start: dt.datetime,
    end: dt.datetime,
    people: Sequence[User],
    room: Room | None,
    exclude: Iterable[Any] = (),
) -> None:
    """Refuse the slot when it double-books someone or the room (call it with the unit locked)."""
    conflicts = booking_conflicts(
        actor=actor, case=case, start=start, end=end, people=people, room=room, exclude=exclude
    )
    if conflicts:
        raise TransitionRefused([_("This slot is already taken."), *conflicts])
