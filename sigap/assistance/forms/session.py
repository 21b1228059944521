"""Forms of the session pages: plan (book), record the outcome, reschedule, cancel.

Explicit fields only; people are offered from the case's team, plan services from its approved plan,
codes from the models' choices: anything else posted is a form error, never a 500. Times are read in the
active time zone (the unit's, set by ``UnitTimezoneMiddleware``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import User
from sigap.assistance.models.room import Room
from sigap.assistance.models.session import NotHeldReason, SessionKind, SessionPlace, SessionStatus
from sigap.assistance.services.session import CLOCK_SLACK, MAX_SHORT, MAX_TEXT
from sigap.cases.forms.case import StyledForm
from sigap.cases.forms.casework import IdsChoiceField
from sigap.cases.models.plan import PlanItem, PlanItemStatus
from sigap.core.widgets import IsoDateTimeInput

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def _when(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=IsoDateTimeInput(),
        help_text=_("In the unit's time zone."),
        error_messages={"invalid": _("Enter a date and time, e.g. 25/10/2026 14:30.")},
    )


def _text(label: Any, *, help_text: Any = "", rows: int = 3, limit: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=limit, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class StaffField(IdsChoiceField):
    """Team members as checkboxes, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class PlanItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.service_label} · {obj.provider_label}"


