"""The follow-up form: how and when, reached or not, safety, wellbeing, the goals and the indicators. A new incident
is recorded with the case file's own incident form (prefix ``incident``), validated only when new violence is
reported."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.forms.case import StyledForm
from sigap.core.widgets import IsoDateInput
from sigap.empowerment.models import FollowUpMode, GoalsProgress, IncomeBand, Wellbeing
from sigap.empowerment.services.follow_up import FollowUpData, Indicators

_BLANK = [("", "---------")]


class FollowUpForm(StyledForm):
    mode = forms.ChoiceField(label=_("How"), choices=_BLANK + list(FollowUpMode.choices))
    held_on = forms.DateField(label=_("Day"), widget=IsoDateInput())
    reached = forms.TypedChoiceField(
        label=_("Was the victim reached?"),
        choices=[("yes", _("Yes")), ("no", _("No, she could not be reached"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    new_violence = forms.BooleanField(
        label=_("New violence since the last contact"),
        required=False,
        help_text=_("Record the incident below: the case goes back to assessment in the same step."),
        # Ticking it unfolds the incident's fields (sigap.js); they stay folded on a good-news visit (walk #14).
        widget=forms.CheckboxInput(attrs={"data-opens": "new-incident"}),
    )
    wellbeing = forms.ChoiceField(label=_("Wellbeing"), required=False, choices=_BLANK + list(Wellbeing.choices))
    goals_progress = forms.ChoiceField(
        label=_("Goals of the plan"), required=False, choices=_BLANK + list(GoalsProgress.choices)
    )
    income_band = forms.ChoiceField(label=_("Own income"), required=False, choices=_BLANK + list(IncomeBand.choices))
    business_running = forms.BooleanField(label=_("Business running"), required=False)
    employed = forms.BooleanField(label=_("Employed"), required=False)
    documents_complete = forms.BooleanField(label=_("Civil documents complete"), required=False)
    enrolled_assistance = forms.BooleanField(label=_("Enrolled in social assistance"), required=False)
    independent = forms.BooleanField(
        label=_("Independent (the unit's definition above)"),
        required=False,
        help_text=_("Suggested when she has her own income and her documents are complete."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_held_on(self) -> dt.date | None:
        day = self.cleaned_data.get("held_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The follow-up cannot be recorded for a day in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reached") is True:
            for name, message in (
                ("wellbeing", _("Choose the victim's wellbeing.")),
                ("goals_progress", _("Choose how far the goals of the plan are met.")),
                ("income_band", _("Choose the victim's own income.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        elif data.get("reached") is False and data.get("new_violence"):
            self.add_error("new_violence", _("New violence is recorded only when the victim was reached."))
        return data

    def follow_up_data(self) -> FollowUpData:
        data = self.cleaned_data
        reached = bool(data["reached"])
        indicators = None
        if reached:
            indicators = Indicators(
                income_band=data["income_band"],
                business_running=bool(data["business_running"]),
                employed=bool(data["employed"]),
                documents_complete=bool(data["documents_complete"]),
                enrolled_assistance=bool(data["enrolled_assistance"]),
                independent=bool(data["independent"]),
            )
        return FollowUpData(
            mode=data["mode"],
            held_on=data["held_on"],
            reached=reached,
            new_violence=reached and bool(data["new_violence"]),
            wellbeing=data["wellbeing"] if reached else "",
            goals_progress=data["goals_progress"] if reached else "",
            notes=data["notes"],
            indicators=indicators,
        )
