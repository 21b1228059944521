"""The form that adds a room of the unit (calendar, issue #12): a name and a kind, nothing else."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.assistance.models.room import RoomKind
from sigap.assistance.services.room import MAX_NAME
from sigap.cases.forms.case import StyledForm


class RoomForm(StyledForm):
    name = forms.CharField(
        label=_("Name of the room"), max_length=MAX_NAME, help_text=_("E.g. Ruang Konseling 1, Ruang Bermain Anak.")
    )
    kind = forms.ChoiceField(label=_("Kind of room"), choices=[("", "---------"), *RoomKind.choices])
