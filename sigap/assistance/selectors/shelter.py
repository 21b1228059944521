"""Reads of the temporary shelter. Shelters are read within the user's unit (404 outside it); stays through
``cases_visible_to`` (404 outside the user's scope). The board loads each row set once (shelters, rooms, beds,
open stays, the visible cases among them): a fixed number of queries whatever the size of the unit, and no
encrypted field is decrypted (the address is read only on the pages that may show it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Unit, User
from sigap.assistance.models.shelter import Bed, Shelter, ShelterRoom, ShelterStay
from sigap.assistance.rules.shelter import COMPANION_ROLES, day_level, may_accompany, stay_day
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.selectors.case import cases_visible_to

# The board and the lists never read the encrypted contact columns.
PLAIN_SHELTER = ("id", "unit_id", "name", "owner", "active", "created_at")


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def _unit_id(user: User) -> int:
    membership = user.membership
    if membership is None:
        raise Http404
    return membership.unit_id


def unit_shelters(user: User) -> QuerySet[Shelter]:
    return Shelter.objects.filter(unit_id=_unit_id(user)).only(*PLAIN_SHELTER).order_by("-active", "name", "pk")


def get_shelter_for_user(user: User, shelter_id: Any) -> Shelter:
    """A shelter of the user's unit, else ``Http404``."""
    found = Shelter.objects.filter(pk=_uuid(shelter_id), unit_id=_unit_id(user)).select_related("unit").first()
    if found is None:
        raise Http404
    return found


