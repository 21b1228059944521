"""Writes of the unit's rooms (calendar, issue #12): add a room, take it out of use or back into use.

Only the HEAD or the unit administrator of the room's unit; each write is audited in its transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role, User
from sigap.assistance.models.room import Room, RoomKind
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.rules.guards import TransitionRefused

ROOM_MANAGERS = (Role.HEAD, Role.UNIT_ADMIN)
MAX_NAME = 80


def _manager_unit_id(actor: User) -> int:
    membership = actor.membership
    if membership is None or membership.role not in ROOM_MANAGERS:
        raise TransitionRefused(_("Only the head of the unit or the unit administrator manages the rooms."))
    return int(membership.unit_id)


@transaction.atomic
def room_add(*, actor: User, name: str, kind: str, request: HttpRequest | None = None) -> Room:
    """A new room of the actor's unit; its name must be new in the unit (whatever the case of the letters)."""
    unit_id = _manager_unit_id(actor)
    clean = " ".join((name or "").replace("\x00", "").split())
    if not clean:
        raise TransitionRefused(_("Give the room a name."))
    if len(clean) > MAX_NAME:
        raise TransitionRefused(_("A room's name has at most %(n)d characters.") % {"n": MAX_NAME})
    if kind not in RoomKind.values:
        raise TransitionRefused(_("Choose the kind of room."))
    if Room.objects.filter(unit_id=unit_id, name__iexact=clean).exists():
        raise TransitionRefused(_("The unit already has a room with this name."))
    try:
        with transaction.atomic():
            room = Room.objects.create(unit_id=unit_id, name=clean, kind=kind, created_at=timezone.now())
    except IntegrityError:  # the same name added at the same moment by someone else
        raise TransitionRefused(_("The unit already has a room with this name.")) from None
    audit_record(
        actor=actor,
        unit=actor.membership.unit if actor.membership else None,
        action=AuditAction.CREATE,
        obj=room,
        request=request,
    )
    return room


@transaction.atomic
def room_set_active(*, actor: User, room: Room, active: bool, request: HttpRequest | None = None) -> Room:
    """Take a room out of use (its past and planned bookings stay) or back into use."""
    unit_id = _manager_unit_id(actor)
    row = Room.objects.select_for_update().filter(pk=room.pk, unit_id=unit_id).first()
    if row is None:
        raise TransitionRefused(_("This room is not one of your unit's."))
    if row.active != active:
        old = row.active
        row.active = active
        row.save(update_fields=["active"])
        audit_record(
            actor=actor,
            unit=actor.membership.unit if actor.membership else None,
            action=AuditAction.UPDATE,
            obj=row,
            changed_fields=["active"],
            old={"active": old},
            new={"active": active},
            request=request,
        )
    return row
