"""Forms of the mediation and health pages. Explicit fields only: anything else posted is a form error."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.assistance.forms.session import _text, _when
from sigap.assistance.models.mediation import MediationMatter, MediationStatus
from sigap.assistance.services.session import MAX_SHORT
from sigap.cases.forms.case import StyledForm
from sigap.core.widgets import IsoDateInput

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _day(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=IsoDateInput(),
        error_messages={"invalid": _("Enter a date, e.g. 25/10/2026.")},
    )


class MediatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class MediationOpenForm(StyledForm):
    matter = forms.ChoiceField(label=_("Matter"), choices=[("", "---------"), *MediationMatter.choices])
    free_decision_note = _text(
        _("Assessment that the victim decides freely"),
        help_text=_("Recorded by the case manager or a psychologist of the team: who and when are kept."),
    )
    mediator = MediatorField(
        label=_("Mediator"),
        queryset=User.objects.none(),
        help_text=_(
            "The list holds the head, the case managers and the psychological and legal counsellors of the unit: "
            "the staff whose duty includes mediation."
        ),
    )
    mediator_trained = forms.BooleanField(label=_("I confirm the mediator is trained in mediation"), required=False)

    def __init__(self, *args: Any, mediators: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["mediator"]).queryset = mediators


class MediationSessionForm(StyledForm):
    held_at = _when(_("Held on"))
    present = forms.CharField(label=_("Present"), max_length=500, help_text=_("The parties and staff present."))
    notes = _text(_("Notes"))


class MediationOutcomeForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "---------"), *[c for c in MediationStatus.choices if c[0] != MediationStatus.OPEN]],
    )
    note = _text(_("What was agreed, or why not"))


class FollowUpForm(StyledForm):
    promise = forms.CharField(label=_("What the agreement promises"), max_length=MAX_SHORT)
    due = _day(_("Check on"))


class ReferralForm(StyledForm):
    facility = forms.CharField(label=_("Health facility"), max_length=MAX_SHORT)
    referred_on = _day(_("Referred on"))


class VisumForm(StyledForm):
    requested_on = _day(_("Visum requested by the police on"), required=False)
    done_on = _day(_("Visum done on"), required=False)
    report_on = _day(_("Visum report received on"), required=False)
