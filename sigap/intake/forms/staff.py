"""Forms of the complaint pages. Explicit fields only (AC-05): unit, number and state are set by services."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.core.crypto.normalise import normalise_phone, validate_phone
from sigap.core.reference.fields import CodeChoiceField
from sigap.core.widgets import CheckboxColumns, IsoDateTimeInput
from sigap.intake.models import (
    CaseCategory,
    CloseReason,
    ContactCalls,
    Decision,
    IntakeSettings,
    Jurisdiction,
    PersonRole,
    ReporterType,
    RiskCriterion,
    RiskLevel,
    criteria_at,
)
from sigap.intake.services.carry import NEW, CarryRow
from sigap.intake.services.complaint import (
    MAX_ACCOUNT,
    MAX_NOTE,
    PersonEntry,
    criteria_problems,
    received_at_problem,
)

STAFF_PEOPLE_ROWS = 4
SEX_CHOICES = [("", "—"), ("P", _("Female")), ("L", _("Male"))]


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "---------"), *choices]


class StyledForm(forms.Form):
    """Adds Bootstrap classes to every widget (the templates render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.HiddenInput)):
                continue
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class PeopleMixin:
    """Rows of ``person_<n>_name/age/sex/role`` fields, read back as ``PersonEntry`` items."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_people_fields(self, rows: int, *, default_role: str = PersonRole.VICTIM) -> None:
        self.people_rows = rows
        for n in range(1, rows + 1):
            self.fields[f"person_{n}_name"] = forms.CharField(label=_("Name"), required=False, max_length=200)
            self.fields[f"person_{n}_age"] = forms.IntegerField(
                label=_("Age"), required=False, min_value=0, max_value=120
            )
            self.fields[f"person_{n}_sex"] = forms.ChoiceField(label=_("Sex"), required=False, choices=SEX_CHOICES)
            self.fields[f"person_{n}_role"] = forms.ChoiceField(
                label=_("Role"),
                required=False,
                choices=PersonRole.choices,
                initial=default_role if n == 1 else PersonRole.OTHER,
            )

    def people_row_fields(self) -> list[list[Any]]:
        form: Any = self
        return [
            [form[f"person_{n}_{part}"] for part in ("name", "age", "sex", "role")]
            for n in range(1, self.people_rows + 1)
        ]

    def people(self) -> list[PersonEntry]:
        """Every row with something filled in, named or not ("a 7-year-old", "my husband, 34").

        A role counts only when it differs from the row's preselected one: an untouched row sends
        its preselected role and nothing else.
        """
        data = self.cleaned_data
        found = []
        for n in range(1, self.people_rows + 1):
            name = (data.get(f"person_{n}_name") or "").strip()
            age = data.get(f"person_{n}_age")
            sex = data.get(f"person_{n}_sex") or ""
            role = data.get(f"person_{n}_role") or ""
            role_chosen = bool(role) and role != self.fields[f"person_{n}_role"].initial
            if name or age is not None or sex or role_chosen:
                found.append(PersonEntry(name=name, age=age, sex=sex, role=role or PersonRole.VICTIM))
        return found


class ReceiptMixin:
    """The time of receipt and the reporter's phone of a complaint recorded by staff (a complaint, a referral in)."""

    cleaned_data: dict[str, Any]

    def clean_reporter_phone(self) -> str:
        value = self.cleaned_data.get("reporter_phone") or ""
        return normalise_phone(value) if value else ""

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if problem := received_at_problem(value, now=timezone.now()):
            raise ValidationError(problem)
        return value


