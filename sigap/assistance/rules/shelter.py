"""Rules of the temporary shelter (domain.md §C.17, §D1): who manages, who sees the address, who a room takes,
the 14-day limit and the day count the board shows.

Pure functions of their arguments, plus the one query of :func:`can_see_shelter_address`, so the services,
the pages and the tests agree.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sigap.accounts.models import Role, User
from sigap.assistance.models.shelter import RoomTakes, Shelter, ShelterRoom
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.models.people import Person, PersonRole
from sigap.cases.rules.permissions import can_manage

LIMIT_DAYS = 14  # Permen PPPA 2/2022 annex: temporary shelter ≤ 14 days, then refer onward
WARNING_DAY = 10  # the reminder (warning) on day 10 of the stay; escalation to the HEAD on day 14

# The person's sex codes (SIMFONI: P perempuan, L laki-laki) to what a room takes.
SEX_TAKES = {"P": RoomTakes.FEMALE, "L": RoomTakes.MALE}


def _role(user: User, unit_id: int) -> str | None:
    membership = user.membership
    if membership is None or membership.unit_id != unit_id:
        return None
    return membership.role


def can_manage_shelters(user: User, unit_id: int) -> bool:
    """Create and change shelters, rooms and beds: the HEAD or the unit administrator of the unit."""
    return _role(user, unit_id) in {Role.HEAD, Role.UNIT_ADMIN}


def can_edit_shelter_contact(user: User, unit_id: int) -> bool:
    """Write the address and phone: only who may read them without a placed case, the HEAD."""
    return _role(user, unit_id) == Role.HEAD


def can_see_shelter_address(user: User, shelter: Shelter) -> bool:
    """The HEAD of the shelter's unit, or an active team member of a case placed there now or before.

    A shelter's address is what someone who harms a woman looks for: the staff who need it to bring her
    there and visit her are her case's team; the rest of the unit works with the shelter's name.
    """
    role = _role(user, shelter.unit_id)
    if role == Role.HEAD:
        return True
    if role not in {Role.CASE_MANAGER, Role.EXPERT}:
        return False
    return CaseTeamMember.objects.filter(
        user=user, is_active=True, case__shelter_stays__bed__room__shelter=shelter
    ).exists()


def can_admit(user: User, case: Case) -> bool:
    """Admit and discharge: the HEAD or the case's manager (the rest of the team reads)."""
    return can_manage(user, case)


# Who comes into a shelter with the victim (domain.md §C.17: the victim, and the children or dependants who
# cannot stay behind): a person added as "accompanying child / dependant" (any age: a dependant may be an
# adult sibling with a disability), another victim of the case who is a child, and — with a child victim
# only — her parent or guardian, so a girl is not placed without her non-offending mother (fresh-eyes walk
# 2, finding B). Never the reporter, a witness, or anyone who is also a perpetrator of the case.
COMPANION_ROLES = (PersonRole.ACCOMPANYING, PersonRole.VICTIM, PersonRole.PARENT_GUARDIAN)


def may_accompany(role: str, person: Person, year: int, *, child_victim: bool = False) -> bool:
    """May this person of the case be admitted with the victim (``COMPANION_ROLES``)? ``child_victim``: the
    victim admitted is a child (a parent or guardian comes only with a child). The caller excludes a person
    who is also a perpetrator of the case."""
    if role == PersonRole.ACCOMPANYING:
        return True
    if role == PersonRole.PARENT_GUARDIAN:
        return child_victim
    return role == PersonRole.VICTIM and person.is_child_in(year)


def room_named(room: ShelterRoom) -> str:
    """ "Kamar Mawar" for a room named "Mawar", and "Kamar Mawar" (not "Kamar Kamar Mawar") for one named so."""
    word = pgettext("shelter", "Room")
    if room.name.casefold().startswith((word.casefold(), "kamar", "room")):
        return room.name
    return f"{word} {room.name}"


def room_range(room: ShelterRoom) -> str:
    """Whom a room takes, in words: "Women and girls, ages 12–120" (shown before a bed is chosen)."""
    if room.min_age > 0 or room.max_age < 120:
        ages = _("ages %(min)d–%(max)d") % {"min": room.min_age, "max": room.max_age}
    else:
        ages = _("any age")
    return f"{room.get_takes_display()}, {ages}"


def room_refusal(room: ShelterRoom, person: Person, year: int) -> str | None:
    """Why ``room`` does not take ``person`` in ``year`` (None: it does). An unknown age is refused where the room
    limits ages, so a girl of unknown age is never put in a room for adults."""
    takes = SEX_TAKES.get(person.sex)
    if room.takes != RoomTakes.ANY and takes != room.takes:
        return _("%(room)s takes %(takes)s only.") % {"room": room_named(room), "takes": room.get_takes_display()}
    limited = room.min_age > 0 or room.max_age < 120
    if person.birth_year is None:
        if limited:
            return _(
                "Record the age of %(name)s first (an estimate is enough): %(room)s takes ages %(min)d–%(max)d."
            ) % {
                "name": person.spoken_name,
                "room": room_named(room),
                "min": room.min_age,
                "max": room.max_age,
            }
        return None
    age = year - person.birth_year
    if not room.min_age <= age <= room.max_age:
        return _("%(room)s takes ages %(min)d–%(max)d; %(name)s is about %(age)d.") % {
            "room": room_named(room),
            "min": room.min_age,
            "max": room.max_age,
            "name": person.spoken_name,
            "age": age,
        }
    return None


# The clock's moments fall at the start of office hours, so the warning and the escalation reach someone at work.
OFFICE_HOUR = dt.time(9, 0)


def limit_due(admitted_at: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Day 14 of the stay at 09:00 in the unit's time zone (the admission day is day 1): missed then, the work
    item is escalated to the HEAD on the last day, while the onward placement can still be arranged; its
    reminder, ``LIMIT_DAYS - WARNING_DAY`` days earlier, is the warning of day 10."""
    first = admitted_at.astimezone(zone).date()
    return dt.datetime.combine(first + dt.timedelta(days=LIMIT_DAYS - 1), OFFICE_HOUR, tzinfo=zone)


def latest_planned_until(admitted_at: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The last day a stay may be planned for: day 14."""
    return admitted_at.astimezone(zone).date() + dt.timedelta(days=LIMIT_DAYS - 1)


def stay_day(admitted_at: dt.datetime, today: dt.date, zone: ZoneInfo) -> int:
    """Which day of the stay ``today`` is (the admission day is day 1)."""
    return (today - admitted_at.astimezone(zone).date()).days + 1


def day_level(day: int) -> str:
    """The board's level of a stay: "ok", "warning" from day 10, "over" after day 14."""
    if day > LIMIT_DAYS:
        return "over"
    if day >= WARNING_DAY:
        return "warning"
    return "ok"
