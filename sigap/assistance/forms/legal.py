"""Forms of the legal-process pages: start a track, set its stage, add a hearing (explicit fields only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sigap.assistance.forms.session import DATETIME_FORMATS
from sigap.assistance.models.legal import LegalStage, StopReason, VerdictOutcome
from sigap.assistance.models.session import AccompanimentSession
from sigap.cases.forms.case import StyledForm
from sigap.cases.forms.casework import PersonChoiceField
from sigap.cases.models.people import CasePerson
from sigap.core.dates import format_when
from sigap.core.widgets import IsoDateInput, IsoDateTimeInput

MAX_SHORT = 200


def _day(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=IsoDateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Enter a date, e.g. 25/10/2026.")},
    )


def _rupiah(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        error_messages={"invalid": _("Enter an amount in rupiah, digits only.")},
    )


class SessionChoiceField(forms.ModelChoiceField):
    """A session of the case, by kind and planned start (local time)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} · {format_when(obj.planned_start)}"  # "6 Des 2026 10.00 WITA" (D29)


class TrackStartForm(StyledForm):
    """Start the legal process of one perpetrator of the case."""

    perpetrator = PersonChoiceField(label=_("Perpetrator"), queryset=CasePerson.objects.none())

    def __init__(self, *args: Any, perpetrators: QuerySet[CasePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["perpetrator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = perpetrators


class StageForm(StyledForm):
    """The stage and the facts of that step; the service says which facts each stage needs."""

    stage = forms.ChoiceField(label=_("Stage"))
    police_report_date = _day(
        _("Date of the police report"),
        # A date, not a time (D67): the 3×24-hour clock closes when the report is recorded here.
        _(
            "In a sexual-violence case the 3×24-hour deadline is met when the report is recorded here, to the "
            "minute: record it as soon as it is made."
        ),
    )
    police_unit = forms.CharField(label=_("Police unit"), required=False, max_length=MAX_SHORT)
    report_number = forms.CharField(label=_("Police report number"), required=False, max_length=MAX_SHORT)
    protection_from = _day(_("Temporary protection from"), _("The first day of the police's temporary protection."))
    verdict_date = _day(_("Date of the final verdict"))
    verdict_outcome = forms.ChoiceField(
        label=_("Verdict"), required=False, choices=[("", "---------"), *VerdictOutcome.choices]
    )
    sentence = forms.CharField(
        label=_("Sentence"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    restitution_decided = _rupiah(_("Restitution decided (Rp)"))
    restitution_paid = _rupiah(_("Restitution paid (Rp)"))
    restitution_paid_date = _day(_("Restitution paid on"))
    stop_reason = forms.ChoiceField(
        label=_("Why it stopped"), required=False, choices=[("", "---------"), *StopReason.choices]
    )
    stop_note = forms.CharField(
        label=_("Reason in words"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, LegalStage(value).label) for value in stages]


class HearingForm(StyledForm):
    """One hearing of the trial; the accompaniment session is optional."""

    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=DATETIME_FORMATS,
        widget=IsoDateTimeInput(),
        help_text=_("In the unit's time zone."),
        error_messages={"invalid": _("Enter a date and time, e.g. 25/10/2026 14:30.")},
    )
    court = forms.CharField(label=_("Court"), max_length=MAX_SHORT)
    room = forms.CharField(label=_("Courtroom"), required=False, max_length=MAX_SHORT)
    agenda = forms.CharField(label=_("Agenda"), required=False, max_length=MAX_SHORT)
    accompaniment = SessionChoiceField(
        label=_("Accompaniment session at this hearing"), required=False, queryset=AccompanimentSession.objects.none()
    )

    def __init__(self, *args: Any, sessions: QuerySet[AccompanimentSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["accompaniment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions
