"""Forms of the partner directory. Field checks live here; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sigap.core.forms import StyledForm
from sigap.core.reference.definitions import by_key
from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.partners.models import AgreementKind, Partner, PartnerKind
from sigap.partners.services import MAX_NAME, MAX_SHORT


def service_choices() -> list[tuple[str, str]]:
    """The active codes of the SIMFONI service list, in the request's language (``sigap.cases.codes`` is a
    floor above)."""
    indonesian = (get_language() or "id").startswith("id")
    return [
        (c.code, c.label_id if indonesian else c.label_en)
        for c in by_key("service_type").codes
        if c.active and c.selectable
    ]


def service_label(code: str) -> str:
    return dict(service_choices()).get(code, code)


class PartnerForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices)
    services = forms.MultipleChoiceField(
        label=_("Services offered"), choices=service_choices, required=False, widget=CheckboxColumns(columns=2)
    )
    address = forms.CharField(
        label=_("Address"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Office phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Office e-mail"), required=False)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, help_text=_("Untick when the unit no longer works with it.")
    )


class ContactForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    position = forms.CharField(label=_("Position"), required=False, max_length=MAX_SHORT)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)


class AgreementForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Number"), max_length=MAX_SHORT)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    valid_from = forms.DateField(label=_("Valid from"), widget=IsoDateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty when the agreement has no end date."),
    )
    document = forms.FileField(
        label=_("Signed document"), required=False, help_text=_("PDF or a photo of the signed agreement.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start is not None and end is not None and end < start:
            raise ValidationError(_("The end of validity must be on or after its start."))
        return data


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *PartnerKind.choices])


class PartnerUserForm(StyledForm):
    """The organisation a partner user works for (the unit administrator's choice)."""

    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.none(),
        help_text=_("The portal shows this organisation's active referrals only."),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
