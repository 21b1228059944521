"""The safe-contact rule of a case (kept by the HEAD and the case manager)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.forms.case import StyledForm
from sigap.cases.services.lifecycle import MAX_CONTACT_RULE_LENGTH
from sigap.core.choices import ContactCalls


class ContactRuleForm(StyledForm):
    """May we phone, and how to make contact safely (free text, encrypted)."""

    contact_calls = forms.ChoiceField(
        label=_("May we phone?"),
        choices=ContactCalls.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the family may be phoned.")},
    )
    contact_rule = forms.CharField(
        label=_("How to make contact safely"),
        required=False,
        max_length=MAX_CONTACT_RULE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Include what must never be done, e.g. “do not call before 5 pm”, “no text messages”."),
    )
