"""Writes of the temporary shelter (issue #12; domain.md §C.17, §D1): shelters, rooms and beds (the HEAD or the
unit administrator), the admission of a victim and the children with her, their discharge with the onward
placement.

Every function is typed, runs in one transaction and writes its audit event in it. Admission and discharge
are events on the case (``changed_fields=["shelter"]``: codes and ids only, never the shelter's address), which
are also the case timeline's lines. The admission locks the chosen beds (``select_for_update``) before it
checks them, so two admissions racing for the last bed cannot both succeed; the partial unique constraints
of :class:`ShelterStay` are the database's own refusal behind that lock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sigap.accounts.models import Unit, User
from sigap.assistance.kinds import SHELTER_LIMIT
from sigap.assistance.models.shelter import (
    Bed,
    OnwardPlacement,
    PlacementCriterion,
    RoomTakes,
    Shelter,
    ShelterOwner,
    ShelterRoom,
    ShelterStay,
)
from sigap.assistance.rules.shelter import (
    COMPANION_ROLES,
    can_admit,
    can_edit_shelter_contact,
    can_manage_shelters,
    latest_planned_until,
    limit_due,
    may_accompany,
    room_refusal,
)
from sigap.assistance.services.common import audit_case, responsible_for
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.work.services import work_item_done, work_item_open

MAX_NAME = 120
MAX_TEXT = 5000


def _text(value: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise TransitionRefused(_("A text is too long (at most %(n)d characters).") % {"n": limit})
    return text


def _manager(actor: User, unit: Unit) -> None:
    if not can_manage_shelters(actor, unit.pk):
        raise TransitionRefused(_("Only the head of the unit or the unit administrator manages the shelters."))


def _audit_shelter(actor: User, shelter: Shelter, event: str, request: HttpRequest | None, **extra: object) -> None:
    audit_record(
        actor=actor,
        unit=shelter.unit,
        action=AuditAction.UPDATE if event != "created" else AuditAction.CREATE,
        obj=shelter,
        changed_fields=["shelter"],
        new={"shelter": {"event": event, **extra}},  # ids and codes: never the address
        request=request,
    )


# --- shelters, rooms, beds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShelterData:
    name: str
    owner: str = ShelterOwner.OWN
    active: bool = True
    # None: leave the address and phone as they are (the administrator does not see them).
    address: str | None = None
    phone: str | None = None


def _apply_shelter(actor: User, shelter: Shelter, data: ShelterData) -> list[str]:
    name = _text(data.name, limit=MAX_NAME)
    if not name:
        raise TransitionRefused(_("Give the shelter a name."))
    if data.owner not in ShelterOwner.values:
        raise TransitionRefused(_("Choose who runs the shelter."))
    if Shelter.objects.filter(unit=shelter.unit, name=name).exclude(pk=shelter.pk).exists():
        raise TransitionRefused(_("The unit already has a shelter of that name."))
    shelter.name, shelter.owner, shelter.active = name, data.owner, data.active
    fields = ["name", "owner", "active"]
    if data.address is not None or data.phone is not None:
        if not can_edit_shelter_contact(actor, shelter.unit_id):
            raise TransitionRefused(_("Only the head of the unit records a shelter's address and phone."))
        shelter.address, shelter.phone = _text(data.address or ""), _text(data.phone or "", limit=40)
        fields += ["address", "phone"]
    return fields


@transaction.atomic
def shelter_create(*, actor: User, unit: Unit, data: ShelterData, request: HttpRequest | None = None) -> Shelter:
    _manager(actor, unit)
    shelter = Shelter(unit=unit, created_at=timezone.now(), created_by=actor)
    _apply_shelter(actor, shelter, data)
    shelter.save()
    _audit_shelter(actor, shelter, "created", request, owner=shelter.owner)
    return shelter


@transaction.atomic
def shelter_update(*, actor: User, shelter: Shelter, data: ShelterData, request: HttpRequest | None = None) -> Shelter:
    row = Shelter.objects.select_for_update().select_related("unit").get(pk=shelter.pk)
    _manager(actor, row.unit)
    fields = _apply_shelter(actor, row, data)
    row.save(update_fields=fields)
    _audit_shelter(actor, row, "updated", request, fields=fields)
    return row


@dataclass(frozen=True)
class RoomData:
    name: str
    takes: str = RoomTakes.FEMALE
    min_age: int = 0
    max_age: int = 120
    active: bool = True


@transaction.atomic
def room_save(
    *,
    actor: User,
    shelter: Shelter,
    data: RoomData,
    room: ShelterRoom | None = None,
    request: HttpRequest | None = None,
) -> ShelterRoom:
    """Add a room to the shelter (``room`` None) or change one of its rooms."""
    row_shelter = Shelter.objects.select_for_update().select_related("unit").get(pk=shelter.pk)
    _manager(actor, row_shelter.unit)
    name = _text(data.name, limit=60)
    if not name:
        raise TransitionRefused(pgettext("shelter", "Give the room a name."))
    if data.takes not in RoomTakes.values:
        raise TransitionRefused(_("Choose who the room takes."))
    if not 0 <= data.min_age <= data.max_age <= 120:
        raise TransitionRefused(_("The ages must be between 0 and 120, the youngest first."))
    same_name = ShelterRoom.objects.filter(shelter=row_shelter, name=name)
    if room is not None:
        same_name = same_name.exclude(pk=room.pk)
    if same_name.exists():
        raise TransitionRefused(_("The shelter already has a room of that name."))
    if room is None:
        row = ShelterRoom(shelter=row_shelter)
    else:
        row = ShelterRoom.objects.select_for_update().get(pk=room.pk, shelter=row_shelter)
    row.name, row.takes, row.min_age, row.max_age, row.active = (
        name,
        data.takes,
        data.min_age,
        data.max_age,
        data.active,
    )
    row.save()
    _audit_shelter(actor, row_shelter, "room", request, room=row.pk, takes=row.takes)
    return row


@transaction.atomic
def bed_add(*, actor: User, room: ShelterRoom, label: str, request: HttpRequest | None = None) -> Bed:
    shelter = Shelter.objects.select_for_update().select_related("unit").get(pk=room.shelter_id)
    _manager(actor, shelter.unit)
    text = _text(label, limit=30)
    if not text:
        raise TransitionRefused(_("Give the bed a label."))
    if Bed.objects.filter(room=room, label=text).exists():
        raise TransitionRefused(_("The room already has a bed of that label."))
    bed = Bed.objects.create(room=room, label=text)
    _audit_shelter(actor, shelter, "bed", request, bed=bed.pk, active=True)
    return bed


@transaction.atomic
def bed_set_active(*, actor: User, bed: Bed, active: bool, request: HttpRequest | None = None) -> Bed:
    """Take a bed out of use (or back). A bed with someone on it stays in use until her discharge."""
    row = Bed.objects.select_for_update().select_related("room__shelter__unit").get(pk=bed.pk)
    _manager(actor, row.room.shelter.unit)
    if not active and ShelterStay.objects.filter(bed=row, discharged_at__isnull=True).exists():
        raise TransitionRefused(_("Someone is on this bed: discharge her first."))
    row.active = active
    row.save(update_fields=["active"])
    _audit_shelter(actor, row.room.shelter, "bed", request, bed=row.pk, active=active)
    return row


# --- admission and discharge --------------------------------------------------------------------------


@dataclass(frozen=True)
class AdmissionData:
    """The victim and her bed; the children with her, each on a bed of their own (same order)."""

    victim: CasePerson
    bed: Bed
    criteria: list[str]
    criteria_reason: str
    planned_until: dt.date | None = None
    children: list[CasePerson] = field(default_factory=list)
    child_beds: list[Bed] = field(default_factory=list)


def _free(shelter_id: uuid.UUID) -> int:
    """Active beds of the shelter's active rooms with nobody on them."""
    return (
        Bed.objects.filter(room__shelter_id=shelter_id, active=True, room__active=True)
        .exclude(pk__in=ShelterStay.objects.filter(discharged_at__isnull=True).values("bed_id"))
        .count()
    )


