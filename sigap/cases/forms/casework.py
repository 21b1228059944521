"""Forms of the casework pages: incidents, consent, assessment and the plan.

Explicit fields only; the case, the unit and every state are set by the services. Persons are offered
from the case's own persons, staff from the case's unit, codes from the reference lists: anything else
posted is a form error, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.cases import codes
from sigap.cases.forms.case import StyledForm
from sigap.cases.models import Case
from sigap.cases.models.consent import ChildAssent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CHILD_AGE_LIMIT, CasePerson, PersonRole
from sigap.cases.models.plan import AssessmentArea, PlanItemStatus
from sigap.cases.services.consent import age_unknown, child_rule_problems, is_child_on
from sigap.cases.services.incident import (
    GBV_TYPE,
    PLACE,
    TPKS_FORM,
    VIOLENCE_TYPE,
    IncidentData,
    gbv_type_refusal,
    years_between,
)
from sigap.core.choices import RiskLevel
from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.partners.models import Partner
from sigap.partners.selectors import partner_choices
from sigap.regions.forms import VillageField


class PersonChoiceField(forms.ModelChoiceField):
    """A person of the case, shown by name (the team sees the names on the case page too)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.person.spoken_name


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows by integer id, as checkboxes (keyboard reachable, no script needed)."""

    widget = CheckboxColumns

    def clean(self, value: Any) -> Any:
        # An id past the database's integer range cannot exist, and SQLite raises OverflowError (a 500) when
        # asked for it: refuse it as an invalid choice before the query.
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(str(pk))
            except (TypeError, ValueError):
                number = 0
            if not 0 < number <= 2**63 - 1:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


class PersonsChoiceField(IdsChoiceField):
    """Several persons of the case, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.person.spoken_name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


def _persons(case: Case, role: str) -> QuerySet[CasePerson]:
    return CasePerson.objects.filter(case=case, role=role).select_related("person").order_by("added_at", "pk")


def _not_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    if value is not None and value < dt.date(1900, 1, 1):
        raise ValidationError(_("Enter a real date."))
    return value


