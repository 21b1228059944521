"""Forms of the case pages. Explicit fields only (AC-05): unit, state and numbers are set by services."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.cases import codes
from sigap.cases.models import CaseState, ReopenReason, TeamRole
from sigap.cases.models.people import NAME_NOT_KNOWN, NoteConfidentiality, PersonRole
from sigap.cases.services.incident import VIOLENCE_TYPE
from sigap.cases.services.people import UNIDENTIFIABLE, person_identifiable
from sigap.core.choices import CaseCategory, RiskLevel
from sigap.core.crypto.normalise import normalise_phone, validate_nik
from sigap.core.forms import KeptForm, StyledForm
from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.experts.needs import ProfessionNeed
from sigap.regions.forms import VillageField

COMPLAINT_REF = RegexValidator(r"^[A-Za-z0-9/._-]{1,64}$", _("Use the complaint's number (letters, digits, / . _ -)."))


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "---------"), *choices]


def _nik(value: str) -> str:
    return validate_nik(value) if value else ""


def _phone(value: str) -> str:
    return normalise_phone(value) if value else ""


class CaseOpenForm(StyledForm):
    category = forms.ChoiceField(label=_("Category"), choices=_blank(CaseCategory.choices))
    category_subtype = forms.ChoiceField(
        label=_("AMPK sub-type"),
        required=False,
        choices=codes.choices_of(codes.CASE_CATEGORY, parent="AMPK", blank=True),
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=_blank(RiskLevel.choices))
    complaint_ref = forms.CharField(
        label=_("Complaint number"), required=False, max_length=64, validators=[COMPLAINT_REF]
    )
    case_manager = forms.ModelChoiceField(label=_("Case manager"), required=False, queryset=User.objects.none())
    restricted = forms.BooleanField(
        label=_("Restricted: only the team may see it"),
        required=False,
        help_text=_("For sensitive cases, e.g. a relative of a staff member."),
    )

    def __init__(self, *args: Any, managers: Any = None, is_head: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_head and managers is not None:
            cast(forms.ModelChoiceField, self.fields["case_manager"]).queryset = managers
        else:
            del self.fields["case_manager"]
            del self.fields["restricted"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("category") == CaseCategory.AMPK and not data.get("category_subtype"):
            self.add_error("category_subtype", _("Choose the AMPK sub-type."))
        elif data.get("category") and data.get("category") != CaseCategory.AMPK:
            data["category_subtype"] = ""
        return data


class CaseFilterForm(forms.Form):
    """GET filters of the list: codes and flags only (safe in a URL).

    ``districts``: the (code, name) pairs offered by the kecamatan filter, those of the unit's area.
    """

    state = forms.ChoiceField(label=_("State"), required=False, choices=_blank(CaseState.choices))
    risk_level = forms.ChoiceField(label=_("Risk"), required=False, choices=_blank(RiskLevel.choices))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_blank(CaseCategory.choices))
    violence_type = forms.ChoiceField(
        label=_("Type of violence"), required=False, choices=codes.choices_of(VIOLENCE_TYPE, blank=True)
    )
    district = forms.ChoiceField(label=_("District (kecamatan)"), required=False)
    number = forms.CharField(label=_("Case number"), required=False, max_length=40)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    awaiting_team = forms.BooleanField(label=_("Waiting for their team (no case manager yet)"), required=False)

    def __init__(self, *args: Any, districts: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.districts = districts or []
        cast(forms.ChoiceField, self.fields["district"]).choices = _blank(self.districts)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                css = (
                    "form-select form-select-sm"
                    if isinstance(field.widget, forms.Select)
                    else "form-control form-control-sm"
                )
                field.widget.attrs["class"] = css
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def render_key(self) -> tuple[Any, ...] | None:
        """What the fields' HTML depends on besides the language (``{% form_once %}``): the districts offered
        and the codes and flags chosen; ``None`` when a case number was typed (free text: rendered afresh)."""
        if self.is_bound and self.data.get(self.add_prefix("number")):
            return None
        chosen: tuple[Any, ...] = ()
        if self.is_bound:
            values = getattr(self.data, "getlist", lambda key: [self.data.get(key)])
            chosen = tuple((name, tuple(map(str, values(self.add_prefix(name))))) for name in self.fields)
        return (tuple(self.districts), self.is_bound, chosen)

    @classmethod
    def unbound(cls, districts: list[tuple[str, str]]) -> KeptForm:
        """The empty filter bar (no filter chosen) for ``{% form_once %}``, built only when its HTML is not kept: a
        form's construction copies its ten fields (~1,400 Python calls, issue #22)."""
        return KeptForm(cls, (tuple(districts), False, ()), lambda: cls(None, districts=districts))