def _check_people(case: Case, data: AdmissionData) -> list[CasePerson]:
    people = [data.victim, *data.children]
    if len({p.pk for p in people}) != len(people):
        raise TransitionRefused(_("Each person is admitted once."))
    if len(data.child_beds) != len(data.children):
        raise TransitionRefused(_("Choose a bed for each child."))
    links = {
        link.pk: link
        for link in CasePerson.objects.filter(pk__in=[p.pk for p in people], case=case).select_related("person")
    }
    victim = links.get(data.victim.pk)
    if victim is None or victim.role != PersonRole.VICTIM:
        raise TransitionRefused(_("The person admitted must be a victim of this case."))
    year = timezone.localdate(timezone.now(), case.unit.zone).year
    child_victim = victim.person.is_child_in(year)
    perpetrators = set(
        CasePerson.objects.filter(case=case, role=PersonRole.PERPETRATOR).values_list("person_id", flat=True)
    )
    for child in data.children:
        link = links.get(child.pk)
        if link is None or link.role not in COMPANION_ROLES or link.person_id in perpetrators:
            raise TransitionRefused(
                _(
                    "Only the victim's accompanying children or dependants, a child victim of this case, or the "
                    "parent or guardian of a child victim (never a suspected perpetrator) come with her (add the "
                    'person with the role "Accompanying child / dependant").'
                )
            )
        if link.role == PersonRole.PARENT_GUARDIAN and not child_victim:
            raise TransitionRefused(
                _("%(name)s comes as a parent or guardian only with a child victim.")
                % {"name": link.person.spoken_name}
            )
        if not may_accompany(link.role, link.person, year, child_victim=child_victim):
            raise TransitionRefused(
                _("%(name)s is not a child: an adult is admitted on her own case.") % {"name": link.person.spoken_name}
            )
    found = [links[p.pk] for p in people]
    if ShelterStay.objects.filter(person__person__in=[p.person_id for p in found], discharged_at__isnull=True).exists():
        raise TransitionRefused(_("Someone of them is already in a shelter: discharge her there first."))
    return found