class IncidentForm(StyledForm):
    victim = PersonChoiceField(label=_("Victim"), queryset=CasePerson.objects.none())
    date_from = forms.DateField(label=_("Date (or first day)"), widget=IsoDateInput())
    date_to = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Only when it went on over a period."),
    )
    place = forms.ChoiceField(label=_("Place"), choices=codes.choices_of(PLACE, blank=True))
    village = VillageField(label=_("Village"), required=False)
    account = forms.CharField(label=_("What happened"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    violence_types = forms.MultipleChoiceField(
        label=_("Types of violence"), choices=codes.choices_of(VIOLENCE_TYPE), widget=CheckboxColumns()
    )
    tpks_forms = forms.MultipleChoiceField(
        label=_("Forms of sexual-violence crime (TPKS)"),
        required=False,
        choices=codes.choices_of(TPKS_FORM, grouped=True),
        widget=CheckboxColumns(columns=2),
        help_text=_("Mediation is not possible when any TPKS form is recorded."),
    )
    is_kdrt = forms.BooleanField(label=_("Domestic violence (KDRT)"), required=False)
    gbv_type = forms.ChoiceField(
        label=_("GBVIMS core type"),
        choices=codes.choices_of(GBV_TYPE, blank=True),
        help_text=_(
            "Exactly one. Take the first that applies in this order: rape, sexual assault, physical "
            "assault, forced marriage, denial of resources, psychological abuse; else not GBV. "
            "Sigap suggests one from the types and forms above: check it."
        ),
    )
    perpetrators = PersonsChoiceField(
        label=_("Alleged perpetrators"),
        required=False,
        queryset=CasePerson.objects.none(),
        help_text=_("Tick every alleged perpetrator recorded in the case (several when it was a group)."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the victim"),
        required=False,
        choices=codes.choices_of(codes.RELATIONSHIP, blank=True),
        help_text=_("Left empty, the relationship recorded with the perpetrator is used."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = _persons(case, PersonRole.VICTIM)
        cast(forms.ModelChoiceField, self.fields["perpetrators"]).queryset = _persons(case, PersonRole.PERPETRATOR)
        # The suggestion script reads the violence types and TPKS forms and proposes a GBVIMS type.
        self.fields["gbv_type"].widget.attrs["data-gbv-suggest"] = "1"

    def clean_date_from(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("date_from"))

    def clean_date_to(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("date_to"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        gbv_type = data.get("gbv_type")
        if gbv_type and (
            refusal := gbv_type_refusal(data.get("violence_types", []), data.get("tpks_forms", []), gbv_type)
        ):
            self.add_error("gbv_type", refusal)
        return data

    def incident_data(self) -> IncidentData:
        """The cleaned form as the incident services take it (the incident page, a follow-up reporting violence)."""
        data = self.cleaned_data
        return IncidentData(
            victim=data["victim"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            place=data["place"],
            village=data["village"],
            account=data["account"],
            violence_types=list(data["violence_types"]),
            tpks_forms=list(data["tpks_forms"]),
            is_kdrt=bool(data["is_kdrt"]),
            gbv_type=data["gbv_type"],
            perpetrators=list(data["perpetrators"]),
            relationship=data["relationship"],
        )


class ConsentForm(StyledForm):
    victim = PersonChoiceField(label=_("Victim"), queryset=CasePerson.objects.none())
    scope = forms.ChoiceField(label=_("The consent covers"), choices=ConsentScope.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner it may be shared with"),
        required=False,
        queryset=Partner.objects.none(),
        help_text=_("For sharing only: a partner of the unit's directory (a referral to it needs this consent)."),
    )
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=300, help_text=_("For sharing only."))
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices)
    guardian = PersonChoiceField(
        label=_("Parent or guardian"),
        required=False,
        queryset=CasePerson.objects.none(),
        help_text=_("Record the parent or guardian as a person of the case first."),
    )
    child_assent = forms.ChoiceField(label=_("The child's own assent"), required=False, choices=ChildAssent.choices)
    override_reason = forms.CharField(
        label=_("Why this is in the child's best interest"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Head of the unit only, e.g. when the parent is the suspected perpetrator."),
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    witness = forms.CharField(
        label=_("Witness"), required=False, max_length=200, help_text=_("Needed for verbal consent.")
    )
    given_on = forms.DateField(label=_("Date given"), widget=IsoDateInput())
    # Offered only while a victim's age is unknown (see __init__): recorded before the consent.
    victim_birth_date = forms.DateField(label=_("The victim's birth date"), required=False, widget=IsoDateInput())
    victim_estimated_age = forms.IntegerField(
        label=_("or the victim's estimated age (years)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("An adult victim then consents for herself or himself."),
    )

    def __init__(self, *args: Any, case: Case, is_head: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        victims = _persons(case, PersonRole.VICTIM)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partner_choices(case.unit)
        guardian_rows = _persons(case, PersonRole.PARENT_GUARDIAN)
        cast(forms.ModelChoiceField, self.fields["guardian"]).queryset = guardian_rows
        # Victims without any recorded age count as children (the protective default): the page says so
        # and lets the user record the age on the spot.
        self.unknown_age_victims = [v for v in victims if v.person.birth_date is None and v.person.birth_year is None]
        if self.unknown_age_victims:
            self.order_fields(["victim", "victim_birth_date", "victim_estimated_age"])
        else:
            del self.fields["victim_birth_date"]
            del self.fields["victim_estimated_age"]
        if not is_head:
            field = cast(forms.ChoiceField, self.fields["given_by"])
            field.choices = [c for c in ConsentGiver.choices if c[0] != ConsentGiver.HEAD_OVERRIDE]
            del self.fields["override_reason"]
        guardians = list(guardian_rows)
        if guardians:
            self.fields["guardian"].help_text = ""  # "record the guardian first" only while none is recorded
        self._child_defaults(list(victims), guardians)

    def _child_defaults(self, victims: list[CasePerson], guardians: list[CasePerson]) -> None:
        """Start from what the case implies: its only victim; for a child (or unknown age) a parent or
        guardian consents (the only one recorded is preselected) and the child's own view is asked for."""
        chosen = victims[0] if len(victims) == 1 else None
        if self.is_bound:
            chosen = next((v for v in victims if str(v.pk) == self.data.get(self.add_prefix("victim"))), None)
        if chosen is None or not is_child_on(chosen, timezone.localdate()):
            return
        assent = cast(forms.ChoiceField, self.fields["child_assent"])
        assent.choices = [("", _("Choose the child's own view")), *ChildAssent.choices[1:]]
        if self.is_bound:
            return
        self.initial.setdefault("victim", chosen.pk)
        self.initial.setdefault("given_by", ConsentGiver.PARENT_GUARDIAN)
        if len(guardians) == 1:
            self.initial.setdefault("guardian", guardians[0].pk)

    def _is_child(self, victim: CasePerson, on: dt.date) -> bool:
        """The victim's child status on ``on``, with an age recorded on this form counted first (the
        service records it before judging the consent)."""
        data = self.cleaned_data
        if age_unknown(victim):
            if data.get("victim_birth_date") is not None:
                return years_between(data["victim_birth_date"], on) < CHILD_AGE_LIMIT
            if data.get("victim_estimated_age") is not None:
                return bool(data["victim_estimated_age"] < CHILD_AGE_LIMIT)
        return is_child_on(victim, on)

    def clean_given_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("given_on"))

    def clean_victim_birth_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("victim_birth_date"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("given_by") == ConsentGiver.PARENT_GUARDIAN and not data.get("guardian"):
            self.add_error("guardian", _("Choose the parent or guardian."))
        if data.get("method") == ConsentMethod.VERBAL and not (data.get("witness") or "").strip():
            self.add_error("witness", _("Verbal consent needs a witness."))
        if data.get("scope") == ConsentScope.SHARING:
            for name in ("partner", "purpose"):
                if not data.get(name) or not str(data.get(name)).strip():
                    self.add_error(name, _("Needed for sharing."))
        victim = data.get("victim")
        if victim is not None and data.get("given_by"):
            child = self._is_child(victim, data.get("given_on") or timezone.localdate())
            problems = child_rule_problems(
                victim, given_by=data["given_by"], child_assent=data.get("child_assent", ""), child=child
            )
            for name, messages in problems.items():
                self.add_error(name, messages)
        return data


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), required=False, widget=IsoDateInput())

    def clean_withdrawn_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("withdrawn_on"))


class AssessmentSectionForm(StyledForm):
    text = forms.CharField(
        label=_("Findings and needs"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Write “not applicable” when the area does not concern this victim."),
    )


class AssessmentAssignForm(StyledForm):
    area = forms.ChoiceField(label=_("Area"), choices=AssessmentArea.choices)
    expert = StaffChoiceField(
        label=_("Expert"), required=False, queryset=User.objects.none(), empty_label=_("The case manager")
    )

    def __init__(self, *args: Any, experts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["expert"]).queryset = experts


class AssessmentCompleteForm(StyledForm):
    risk_level = forms.ChoiceField(
        label=_("Risk level after the assessment"),
        choices=RiskLevel.choices,
        help_text=_("The case's risk level is set to this."),
    )


class PlanForm(StyledForm):
    goals = forms.CharField(label=_("Goals"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    made_with_victim = forms.BooleanField(label=_("Made together with the victim"), required=False)
    made_with_victim_how = forms.CharField(
        label=_("How the victim took part (or why they could not)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanItemForm(StyledForm):
    service = forms.ChoiceField(label=_("Service"), choices=codes.choices_of("service_type", blank=True))
    provider_user = StaffChoiceField(label=_("Delivered by (staff)"), required=False, queryset=User.objects.none())
    provider_partner = forms.ModelChoiceField(
        label=_("or by a partner"),
        required=False,
        queryset=Partner.objects.none(),
        help_text=_("From the unit's partner directory; the head or the unit administrator adds a missing one."),
    )
    target_date = forms.DateField(label=_("Target date"), widget=IsoDateInput())

    def __init__(self, *args: Any, providers: QuerySet[User], partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["provider_user"]).queryset = providers
        cast(forms.ModelChoiceField, self.fields["provider_partner"]).queryset = partners

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_user, has_agency = bool(data.get("provider_user")), bool(data.get("provider_partner"))
        if has_user == has_agency and "provider_user" not in self.errors:
            raise ValidationError(_("Name who delivers the service: a staff member or a partner agency (one of them)."))
        return data


class PlanItemStatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(v, label) for v, label in PlanItemStatus.choices if v != PlanItemStatus.PLANNED],
    )
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when cancelling."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == PlanItemStatus.CANCELLED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the service is cancelled."))
        return data


class PlanDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return for changes"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when returning the plan."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what must change."))
        return data
