"""Rooms of the unit (issue #12, "Appointments calendar"): the resources a session can book.

A room belongs to one unit and is managed by its HEAD or unit administrator. It is never deleted
(sessions keep pointing to it): a room no longer used is deactivated and then offered to no new booking.
Its name is a label of the office ("Ruang konseling 1"), not personal data.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RoomKind(models.TextChoices):
    COUNSELLING = "COUNSELLING", _("Counselling room")
    PLAYROOM = "PLAYROOM", _("Playroom for children")
    INTERVIEW = "INTERVIEW", _("Interview room")
    OTHER = "OTHER", _("Other room")


class Room(models.Model):
    """A bookable room of a unit's office; a session at the unit office may book one (no double booking)."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    name = models.CharField(_("name of the room"), max_length=80)
    kind = models.CharField(_("kind of room"), max_length=12, choices=RoomKind.choices)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name", "pk"]
        constraints = [
            # Two rooms with one name would be two lines nobody can tell apart on the calendar. The unique
            # index leads with the unit: it is also the index of the unit's room list.
            models.UniqueConstraint("unit", Lower("name"), name="assistance_room_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """``ruang Konseling 1`` in running text; the name alone when it already says it is a room.

        Units name their rooms "Ruang Konseling 1": prefixing "ruang" again read "ruang Ruang Konseling 1"
        (walk of #12).
        """
        return room_label(self.name)


def room_label(name: str) -> str:
    """:attr:`Room.label` of a room's name (the calendar reads names, not rooms)."""
    if name.strip().casefold().startswith(("ruang", "room")):
        return name
    return gettext("room %(name)s") % {"name": name}