def _check_beds(case: Case, people: list[CasePerson], beds: list[Bed]) -> None:
    """Lock the beds (in a fixed order, so two admissions never wait on each other crosswise), then check."""
    if len({bed.pk for bed in beds}) != len(beds):
        raise TransitionRefused(_("Each person needs a bed of her own."))
    locked = {
        bed.pk: bed
        for bed in Bed.objects.select_for_update(of=("self",))
        .filter(pk__in=[b.pk for b in beds])
        .select_related("room__shelter")
        .order_by("pk")
    }
    if len(locked) != len(beds):
        raise TransitionRefused(_("Choose a bed of a shelter of the unit."))
    shelters = {bed.room.shelter_id for bed in locked.values()}
    shelter = next(iter(locked.values())).room.shelter
    if len(shelters) != 1 or shelter.unit_id != case.unit_id:
        raise TransitionRefused(_("A victim and the children with her go to one shelter of the unit."))
    if not shelter.active:
        raise TransitionRefused(_("The shelter %(name)s takes no admission now.") % {"name": shelter.name})
    free = _free(shelter.pk)
    if free == 0:
        raise TransitionRefused(_("The shelter %(name)s is full: no bed is free.") % {"name": shelter.name})
    if free < len(beds):
        raise TransitionRefused(
            _("The shelter %(name)s has %(free)d free beds for %(n)d persons.")
            % {"name": shelter.name, "free": free, "n": len(beds)}
        )
    taken = set(
        ShelterStay.objects.filter(bed_id__in=locked, discharged_at__isnull=True).values_list("bed_id", flat=True)
    )
    year = timezone.localdate(timezone.now(), case.unit.zone).year
    for link, chosen in zip(people, beds, strict=True):
        bed = locked[chosen.pk]
        if bed.pk in taken:
            raise TransitionRefused(_("The bed %(bed)s is taken: choose another.") % {"bed": bed.label})
        if not bed.active or not bed.room.active:
            raise TransitionRefused(_("The bed %(bed)s is not in use.") % {"bed": bed.label})
        refusal = room_refusal(bed.room, link.person, year)
        if refusal:
            raise TransitionRefused(refusal)


