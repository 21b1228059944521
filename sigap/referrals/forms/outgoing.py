"""Forms of the referral pages. Field checks live here; the services check the rules again (the consent guard
among them: the form never decides whether a referral may go)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.forms.casework import PersonChoiceField
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson
from sigap.cases.models.plan import AssessmentArea, PlanItem
from sigap.core.forms import StyledForm
from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.partners.forms import service_choices
from sigap.partners.models import Partner, PartnerContact
from sigap.referrals.models import Mode, SharedSection, Urgency
from sigap.referrals.services.common import MAX_TEXT
from sigap.referrals.services.send import ReferralData


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.service_label} · {obj.target_date:%d-%m-%Y}"


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        position = f" ({obj.position})" if obj.position else ""
        return f"{obj.partner.name}: {obj.name}{position}"


class ReferralForm(StyledForm):
    victim = PersonChoiceField(label=_("Victim"), queryset=CasePerson.objects.none())
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    contact = ContactChoiceField(
        label=_("Contact person at the partner (optional)"),
        required=False,
        queryset=PartnerContact.objects.none(),
        help_text=_("Who the letter is addressed to. The contacts are kept on the partner's page."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services requested"), choices=service_choices, widget=CheckboxColumns(columns=2)
    )
    needs_summary = forms.CharField(
        label=_("Needs summary"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the partner needs to act: no account of the incident unless it is shared."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    mode = forms.ChoiceField(label=_("How it is sent"), choices=Mode.choices)
    response_due = forms.DateField(label=_("Answer due by"), widget=IsoDateInput())
    shared_sections = forms.MultipleChoiceField(
        label=_("Sections the partner may see"),
        required=False,
        choices=SharedSection.choices,
        widget=CheckboxColumns(columns=2),
        help_text=_("The minimum the partner needs. Identity lets the letter name the victim (with consent)."),
    )
    shared_assessment_areas = forms.MultipleChoiceField(
        label=_("Parts of the assessment shared"),
        required=False,
        choices=AssessmentArea.choices,
        widget=CheckboxColumns(columns=3),
        help_text=_("Only when the assessment is among the sections shared."),
    )
    plan_item = PlanItemChoiceField(
        label=_("Plan item this referral delivers"),
        required=False,
        queryset=PlanItem.objects.none(),
        help_text=_("The item is marked done when the referral is done."),
    )
    override_reason = forms.CharField(
        label=_("Reason to send without the victim's consent (head of the unit only)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when no valid consent covers this partner. For a child, a second staff member confirms."),
    )

    def __init__(
        self,
        *args: Any,
        victims: QuerySet[CasePerson],
        partners: QuerySet[Partner],
        contacts: QuerySet[PartnerContact],
        plan_items: QuerySet[PlanItem],
        is_head: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = contacts
        if not contacts.exists():
            del self.fields["contact"]
        cast(forms.ModelChoiceField, self.fields["plan_item"]).queryset = plan_items
        if not plan_items.exists():
            del self.fields["plan_item"]
        if not is_head:
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        victim = data.get("victim")
        # The partner would read "not recorded: do not call" and dashes (walk #14, 5): record the rule first.
        shares_contact = SharedSection.CONTACT in (data.get("shared_sections") or [])
        if (
            shares_contact
            and victim is not None
            and not Case.objects.filter(pk=victim.case_id).exclude(contact_calls="").exists()
        ):
            self.add_error(
                "shared_sections",
                _(
                    "No safe-contact rule is recorded for this case: record it on the case page first "
                    "(“How to make contact safely”), or do not share the contact."
                ),
            )
        contact, partner = data.get("contact"), data.get("partner")
        if contact is not None and partner is not None and contact.partner_id != partner.pk:
            self.add_error(
                "contact",
                _("This person works for another partner: choose one of %(partner)s.") % {"partner": partner.name},
            )
        return data

    def clean_response_due(self) -> dt.date | None:
        due = self.cleaned_data.get("response_due")
        if due is not None and due < timezone.localdate():
            raise ValidationError(_("The date cannot be in the past."))
        return due

    def referral_data(self) -> ReferralData:
        """What a valid form asks ``referral_send`` to send (the service decides whether it may go)."""
        data = self.cleaned_data
        return ReferralData(
            victim=data["victim"],
            partner=data["partner"],
            contact=data.get("contact"),
            services=data["services"],
            needs_summary=data["needs_summary"],
            response_due=data["response_due"],
            urgency=data["urgency"],
            mode=data["mode"],
            shared_sections=data["shared_sections"],
            shared_assessment_areas=data["shared_assessment_areas"],
            plan_item=data.get("plan_item"),
            override_reason=data.get("override_reason", ""),
        )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    feedback = forms.CharField(
        label=_("Feedback of the partner"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
