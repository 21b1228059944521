"""Forms of the outreach pages: plan a visit, record it, cancel it.

Explicit fields only; the team is offered from ``team_candidates``, the village from the regions picker, codes
from the models' choices: anything else posted is a form error, never a 500. Times are read in the active time
zone (the unit's). The plan and record forms share the visit's details (village, address, transport, safety
plan) so the record form can correct them as they were on the day.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.assistance.forms.session import StaffField, _text, _when
from sigap.assistance.models.outreach import OutreachFollowUp, OutreachReason, OutreachTransport
from sigap.assistance.services.outreach import MAX_TEXT
from sigap.cases.forms.case import StyledForm
from sigap.regions.forms import VillageField


class _VisitForm(StyledForm):
    """The details shared by the plan and the record forms; ``team`` offers the given people."""

    team = StaffField(label=_("Outreach team"), queryset=User.objects.none())
    village = VillageField(label=_("Village"), required=False)
    address_detail = _text(
        _("Address details"), help_text=_("Street, RT/RW, landmarks: how the team finds the place."), rows=2
    )
    transport = forms.ChoiceField(
        label=_("Transport"), required=False, choices=[("", "---------"), *OutreachTransport.choices]
    )
    safety_plan = _text(
        _("Safety plan"),
        help_text=_("Risks on the way and at the place, who waits outside, who to call (police, health centre)."),
        limit=MAX_TEXT,
    )

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["team"]).queryset = team
        self.fields["team"].error_messages["required"] = _("Name at least one person of the outreach team.")


class OutreachPlanForm(_VisitForm):
    field_order = ["planned_at", "reason", "team", "village", "address_detail", "transport", "safety_plan"]

    planned_at = _when(_("Planned for"))
    reason = forms.ChoiceField(label=_("Reason for the visit"), choices=[("", "---------"), *OutreachReason.choices])


class OutreachRecordForm(_VisitForm):
    field_order = [
        "done_at",
        "team",
        "village",
        "address_detail",
        "transport",
        "safety_plan",
        "result",
        "follow_up",
    ]

    done_at = _when(_("Done at"))
    result = forms.CharField(
        label=_("Result"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whom the team met, the victim's situation and needs, what was agreed."),
    )
    follow_up = forms.ChoiceField(label=_("What follows"), choices=[("", "---------"), *OutreachFollowUp.choices])


class OutreachCancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