@transaction.atomic
def shelter_admit(*, actor: User, case: Case, data: AdmissionData, request: HttpRequest | None = None) -> ShelterStay:
    """Admit the victim (and the children with her) to beds of one shelter, with the placement criteria of
    §C.17 and their reason; opens the 14-day clock. Refused with the reason when the case is closed, a person is
    not on the case, the shelter is full, a bed is taken or its room does not take the person."""
    # Only the case row (``of``): locking the joined unit too would queue every admission of the unit behind
    # one another and hide what the bed lock below is for (the race test checks the bed lock alone).
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no admission to a shelter; reopen it first."))
    if not can_admit(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager admits to a shelter."))
    criteria = list(dict.fromkeys(data.criteria))
    if not criteria or any(c not in PlacementCriterion.values for c in criteria):
        raise TransitionRefused(_("Tick at least one placement criterion."))
    reason = _text(data.criteria_reason)
    if not reason:
        raise TransitionRefused(_("Say why the placement is needed."))
    people = _check_people(case, data)
    _check_beds(case, people, [data.bed, *data.child_beds])
    now = timezone.now()
    latest = latest_planned_until(now, case.unit.zone)
    planned = data.planned_until or latest
    if not timezone.localdate(now, case.unit.zone) <= planned <= latest:
        raise TransitionRefused(
            _("Plan the stay until a day from today to day 14 at the latest (%(day)s).") % {"day": latest.isoformat()}
        )
    common = {"unit": case.unit, "case": case, "admitted_at": now, "planned_until": planned, "created_by": actor}
    try:
        with transaction.atomic():
            stay = ShelterStay.objects.create(
                person=people[0], bed=data.bed, criteria=criteria, criteria_reason=reason, **common
            )
            for link, bed in zip(people[1:], data.child_beds, strict=True):
                ShelterStay.objects.create(person=link, bed=bed, principal=stay, **common)
    except IntegrityError:
        # Behind the lock this is only reached by a person admitted elsewhere at the same moment.
        raise TransitionRefused(_("A bed or a person was just taken by another admission: try again.")) from None
    work_item_open(
        unit=case.unit,
        kind=SHELTER_LIMIT,
        target=stay,
        due_at=limit_due(now, case.unit.zone),
        responsible=responsible_for(case, actor),
        title_key=case.number,
    )
    values = {"event": "admitted", "stay": str(stay.pk), "shelter": str(data.bed.room.shelter_id)}
    audit_case(actor=actor, case=case, field="shelter", values={**values, "persons": len(people)}, request=request)
    return stay


@transaction.atomic
def shelter_discharge(
    *, actor: User, stay: ShelterStay, onward: str, note: str = "", request: HttpRequest | None = None
) -> ShelterStay:
    """Discharge the victim and the children with her, recording where they go (required); closes the clock."""
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=stay.case_id)
    if not can_admit(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager discharges from a shelter."))
    row = ShelterStay.objects.select_for_update().get(pk=stay.principal_id or stay.pk, case=case)
    if not row.is_open:
        raise TransitionRefused(_("This stay has ended already."))
    if onward not in OnwardPlacement.values:
        raise TransitionRefused(_("Say where she goes after the shelter."))
    text = _text(note)
    if onward == OnwardPlacement.OTHER and not text:
        raise TransitionRefused(_("Describe the other placement in the note."))
    now = timezone.now()
    row.discharged_at, row.discharged_by, row.onward, row.discharge_note = now, actor, onward, text
    row.save(update_fields=["discharged_at", "discharged_by", "onward", "discharge_note"])
    ShelterStay.objects.filter(principal=row, discharged_at__isnull=True).update(
        discharged_at=now, discharged_by=actor, onward=onward
    )
    work_item_done(target=row, kind=SHELTER_LIMIT, by=actor)
    values = {"event": "discharged", "stay": str(row.pk), "onward": onward}
    audit_case(actor=actor, case=case, field="shelter", values=values, request=request)
    return row