def get_room_for_user(user: User, room_id: Any) -> ShelterRoom:
    try:
        pk = int(room_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = ShelterRoom.objects.filter(pk=pk, shelter__unit_id=_unit_id(user)).select_related("shelter").first()
    if found is None:
        raise Http404
    return found


def get_bed_for_user(user: User, bed_id: Any) -> Bed:
    try:
        pk = int(bed_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = Bed.objects.filter(pk=pk, room__shelter__unit_id=_unit_id(user)).select_related("room__shelter").first()
    if found is None:
        raise Http404
    return found


def get_stay_for_user(user: User, stay_id: Any) -> ShelterStay:
    """The stay if its case is visible to ``user``, else ``Http404``."""
    found = (
        ShelterStay.objects.filter(pk=_uuid(stay_id), case__in=cases_visible_to(user))
        .select_related("case__unit", "bed__room__shelter", "person__person")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class BedLine:
    bed: Bed
    stay: ShelterStay | None = None
    case_number: str = ""  # empty when the user may not see the case (a restricted case off her team)
    day: int = 0
    level: str = "ok"


@dataclass
class RoomLine:
    room: ShelterRoom
    beds: list[BedLine] = field(default_factory=list)


@dataclass
class ShelterLine:
    shelter: Shelter
    rooms: list[RoomLine] = field(default_factory=list)
    free: int = 0
    taken: int = 0


def _stay_lines(user: User, shelters: list[Shelter], today: dt.date, zone: Any) -> list[ShelterLine]:
    ids = [s.pk for s in shelters]
    rooms = list(ShelterRoom.objects.filter(shelter_id__in=ids).order_by("name", "pk"))
    beds = list(Bed.objects.filter(room__shelter_id__in=ids).order_by("label", "pk"))
    stays = list(
        ShelterStay.objects.filter(bed__room__shelter_id__in=ids, discharged_at__isnull=True)
        .select_related("case")
        .only("id", "bed_id", "case_id", "case__number", "admitted_at", "principal_id")
    )
    case_ids = {s.case_id for s in stays}
    visible = set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)) if case_ids else set()
    by_bed = {s.bed_id: s for s in stays}
    room_lines: dict[int, RoomLine] = {r.pk: RoomLine(room=r) for r in rooms}
    for bed in beds:
        line = BedLine(bed=bed)
        stay = by_bed.get(bed.pk)
        if stay is not None:
            line.stay, line.day = stay, stay_day(stay.admitted_at, today, zone)
            line.level = day_level(line.day)
            line.case_number = stay.case.number if stay.case_id in visible else ""
        room_lines[bed.room_id].beds.append(line)
    lines = {s.pk: ShelterLine(shelter=s) for s in shelters}
    for room_line in room_lines.values():
        target = lines[room_line.room.shelter_id]
        target.rooms.append(room_line)
        for line in room_line.beds:
            if line.stay is not None:
                target.taken += 1
            elif line.bed.active and room_line.room.active:
                target.free += 1
    return list(lines.values())


def shelter_board(user: User, unit: Unit) -> list[ShelterLine]:
    """Every active shelter of the unit with its rooms and beds, who is on each (case number only) and the
    day of the stay: five queries."""
    shelters = list(Shelter.objects.filter(unit=unit, active=True).only(*PLAIN_SHELTER).order_by("name", "pk"))
    today = timezone.localdate(timezone.now(), unit.zone)
    return _stay_lines(user, shelters, today, unit.zone)


def shelter_rooms(user: User, shelter: Shelter) -> ShelterLine:
    """One shelter with its rooms and beds (the detail page)."""
    today = timezone.localdate(timezone.now(), shelter.unit.zone)
    return _stay_lines(user, [shelter], today, shelter.unit.zone)[0]


def free_beds(unit: Unit) -> QuerySet[Bed]:
    """Beds an admission may choose: active, in an active room of an active shelter of the unit, nobody on them."""
    return (
        Bed.objects.filter(room__shelter__unit=unit, room__shelter__active=True, room__active=True, active=True)
        .exclude(pk__in=ShelterStay.objects.filter(discharged_at__isnull=True).values("bed_id"))
        .select_related("room__shelter")
        .only(
            "id",
            "label",
            "room__id",
            "room__name",
            "room__takes",
            "room__min_age",
            "room__max_age",
            "room__shelter__id",
            "room__shelter__name",
        )
        .order_by("room__shelter__name", "room__name", "label", "pk")
    )


def case_victims(case: Case) -> QuerySet[CasePerson]:
    """The case's victims not in a shelter now (an open stay: admitted already, never offered again)."""
    return (
        CasePerson.objects.filter(case=case, role=PersonRole.VICTIM)
        .exclude(person_id__in=ShelterStay.objects.filter(discharged_at__isnull=True).values("person__person_id"))
        .select_related("person")
        .order_by("added_at")
    )


def case_children(case: Case) -> list[CasePerson]:
    """Persons of the case who may come with the victim (``rules.shelter.COMPANION_ROLES``): her accompanying
    children and dependants, a victim who is a child (unknown age counts as a child), and — when a victim to
    admit is a child — a parent or guardian. Never the reporter, a witness, anyone who is also a perpetrator of
    the case, a person in a shelter now, nor the only victim to admit (she has her own bed field)."""
    year = timezone.localdate(timezone.now(), case.unit.zone).year
    victims = list(case_victims(case))
    child_victim = any(v.person.is_child_in(year) for v in victims)
    perpetrators = CasePerson.objects.filter(case=case, role=PersonRole.PERPETRATOR).values("person_id")
    links = (
        CasePerson.objects.filter(case=case, role__in=COMPANION_ROLES)
        .exclude(person_id__in=perpetrators)
        .exclude(person_id__in=ShelterStay.objects.filter(discharged_at__isnull=True).values("person__person_id"))
        .select_related("person")
    )
    lone = victims[0].pk if len(victims) == 1 else None
    return [
        link
        for link in links.order_by("added_at")
        if link.pk != lone and may_accompany(link.role, link.person, year, child_victim=child_victim)
    ]


def case_stays(case: Case) -> list[ShelterStay]:
    """The case's stays, victims' first with their children after each (no encrypted text decrypted but the
    discharge note and criteria, which the case page shows to its team)."""
    stays = list(
        ShelterStay.objects.filter(case=case)
        .select_related("bed__room__shelter", "person__person")
        .order_by("-admitted_at", "pk")
    )
    principals = [s for s in stays if s.principal_id is None]
    children: dict[Any, list[ShelterStay]] = {}
    for stay in stays:
        if stay.principal_id is not None:
            children.setdefault(stay.principal_id, []).append(stay)
    for stay in principals:
        stay.children_here = children.get(stay.pk, [])  # type: ignore[attr-defined]
    return principals
