"""Forms of a transfer: choose the receiving UPTD PPA and say why; send a proposal back; import a package."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.intake.forms.staff import StyledForm
from sigap.referrals.services.transfer.send import MAX_REASON, Receiver


class TransferForm(StyledForm):
    """Where the case goes (a unit of Sigap, or a UPTD PPA typed in) and why."""

    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit (in Sigap)"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("A unit that also runs Sigap: it can import the package."),
    )
    receiving_name = forms.CharField(
        label=_("Or the name of the receiving UPTD PPA"),
        required=False,
        max_length=200,
        help_text=_("When the unit does not run Sigap: it receives the PDF and the XLSX."),
    )
    receiving_region_code = forms.CharField(label=_("Its region code (optional)"), required=False, max_length=20)
    reason = forms.CharField(
        label=_("Why the case is transferred"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the victim moved to live with her family in another regency."),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["receiving_unit"]
        field.queryset = Unit.objects.filter(is_active=True).exclude(pk=unit.pk).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("receiving_unit") and not (data.get("receiving_name") or "").strip():
            self.add_error("receiving_unit", _("Choose the receiving unit, or type the name of the UPTD PPA."))
        return data

    def receiver(self) -> Receiver:
        data = self.cleaned_data
        return Receiver(
            unit=data.get("receiving_unit"),
            name=data.get("receiving_name") or "",
            region_code=data.get("receiving_region_code") or "",
        )


class SendBackForm(StyledForm):
    note = forms.CharField(
        label=_("Why the transfer is sent back"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 3})
    )


class PackageImportForm(StyledForm):
    """The package (the XLSX) and the password the sending unit gave by another channel."""

    package = forms.FileField(label=_("Transfer package (XLSX)"))
    password = forms.CharField(
        label=_("Password of the package"),
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
