"""Forms of the experts pages. Field checks live here; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.core.widgets import IsoDateInput
from sigap.experts.models import CredentialEndReason, CredentialKind, Profession, Sex
from sigap.experts.services import MAX_ISSUER, MAX_NOTES, MAX_NUMBER


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class ExpertProfileForm(StyledForm):
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    available = forms.BooleanField(
        label=_("Takes new cases"),
        required=False,
        initial=True,
        help_text=_("Untick while the expert cannot take new cases: they are then suggested last."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_NOTES,
        help_text=_("Short and factual, e.g. languages spoken or days available."),
    )


class CredentialForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=CredentialKind.choices)
    number = forms.CharField(label=_("Number"), max_length=MAX_NUMBER)
    issuer = forms.CharField(
        label=_("Issued by"), max_length=MAX_ISSUER, help_text=_("E.g. KKI, the regency health office, PERADI.")
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=IsoDateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty when the credential does not expire (e.g. the advocate's oath)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start is not None and end is not None and end < start:
            raise ValidationError(_("The end of validity must be on or after its start."))
        return data


class CredentialEndForm(StyledForm):
    reason = forms.ChoiceField(label=_("Why does it end?"), choices=CredentialEndReason.choices)
