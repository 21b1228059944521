"""Forms of the contracts pages. Field checks live here; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.contracts.models import Decision, FeeBasis, FundingSource
from sigap.contracts.rating import criteria, scale_of
from sigap.contracts.services.contract import MAX_DUTIES, MAX_TEXT
from sigap.core.widgets import IsoDateInput
from sigap.experts.forms import StyledForm
from sigap.experts.models import Profession


class ContractForm(StyledForm):
    expert = forms.TypedChoiceField(label=_("Expert"), coerce=int, choices=())
    number = forms.CharField(label=_("Contract number"), max_length=MAX_TEXT, help_text=_("E.g. the SPK number."))
    post = forms.CharField(label=_("Post"), max_length=MAX_TEXT, help_text=_("E.g. Tenaga Ahli Psikolog Klinis."))
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2020, max_value=2100)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    fee_basis = forms.ChoiceField(label=_("Fee basis"), choices=FeeBasis.choices)
    unit_price = forms.DecimalField(
        label=_("Unit price (Rp)"),
        min_value=1,
        max_digits=12,
        decimal_places=0,
        help_text=_("The monthly fee, or the price of one session held."),
    )
    amount = forms.DecimalField(label=_("Contract value (Rp)"), min_value=1, max_digits=16, decimal_places=0)
    start = forms.DateField(label=_("Start"), widget=IsoDateInput())
    end = forms.DateField(
        label=_("End"), widget=IsoDateInput(), help_text=_("Normally 31 December of the fiscal year.")
    )
    duties = forms.CharField(
        label=_("Duties"), required=False, max_length=MAX_DUTIES, widget=forms.Textarea(attrs={"rows": 4})
    )
    document = forms.FileField(
        label=_("Signed contract"), required=False, help_text=_("PDF, image, DOCX; it is stored encrypted.")
    )

    def __init__(self, *args: Any, experts: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if experts is None:
            del self.fields["expert"]
        else:
            field = self.fields["expert"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = experts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end < start:
            raise ValidationError(_("The contract must end on or after its start."))
        return data


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    conditions = forms.CharField(
        label=_("Conditions of the extension"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown again at the next period's evaluation."),
    )
    reason = forms.CharField(label=_("Why the contract ends"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    supersede_reason = forms.CharField(
        label=_("Why the earlier decision is replaced"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, unit: Unit, superseding: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowest, highest = scale_of(unit)
        # An empty first choice: a score is chosen, never left at the lowest by default.
        choices = [("", "—"), *((value, str(value)) for value in range(lowest, highest + 1))]
        for code, label in criteria():
            self.fields[f"rating_{code}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None
            )
            self.fields[f"rating_{code}"].widget.attrs["class"] = "form-select"
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        if not superseding:
            del self.fields["supersede_reason"]
        self.order_fields([f"rating_{code}" for code, _label in criteria()])

    def ratings(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"rating_{code}"] for code, _label in criteria()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.EXTEND_WITH_CONDITIONS and not (data.get("conditions") or "").strip():
            self.add_error("conditions", _("Write the conditions of the extension."))
        if data.get("decision") == Decision.END and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why the contract ends."))
        if "supersede_reason" in self.fields and not (data.get("supersede_reason") or "").strip():
            self.add_error("supersede_reason", _("Write why the earlier decision is replaced."))
        return data