class ComplaintRecordForm(ReceiptMixin, PeopleMixin, StyledForm):
    """An intake officer records a complaint from any channel."""

    channel = CodeChoiceField("complaint_channel", label=_("Channel"))
    received_at = forms.DateTimeField(
        label=_("Received at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=IsoDateTimeInput(),
        help_text=_("In the unit's time zone. The response clock starts here."),
    )
    reporter_type = forms.ChoiceField(label=_("Who reported"), choices=ReporterType.choices, widget=forms.RadioSelect)
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=200)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone"), required=False, max_length=40, validators=[validate_phone]
    )
    reporter_relationship = forms.CharField(
        label=_("Reporter's relationship to the victim"), required=False, max_length=100
    )
    contact_consent = forms.BooleanField(label=_("The reporter agrees to be contacted"), required=False)
    contact_instructions = forms.CharField(
        label=_("How to make contact safely"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Include what must never be done, e.g. “do not call before 5 pm”, “no text messages”."),
    )
    contact_calls = forms.ChoiceField(
        label=_("May we phone?"),
        required=False,
        choices=[("", _("Not asked")), *ContactCalls.choices],
        widget=forms.RadioSelect,
        help_text=_("A phone number becomes a call link in the case only when calls are allowed."),
    )
    account = forms.CharField(
        label=_("Short account"),
        max_length=MAX_ACCOUNT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, in a few sentences. Details go into the case file later."),
    )
    risk_level = forms.ChoiceField(
        label=_("First risk estimate"),
        choices=_blank(RiskLevel.choices),
        help_text=_("Sets the response clock: high = within the hour, medium = 6 hours, low = 3 working days."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_people_fields(STAFF_PEOPLE_ROWS)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("reporter_type", ReporterType.VICTIM)
        for n in range(1, STAFF_PEOPLE_ROWS + 1):
            self.fields[f"person_{n}_role"].widget.attrs.setdefault("class", "form-select")
            self.fields[f"person_{n}_sex"].widget.attrs.setdefault("class", "form-select")
            self.fields[f"person_{n}_name"].widget.attrs.setdefault("class", "form-control")
            self.fields[f"person_{n}_age"].widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_consent") and not (data.get("reporter_phone") or data.get("contact_instructions")):
            self.add_error("contact_instructions", _("Say how the reporter can be contacted."))
        return data


class TriageForm(StyledForm):
    """Identification: case category, risk level and the criteria behind it, jurisdiction."""

    category = forms.ChoiceField(label=_("Case category"), choices=_blank(CaseCategory.choices))
    category_subtype = CodeChoiceField(
        "case_category", parent="AMPK", required=False, label=_("AMPK sub-type"), empty_label="---------"
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=_blank(RiskLevel.choices))
    risk_criteria = forms.MultipleChoiceField(
        label=_("Criteria that led to the risk level"),
        choices=RiskCriterion.choices,
        widget=CheckboxColumns(
            columns=2,
            marked=lambda: criteria_at(RiskLevel.TINGGI),  # the rule minimum_risk applies
            mark_label=_("high risk"),
            mark_legend=_("Any one of these criteria makes the complaint high risk (the shortest response clock)."),
        ),
        error_messages={"required": _("Tick the criteria that led to the risk level.")},
    )
    risk_note = forms.CharField(
        label=_("Risk note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=Jurisdiction.choices, widget=forms.RadioSelect)
    transfer_to = forms.CharField(
        label=_("Region or unit to transfer to"),
        required=False,
        max_length=200,
        help_text=_("Only when the complaint belongs to another region."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") == CaseCategory.AMPK and not data.get("category_subtype"):
            self.add_error("category_subtype", _("Choose the AMPK sub-type."))
        if data.get("category") and data.get("category") != CaseCategory.AMPK and data.get("category_subtype"):
            self.add_error("category_subtype", _("Only the AMPK category has a sub-type."))
        if data.get("jurisdiction") == Jurisdiction.OTHER_REGION and not (data.get("transfer_to") or "").strip():
            self.add_error("transfer_to", _("Name the region or unit the complaint should go to."))
        # Django calls clean() even when a field failed: the criteria are checked whenever they were
        # read, so a conflict is told together with the other errors, not in a second round.
        if data.get("risk_criteria"):
            for problem in criteria_problems(data["risk_criteria"], data.get("risk_level")):
                self.add_error("risk_criteria", problem)
        return data


class DecisionForm(StyledForm):
    """The decision of identification."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing without a case"), required=False, choices=_blank(CloseReason.choices)
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where it is referred, or why it is closed."),
    )

    def __init__(
        self, *args: Any, allowed: list[str] | None = None, carry: list[CarryRow] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            field: Any = self.fields["decision"]
            field.choices = [(value, label) for value, label in Decision.choices if value in allowed]
        # One "new person / same person as …" choice per person the case will start with; only the
        # matches the search offered can be chosen (a forged id is an invalid choice).
        self.carry = carry or []
        for row in self.carry:
            if row.matches:
                self.fields[f"same_{row.key}"] = forms.ChoiceField(
                    label=_("Who is this?"),
                    required=False,  # nothing chosen: a new person (the radio starts there)
                    choices=[(NEW, _("A new person")), *((str(m.pk), _match_label(m)) for m in row.matches)],
                    initial=NEW,
                    widget=forms.RadioSelect,
                )

    def carry_rows(self) -> list[dict[str, Any]]:
        """The rows with their bound choice field (None when nothing matched: a new person)."""
        return [{"row": row, "field": self[f"same_{row.key}"] if row.matches else None} for row in self.carry]

    def same_as(self) -> dict[str, uuid.UUID | None]:
        chosen: dict[str, uuid.UUID | None] = {}
        for row in self.carry:
            value = self.cleaned_data.get(f"same_{row.key}") or NEW
            chosen[row.key] = None if value == NEW else uuid.UUID(value)
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.CLOSE and not data.get("close_reason"):
            self.add_error("close_reason", _("Give the reason for closing without a case."))
        if data.get("decision") not in (None, Decision.CLOSE) and data.get("close_reason"):
            self.add_error("close_reason", _("A reason for closing is only given when closing without a case."))
        return data


def _match_label(match: Any) -> str:
    """ "Same person as S. N. (born ± 1990)": masked, enough to recognise, not to identify."""
    if match.birth_year is None:
        return _("The same person as %(initials)s (birth year unknown)") % {"initials": match.initials}
    approx = "± " if match.age_estimated else ""
    return _("The same person as %(initials)s (born %(approx)s%(year)s)") % {
        "initials": match.initials,
        "approx": approx,
        "year": match.birth_year,
    }


class AssignForm(StyledForm):
    handler = forms.ModelChoiceField(label=_("Intake officer"), queryset=User.objects.none())

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["handler"]
        field.queryset = officers


class IntakeSettingsForm(StyledForm):
    high_risk_minutes = forms.IntegerField(label=_("High risk: minutes to first response"), min_value=5, max_value=1440)
    medium_risk_hours = forms.IntegerField(label=_("Medium risk: hours to first response"), min_value=1, max_value=72)
    low_risk_working_days = forms.IntegerField(
        label=_("Low risk: working days to first response"), min_value=1, max_value=10
    )

    @classmethod
    def for_row(cls, row: IntakeSettings, data: Any = None) -> IntakeSettingsForm:
        return cls(
            data,
            initial={
                "high_risk_minutes": row.high_risk_minutes,
                "medium_risk_hours": row.medium_risk_hours,
                "low_risk_working_days": row.low_risk_working_days,
            },
        )