class PersonLookupForm(StyledForm):
    """NIK, phone or name (+ birth year): sent by POST only, never in a URL (DATA-05)."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False, min_value=1900)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=30)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("The birth year cannot be in the future."))
        return year

    def clean_nik(self) -> str:
        return _nik(self.cleaned_data.get("nik", ""))

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    # The search before adding a person may go on without anything to search by (an unknown perpetrator).
    name_unknown_allowed = False

    def render_key(self) -> tuple[Any, ...] | None:
        """What the fields' HTML depends on besides the language (``{% form_once %}``): which fields hold a value.
        What was searched for (personal data) is never part of it: a bound form is kept with stand-ins in place
        of the typed values (``render_typed``); one with errors (they may quote the input) is rendered afresh."""
        if not self.is_bound:
            return ()
        # Errors may quote the input; a select or a checkbox (a subclass's) shows its value otherwise than as text.
        if self.errors or any(
            type(field.widget) not in (forms.TextInput, forms.NumberInput) for field in self.fields.values()
        ):
            return None
        return tuple(self.render_typed())

    def render_typed(self) -> dict[str, str]:
        """The raw value of each field that holds one, as its input writes it back (every field here is a text or
        number ``<input>``: its ``value`` attribute is the raw text, escaped)."""
        if not self.is_bound:
            return {}
        typed = {name: self.data.get(self.add_prefix(name)) for name in self.fields}
        return {name: str(value) for name, value in typed.items() if value not in ("", None)}

    def render_stand_in(self, values: dict[str, str]) -> PersonLookupForm:
        """This form bound with ``values`` instead, and as valid as this one (no errors to render)."""
        form = type(self)({self.add_prefix(name): value for name, value in values.items()}, prefix=self.prefix)
        form._errors = ErrorDict()  # type: ignore[attr-defined]  # the stand-ins are not checked: this form, the one shown, has no errors
        form.cleaned_data = {}
        return form

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        searchable = data.get("name", "").strip() or data.get("nik") or data.get("phone")
        if not self.errors and not searchable and not (self.name_unknown_allowed and data.get("name_unknown")):
            raise ValidationError(_("Enter a name, a NIK or a phone number."))
        return data


class PersonSearchForm(PersonLookupForm):
    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    name_unknown = forms.BooleanField(
        label=_("The name is not known yet"),
        required=False,
        help_text=_("Search by NIK or phone if known; otherwise record the person with an age or sex below."),
    )
    name_unknown_allowed = True
    field_order = ["role", "name", "name_unknown", "birth_year", "nik", "phone"]


class PersonForm(StyledForm):
    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    relationship = forms.ChoiceField(
        label=_("Relationship to the victim"),
        required=False,
        choices=codes.choices_of(codes.RELATIONSHIP, blank=True),
        # The form serves every role (a parent, a reporter…): clean() keeps it for a perpetrator only.
        help_text=_("Recorded only when the role is perpetrator; leave it empty for other roles."),
    )
    name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty while the name is not known: the age, the birth date or the sex is enough."),
        widget=forms.TextInput(attrs={"placeholder": NAME_NOT_KNOWN}),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=codes.choices_of(codes.SEX, blank=True))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=IsoDateInput())
    estimated_age = forms.IntegerField(
        label=_("Estimated age (years)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("When the birth date is not known."),
    )
    nik = forms.CharField(label=_("NIK"), required=False, max_length=30)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    address = forms.CharField(
        label=_("Address"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    village = VillageField(label=_("Village"), required=False)
    education = forms.ChoiceField(
        label=_("Education"),
        required=False,
        choices=codes.choices_of(codes.EDUCATION, blank=True),
        help_text=_("For a child: the school level she or he attends now (SIMFONI counts victims by it)."),
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), required=False, choices=codes.choices_of(codes.OCCUPATION, blank=True)
    )
    disabilities = forms.MultipleChoiceField(
        label=_("Disability"),
        required=False,
        choices=codes.choices_of(codes.DISABILITY),
        widget=CheckboxColumns(),
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), required=False, choices=codes.choices_of(codes.MARITAL_STATUS, blank=True)
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=codes.choices_of(codes.NATIONALITY, blank=True)
    )

    def clean_nik(self) -> str:
        return _nik(self.cleaned_data.get("nik", ""))

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean_birth_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birth_date")
        if value is not None and not (dt.date(1900, 1, 1) <= value <= timezone.localdate()):
            raise ValidationError(_("The birth date cannot be in the future or before 1900."))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("role") != PersonRole.PERPETRATOR:
            data["relationship"] = ""
        # Only when the fields themselves are valid: a wrong birth date is its own error, not "no identity".
        if not ({"name", "sex", "birth_date", "estimated_age"} & set(self.errors)) and not person_identifiable(
            name=data.get("name", ""),
            sex=data.get("sex", ""),
            birth_date=data.get("birth_date"),
            estimated_age=data.get("estimated_age"),
        ):
            self.add_error("name", UNIDENTIFIABLE)
        return data


class PersonLinkForm(forms.Form):
    person = forms.UUIDField()
    role = forms.ChoiceField(choices=PersonRole.choices)
    relationship = forms.ChoiceField(required=False, choices=codes.choices_of(codes.RELATIONSHIP, blank=True))


class LinkDecisionForm(forms.Form):
    """The HEAD's answer to a person-link request."""

    APPROVE = "approve"
    REFUSE = "refuse"
    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (REFUSE, REFUSE)])


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("start_assessment", "start_assessment"),
            ("start_planning", "start_planning"),
            ("start_intervention", "start_intervention"),
            ("start_monitoring", "start_monitoring"),
            ("revise_assessment", "revise_assessment"),
            ("revise_plan", "revise_plan"),
            ("approve_closure", "approve_closure"),
            ("reject_closure", "reject_closure"),
        ]
    )


class ClosureRequestForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=codes.choices_of(codes.TERMINATION_REASON, blank=True)
    )
    summary = forms.CharField(
        label=_("Closure summary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done, what was achieved, and what follow-up remains."),
    )


def _reason_in_words(label: Any) -> forms.CharField:
    """The reason in words of a step that is not a plain "next step" (kept, encrypted, in the history)."""
    return forms.CharField(
        label=label,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the case history."),
        error_messages={"required": _("Write why you take this step.")},
    )


class ReopenForm(StyledForm):
    reason = forms.ChoiceField(label=_("Why is the case reopened?"), choices=_blank(ReopenReason.choices))
    note = _reason_in_words(_("What happened"))


class StepConfirmForm(StyledForm):
    """The confirmation of a step that is not a plain "next step": the reason in words is required."""

    note = _reason_in_words(_("Reason"))


class TeamAssignForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    team_role = forms.ChoiceField(label=_("Team role"), choices=TeamRole.choices)

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            cast(forms.ModelChoiceField, self.fields["user"]).queryset = candidates


class TeamEndForm(forms.Form):
    member = forms.IntegerField(min_value=1)


class ExpertNeedForm(StyledForm):
    """The team page's "Profession needed" (GET): ranks the suggested experts (any profession: no effect)."""

    profession = forms.ChoiceField(
        label=_("Profession needed"), required=False, choices=[("", _("Any profession")), *ProfessionNeed.choices]
    )


class ExpertPreferenceForm(StyledForm):
    """The victim's wish for an expert of the same sex (HEAD, on the team page)."""

    preference = forms.CharField(widget=forms.HiddenInput, initial="1")
    same_sex_expert_preferred = forms.BooleanField(
        label=_("The victim prefers an expert of the same sex"),
        required=False,
        help_text=_("Suggestions then put experts of the victim's sex first (when the victims' sex is recorded)."),
    )


class NoteForm(StyledForm):
    body = forms.CharField(label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    confidentiality = forms.ChoiceField(label=_("Who may read it"), choices=NoteConfidentiality.choices)

    def render_key(self) -> tuple[Any, ...] | None:
        """The empty note form of the case page is the same for every case (``{% form_once %}``); a bound one
        holds what was typed: rendered afresh."""
        return None if self.is_bound else ()


class BreakGlassForm(StyledForm):
    reason = forms.CharField(
        label=_("Why must you open this case now?"),
        min_length=20,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your reason is recorded in the audit trail and reviewed."),
    )


class CaseEditForm(StyledForm):
    """Re-rate the risk or correct the category; the HEAD also sets the restriction."""

    category = forms.ChoiceField(label=_("Category"), choices=CaseCategory.choices)
    category_subtype = forms.ChoiceField(
        label=_("AMPK sub-type"),
        required=False,
        choices=codes.choices_of(codes.CASE_CATEGORY, parent="AMPK", blank=True),
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    restricted = forms.BooleanField(
        label=_("Restricted: only the team may see it"),
        required=False,
        help_text=_("For sensitive cases, e.g. a relative of a staff member."),
    )

    join_team = forms.BooleanField(
        label=_("Add me to the case team (as head of unit)"),
        required=False,
        help_text=_("Needed to restrict a case you are not on: the restriction then keeps you in, not out."),
    )

    def __init__(self, *args: Any, is_head: bool = False, on_team: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_head:
            del self.fields["restricted"]
        if not is_head or on_team:
            del self.fields["join_team"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("category") == CaseCategory.AMPK and not data.get("category_subtype"):
            self.add_error("category_subtype", _("Choose the AMPK sub-type."))
        elif data.get("category") and data.get("category") != CaseCategory.AMPK:
            data["category_subtype"] = ""
        return data


class PersonRemoveForm(StyledForm):
    """Why a person added to the case by mistake is removed (kept encrypted, shown to the HEAD)."""

    reason = forms.CharField(
        label=_("Why is the person removed?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. recorded in the wrong case, or recorded twice. The head of the unit sees it."),
    )
