"""Forms of the shelter pages: a shelter, a room, a bed, the admission from a case, the discharge.

Explicit fields only; persons are offered from the case, beds from the unit's free beds, codes from the
models' choices: anything else posted is a form error, never a 500.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.assistance.forms.mediation import _day
from sigap.assistance.forms.session import _text
from sigap.assistance.models.shelter import Bed, OnwardPlacement, PlacementCriterion, RoomTakes, ShelterOwner
from sigap.assistance.rules.shelter import room_named, room_range
from sigap.cases.forms.case import StyledForm
from sigap.cases.models.people import CasePerson
from sigap.core.widgets import CheckboxColumns


class ShelterForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("A name that does not give the place away."))
    owner = forms.ChoiceField(label=_("Owner"), choices=ShelterOwner.choices)
    active = forms.BooleanField(label=_("Takes admissions"), required=False, initial=True)

    def __init__(self, *args: Any, with_contact: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_contact:  # the HEAD only: the address is read by the HEAD and the placed cases' teams
            self.fields["address"] = _text(
                _("Address"), help_text=_("Shown only to the head and the teams of the cases placed there."), rows=2
            )
            self.fields["phone"] = forms.CharField(label=_("Phone"), max_length=40, required=False)
            self.style()


class RoomForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("shelter", "Room"), max_length=60)
    takes = forms.ChoiceField(label=_("Takes"), choices=RoomTakes.choices)
    min_age = forms.IntegerField(label=_("Youngest age"), min_value=0, max_value=120, initial=0)
    max_age = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=120, initial=120)
    active = forms.BooleanField(label=_("Takes admissions"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("min_age") is not None and data.get("max_age") is not None and data["min_age"] > data["max_age"]:
            self.add_error("max_age", _("The oldest age must not be below the youngest."))
        return data


class BedForm(StyledForm):
    label = forms.CharField(label=_("New bed"), max_length=30)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.spoken_name)


class BedField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Whom the room takes is read before submit, not learnt from a refusal (walk finding 8).
        return f"{obj.room.shelter.name} · {room_named(obj.room)} ({room_range(obj.room)}) · {obj.label}"


class AdmissionForm(StyledForm):
    """The victim and her bed, a bed for each child who comes with her (empty: the child does not come), the
    placement criteria of §C.17 and their reason."""

    victim = PersonField(label=_("Victim admitted"), queryset=CasePerson.objects.none())
    bed = BedField(label=_("Bed for the victim"), queryset=Bed.objects.none())
    criteria = forms.MultipleChoiceField(
        label=_("Placement criteria"), choices=PlacementCriterion.choices, widget=CheckboxColumns(columns=2)
    )
    criteria_reason = forms.CharField(
        label=_("Why the placement is needed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_until = _day(_("Planned until"), required=False)

    def __init__(
        self, *args: Any, victims: QuerySet[CasePerson], children: list[CasePerson], beds: QuerySet[Bed], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        cast(forms.ModelChoiceField, self.fields["bed"]).queryset = beds
        self.fields["planned_until"].help_text = _("At most day 14 of the stay; empty: day 14.")
        self.children = children
        for child in children:
            self.fields[f"child_{child.pk}"] = BedField(
                label=_("Bed for %(name)s (empty: does not come)") % {"name": child.person.spoken_name},
                queryset=beds,
                required=False,
            )
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        victim = data.get("victim")
        # With two victims both are listed as companions (a child victim may come with the other): never the
        # one admitted as the victim herself.
        if victim is not None and data.get(f"child_{victim.pk}") is not None:
            self.add_error(f"child_{victim.pk}", _("She is the victim admitted: her bed is chosen above."))
        return data

    def child_choices(self) -> tuple[list[CasePerson], list[Bed]]:
        """The children who come and their beds, in the same order."""
        pairs = [(c, self.cleaned_data.get(f"child_{c.pk}")) for c in self.children]
        chosen = [(c, b) for c, b in pairs if b is not None]
        return [c for c, _b in chosen], [b for _c, b in chosen]


class DischargeForm(StyledForm):
    onward = forms.ChoiceField(label=_("Onward placement"), choices=[("", "---------"), *OnwardPlacement.choices])
    note = _text(_("Discharge note"), help_text=_("Required when the placement is 'Other'."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("onward") == OnwardPlacement.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the other placement."))
        return data
