"""The public reporting form and the status form: short, plain, no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.normalise import validate_phone
from sigap.intake.forms.staff import SEX_CHOICES
from sigap.intake.models import ContactCalls, PersonRole, ReporterType
from sigap.intake.services.complaint import MAX_ACCOUNT, MAX_NOTE, PersonEntry

HONEYPOT_FIELD = "website"
# Django's default message repeats the value sent ("%(value)s is not one of…"): nothing typed comes back.
INVALID_CHOICE = {"invalid_choice": _("Choose one of the options shown.")}

PUBLIC_REPORTER_CHOICES = [
    (ReporterType.VICTIM, _("I am the one who experienced it")),
    (ReporterType.THIRD_PARTY, _("I am reporting for someone else")),
    (ReporterType.ANONYMOUS, _("I want to stay anonymous")),
]


class PublicReportForm(forms.Form):
    """What a person can tell the unit without logging in. Only the account is required (and the area,
    when several units take reports)."""

    unit = forms.ModelChoiceField(
        label=_("Where did it happen?"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose the area"),
        error_messages=INVALID_CHOICE,
    )
    reporter_type = forms.ChoiceField(
        label=_("Who is reporting?"),
        choices=PUBLIC_REPORTER_CHOICES,
        initial=ReporterType.VICTIM,
        widget=forms.RadioSelect,
        error_messages=INVALID_CHOICE,
    )
    in_danger = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    account = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_ACCOUNT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_ACCOUNT}),
        help_text=_("A few sentences are enough. You do not have to tell everything now."),
        error_messages={"required": _("Please tell us briefly what happened.")},
    )
    victim_name = forms.CharField(
        label=_("Name of the person it happened to (optional)"), required=False, max_length=200
    )
    victim_age = forms.IntegerField(label=_("Their age (optional)"), required=False, min_value=0, max_value=120)
    victim_sex = forms.ChoiceField(
        label=_("Their sex (optional)"), required=False, choices=SEX_CHOICES, error_messages=INVALID_CHOICE
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=200)
    reporter_relationship = forms.CharField(
        label=_("If you report for someone else: who are they to you? (optional)"), required=False, max_length=100
    )
    contact_consent = forms.BooleanField(label=_("You may contact me"), required=False)
    reporter_phone = forms.CharField(
        label=_("Phone or WhatsApp number (optional)"), required=False, max_length=40, validators=[validate_phone]
    )
    contact_instructions = forms.CharField(
        label=_("How and when is it safe to contact you?"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE}),
        help_text=_("For example: WhatsApp only, not before 5 pm, do not call."),
    )
    contact_calls = forms.ChoiceField(
        label=_("May we phone?"),
        required=False,
        # The reporter names the go-between in the box above: the staff wording ("named in the rule")
        # left her asking which rule (walk of #12). The stored code is the same.
        choices=[
            ("", _("No answer")),
            *(
                (code, _("No direct contact: only through the person you name above"))
                if code == ContactCalls.NO_DIRECT_CONTACT
                else (code, label)
                for code, label in ContactCalls.choices
            ),
        ],
        widget=forms.RadioSelect,
        error_messages=INVALID_CHOICE,
        help_text=_("If a call could put you or the person at risk, choose “Messages only” or “No direct contact”."),
    )
    # One-time token of this form (sigap.intake.services.public): the same form sent twice makes one report.
    submit_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and from screen readers; bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        self.single_unit = units[0] if len(units) == 1 else None
        if self.single_unit is not None:
            field.required = False
            field.widget = forms.HiddenInput()

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def chosen_unit(self) -> Unit | None:
        return self.single_unit or self.cleaned_data.get("unit")

    def people(self) -> list[PersonEntry]:
        """The person it happened to, named or not: an age or a sex alone is kept too."""
        name = (self.cleaned_data.get("victim_name") or "").strip()
        age = self.cleaned_data.get("victim_age")
        sex = self.cleaned_data.get("victim_sex") or ""
        if not (name or age is not None or sex):
            return []
        return [PersonEntry(name=name, role=PersonRole.VICTIM, age=age, sex=sex)]


class StatusForm(forms.Form):
    """The tracking code, posted (never in the address bar)."""

    code = forms.CharField(
        label=_("Your tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Enter the code you received when you reported.")},
    )
