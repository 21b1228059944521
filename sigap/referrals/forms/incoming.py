"""The form of a referral received from another agency (explicit fields; unit and numbers come from services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.normalise import validate_phone
from sigap.core.reference.fields import CodeMultipleChoiceField
from sigap.core.widgets import IsoDateTimeInput
from sigap.intake.forms.staff import STAFF_PEOPLE_ROWS, PeopleMixin, ReceiptMixin, StyledForm
from sigap.intake.models import ContactCalls, RiskLevel
from sigap.intake.services.complaint import MAX_NOTE
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.models import Urgency
from sigap.referrals.services.incoming import MAX_SUMMARY


class IncomingReferralForm(ReceiptMixin, PeopleMixin, StyledForm):
    """What the intake officer copies from a referral letter of another agency."""

    partner = forms.ModelChoiceField(
        label=_("Referring partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("From the unit's partner directory."),
    )
    partner_name = forms.CharField(
        label=_("Or the name of the referring agency"),
        required=False,
        max_length=200,
        help_text=_("When it is not in the directory yet: it is added to it."),
    )
    partner_kind = forms.ChoiceField(
        label=_("Type of that agency"), choices=PartnerKind.choices, initial=PartnerKind.OTHER
    )
    reference = forms.CharField(label=_("Number of the referral letter"), max_length=120)
    letter_date = forms.DateField(label=_("Date of the letter"), widget=forms.DateInput(attrs={"type": "date"}))
    received_at = forms.DateTimeField(
        label=_("Received at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=IsoDateTimeInput(),
        help_text=_("In the unit's time zone. The response clock starts here."),
    )
    needs_summary = forms.CharField(
        label=_("What is asked, and why"),
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short summary of the letter: the services asked for and the situation."),
    )
    services = CodeMultipleChoiceField("service_type", label=_("Services asked for"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    risk_level = forms.ChoiceField(
        label=_("First risk estimate"),
        choices=[("", "---------"), *RiskLevel.choices],
        help_text=_("Sets the response clock: high = within the hour, medium = 6 hours, low = 3 working days."),
    )
    contact_name = forms.CharField(label=_("Officer who referred"), required=False, max_length=120)
    reporter_phone = forms.CharField(
        label=_("The officer's phone"), required=False, max_length=40, validators=[validate_phone]
    )
    contact_instructions = forms.CharField(
        label=_("How to make contact safely"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_calls = forms.ChoiceField(
        label=_("May we phone the victim?"),
        required=False,
        choices=[("", _("Not asked")), *ContactCalls.choices],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["partner"]
        field.queryset = Partner.objects.filter(unit=unit, is_active=True).order_by("name")
        self.add_people_fields(STAFF_PEOPLE_ROWS)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        for n in range(1, STAFF_PEOPLE_ROWS + 1):
            for part, css in (("role", "form-select"), ("sex", "form-select"), ("name", "form-control"),
                              ("age", "form-control")):  # fmt: skip
                self.fields[f"person_{n}_{part}"].widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("partner") and not (data.get("partner_name") or "").strip():
            self.add_error("partner", _("Choose the referring partner, or type its name."))
        return data
