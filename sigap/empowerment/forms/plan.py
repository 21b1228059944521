"""Forms of the household needs, the programmes, the HEAD's override and the unit's settings. Explicit fields only;
the case and every state are set by the services; anything else posted is a form error, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sigap.cases.forms.case import StyledForm
from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.empowerment.models import AssistanceScheme, CivilDocument, ProgrammeKind, ProgrammeStatus
from sigap.partners.models import Partner

_TEXT = {"rows": 2}


def _area(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=5000, help_text=help_text, widget=forms.Textarea(attrs=_TEXT)
    )


class NeedsForm(StyledForm):
    income_amount = forms.CharField(
        label=_("Household income per month"),
        required=False,
        max_length=100,
        help_text=_("An amount or a range in rupiah, e.g. “± Rp 1.500.000”."),
    )
    income_source = _area(
        _("Source of income"), _("Who earns it and from what (work, business, family, the perpetrator).")
    )
    employment = _area(_("Employment"))
    skills = _area(_("Skills"), _("What she can do or has learnt (sewing, cooking, trading …)."))
    assets = _area(_("Assets"))
    dependants = forms.CharField(
        label=_("Dependants"), required=False, max_length=100, help_text=_("How many, e.g. “3 children, 1 parent”.")
    )
    housing = _area(_("Housing"))
    debts = _area(_("Debts"))
    documents_missing = forms.MultipleChoiceField(
        label=_("Civil documents missing"), required=False, choices=CivilDocument.choices, widget=CheckboxColumns()
    )
    assistance_enrolled = forms.MultipleChoiceField(
        label=_("Enrolled in social assistance"),
        required=False,
        choices=AssistanceScheme.choices,
        widget=CheckboxColumns(),
    )
    notes = _area(_("Other needs"), _("Started from the economic section of the assessment when there is one."))


class ProgrammeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Programme"), choices=[("", "---------"), *ProgrammeKind.choices])
    partner = forms.ModelChoiceField(
        label=_("Partner who delivers it"),
        required=False,
        queryset=Partner.objects.none(),
        help_text=_("From the unit's partner directory. The programme is delivered through a referral to it."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices, initial=ProgrammeStatus.PLANNED)
    start = forms.DateField(label=_("Start"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("End"), required=False, widget=IsoDateInput())
    notes = _area(_("Notes"), _("What was agreed with the partner."))
    cancel_reason = _area(_("Why it was cancelled"), _("Required when the programme is cancelled."))

    def __init__(
        self, *args: Any, editing: bool = False, partners: QuerySet[Partner] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = partners if partners is not None else Partner.objects.none()
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = choices
        if editing:
            del self.fields["kind"]  # the kind of a programme is not changed: cancel it and add another
        else:
            del self.fields["status"]
            del self.fields["cancel_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        if data.get("status") == ProgrammeStatus.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Write why the programme is cancelled."))
        return data


class OverrideForm(StyledForm):
    reason = forms.CharField(
        label=_("Why the case may close as “goals achieved”"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kept in the audit trail that a reason was recorded; the text is read by the head and the case manager."
        ),
    )


class SettingsForm(StyledForm):
    schedule = forms.CharField(
        label=_("Follow-up schedule (months after monitoring begins)"),
        max_length=60,
        help_text=_(
            "Whole months separated by commas, e.g. 1, 3, 6, 12. Applies to cases entering monitoring from now on."
        ),
    )
    definition = forms.CharField(
        label=_("Definition of an independent victim"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on every empowerment page. Left empty, Sigap's default is used."),
    )

    def clean_schedule(self) -> str:
        from sigap.cases.rules.guards import TransitionRefused
        from sigap.empowerment.services.settings import schedule_parse

        value = self.cleaned_data.get("schedule") or ""
        try:
            schedule_parse(value)
        except TransitionRefused as error:
            raise forms.ValidationError(error.messages) from None
        return value