class _SessionForm(StyledForm):
    """The override reason, shown to the HEAD only (the services refuse it from anyone else)."""

    def __init__(self, *args: Any, is_head: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_head:
            self.fields["override_reason"] = _text(
                _("Override reason (head of the unit only)"),
                help_text=_("Only when a credential rule refuses the session and you decide it goes on: say why."),
                rows=2,
            )
            self.style()

    def _team(self, experts: QuerySet[User], staff: QuerySet[User]) -> None:
        cast(forms.ModelMultipleChoiceField, self.fields["experts"]).queryset = experts
        cast(forms.ModelMultipleChoiceField, self.fields["staff"]).queryset = staff

    def _order(self, start: str, end: str) -> None:
        data = self.cleaned_data
        if data.get(start) and data.get(end) and data[end] <= data[start]:
            self.add_error(end, _("The end must be after the start."))


class SessionPlanForm(_SessionForm):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=[("", "---------"), *SessionKind.choices])
    plan_item = PlanItemField(
        label=_("Service of the plan it delivers"),
        required=False,
        queryset=PlanItem.objects.none(),
        help_text=_("Optional: the service of the approved plan this session delivers."),
    )
    planned_start = _when(_("Start"))
    planned_end = _when(_("End"))
    # "Place" alone is the incident's scene (Tempat kejadian); a session's place is its own word.
    place = forms.ChoiceField(
        label=pgettext_lazy("session", "Place"), choices=[("", "---------"), *SessionPlace.choices]
    )
    place_detail = forms.CharField(
        label=_("Place details"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("E.g. which police station or court, or the meeting link."),
    )
    room = forms.ModelChoiceField(
        label=_("Room"),
        required=False,
        queryset=Room.objects.none(),
        help_text=_("Only for a session at the unit office; a room is never booked twice at one time."),
    )
    experts = StaffField(label=_("Experts"), required=False, queryset=User.objects.none())
    staff = StaffField(label=_("Staff"), required=False, queryset=User.objects.none())

    def __init__(
        self,
        *args: Any,
        experts: QuerySet[User],
        staff: QuerySet[User],
        items: QuerySet[PlanItem],
        rooms: QuerySet[Room] | None = None,
        rooms_url: str = "",
        **kwargs: Any,
    ) -> None:
        """``rooms_url``: the rooms page, given only to those who may add rooms (the HEAD, the unit admin)."""
        super().__init__(*args, **kwargs)
        self._team(experts, staff)
        cast(forms.ModelChoiceField, self.fields["plan_item"]).queryset = items
        room = cast(forms.ModelChoiceField, self.fields["room"])
        room.queryset = rooms if rooms is not None else Room.objects.none()
        if not room.queryset.exists():
            # An empty dropdown reads as broken: say why, and who can fill it.
            room.disabled = True
            room.empty_label = _("No room yet")
            room.help_text = (
                format_html(
                    '{} <a href="{}">{}</a>', _("The unit has no rooms yet."), rooms_url, _("Add the unit's rooms")
                )
                if rooms_url
                else _(
                    "The unit has no rooms yet: the head of the unit or the unit administrator adds them "
                    "on the Rooms page."
                )
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._order("planned_start", "planned_end")
        data = self.cleaned_data
        if data.get("room") is not None and data.get("place") and data["place"] != SessionPlace.UNIT_OFFICE:
            self.add_error("room", _("A room can be booked only for a session at the unit office."))
        return data


class SessionRescheduleForm(_SessionForm):
    planned_start = _when(_("New start"))
    planned_end = _when(_("New end"))
    note = _text(_("Why it is moved"), rows=2)

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._order("planned_start", "planned_end")
        return self.cleaned_data


OUTCOME_CHOICES = [
    ("", "---------"),
    (SessionStatus.HELD, _("It was held")),
    (SessionStatus.NOT_HELD, _("It was not held")),
]
NOT_HELD_CHOICES = [
    ("", "---------"),
    *((v, label) for v, label in NotHeldReason.choices if v != NotHeldReason.RESCHEDULED),
]
ITEM_CHOICES = [
    ("", _("Leave the service as it is")),
    (PlanItemStatus.IN_PROGRESS, _("The service is in progress")),
    (PlanItemStatus.DONE, _("The service is done")),
]


class SessionRecordForm(_SessionForm):
    """The outcome of a planned session: held (times, who came, outcome, notes) or not held (why)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    actual_start = _when(_("Actual start"), required=False)
    actual_end = _when(_("Actual end"), required=False)
    victim_present = forms.BooleanField(label=_("The victim was present"), required=False)
    companion_present = forms.BooleanField(label=_("A companion was present"), required=False)
    companion_who = forms.CharField(
        label=_("Who accompanied the victim"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("E.g. mother, aunt, teacher."),
    )
    experts = StaffField(label=_("Experts present"), required=False, queryset=User.objects.none())
    staff = StaffField(label=_("Staff present"), required=False, queryset=User.objects.none())
    outcome_summary = _text(_("Outcome summary"), help_text=_("Read by the case team."))
    next_step = _text(_("Next step"), rows=2)
    notes = _text(_("Notes"), rows=5)
    item_status = forms.ChoiceField(label=_("Service of the plan"), choices=ITEM_CHOICES, required=False)
    not_held_reason = forms.ChoiceField(label=_("Why it was not held"), choices=NOT_HELD_CHOICES, required=False)
    status_note = _text(_("Reason in words"), rows=2, help_text=_("Needed for “other reason”."))

    def __init__(
        self,
        *args: Any,
        experts: QuerySet[User],
        staff: QuerySet[User],
        notes_help: Any = "",
        has_item: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._team(experts, staff)
        self.fields["notes"].help_text = notes_help
        if not has_item:
            del self.fields["item_status"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == SessionStatus.HELD:
            for name in ("actual_start", "actual_end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Enter when the session took place."))
            self._order("actual_start", "actual_end")
            # The service refuses it too; here the message sits on the field that is wrong.
            latest = timezone.now() + CLOCK_SLACK
            for name in ("actual_start", "actual_end"):
                if data.get(name) and data[name] > latest and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "A session cannot be recorded as held before it has taken place: this time is in the future."
                        ),
                    )
        elif data.get("outcome") == SessionStatus.NOT_HELD:
            if not data.get("not_held_reason"):
                self.add_error("not_held_reason", _("Choose why the session was not held."))
            elif data["not_held_reason"] == NotHeldReason.OTHER and not (data.get("status_note") or "").strip():
                self.add_error("status_note", _("Say in words why the session was not held."))
        return data


class SessionCancelForm(StyledForm):
    note = forms.CharField(
        label=_("Why it is cancelled"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
