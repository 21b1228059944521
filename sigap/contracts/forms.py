"""Forms of the contracts pages. Field checks live here; the services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import Unit
from sigap.contracts.models import Decision, FeeBasis, FundingSource
from sigap.contracts.rating import (
    DEFAULT_LABELS,
    MAX_LABEL,
    SCALE_CEILING,
    SCALE_FLOOR,
    Criterion,
    Scale,
    unit_scale,
)
from sigap.contracts.services.contract import MAX_DUTIES, MAX_TEXT
from sigap.contracts.services.scale import ScaleData
from sigap.core.widgets import IsoDateInput
from sigap.experts.forms import StyledForm
from sigap.experts.models import Profession

SCORES = range(SCALE_FLOOR, SCALE_CEILING + 1)


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
    start = forms.DateField(label=pgettext_lazy("contract dates", "Start date"), widget=IsoDateInput())
    end = forms.DateField(
        label=pgettext_lazy("contract dates", "End date"),
        widget=IsoDateInput(),
        help_text=_("Normally 31 December of the fiscal year."),
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

    def __init__(self, *args: Any, unit: Unit, superseding: bool = False, ended: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = unit_scale(unit)
        # An empty first choice: a score is chosen, never left at the lowest by default.
        choices = [("", "—"), *self.scale.scores]
        for code, label in self.scale.criteria:
            self.fields[f"rating_{code}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None
            )
            self.fields[f"rating_{code}"].widget.attrs["class"] = "form-select"
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        if not superseding:
            del self.fields["supersede_reason"]
        if ended:
            # Superseding an "end": only another "end" can succeed (an ended contract is never extended again;
            # a new contract is made), so the choices that would be refused are not offered (walk #13, 14).
            self.fields["decision"] = forms.ChoiceField(
                label=_("Decision"),
                choices=[(Decision.END.value, Decision.END.label)],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self.order_fields([f"rating_{code}" for code, _label in self.scale.criteria])

    def ratings(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"rating_{code}"] for code, _label in self.scale.criteria}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.EXTEND_WITH_CONDITIONS and not (data.get("conditions") or "").strip():
            self.add_error("conditions", _("Write the conditions of the extension."))
        if data.get("decision") == Decision.END and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why the contract ends."))
        if "supersede_reason" in self.fields and not (data.get("supersede_reason") or "").strip():
            self.add_error("supersede_reason", _("Write why the earlier decision is replaced."))
        return data


class ScaleForm(StyledForm):
    """The unit's rating scale: bounds, a word per score, each criterion's label and whether it is rated, and up
    to two new criteria. Every score from ``SCALE_FLOOR`` to ``SCALE_CEILING`` has a word field; words of
    scores outside the bounds are dropped by the service."""

    lowest = forms.IntegerField(label=_("Lowest score"), min_value=SCALE_FLOOR, max_value=SCALE_CEILING)
    highest = forms.IntegerField(label=_("Highest score"), min_value=SCALE_FLOOR, max_value=SCALE_CEILING)

    def __init__(self, *args: Any, scale: Scale, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"lowest": scale.lowest, "highest": scale.highest}
        initial |= {f"word_{value}": scale.words.get(str(value), "") for value in SCORES}
        initial |= {f"label_{c.code}": c.label or str(c.shown) for c in scale.all_criteria}
        initial |= {f"active_{c.code}": c.active for c in scale.all_criteria}
        super().__init__(*args, initial=initial, **kwargs)
        self.scale = scale
        for value in SCORES:
            self.fields[f"word_{value}"] = forms.CharField(
                label=_("Word for the score %(score)d") % {"score": value}, required=False, max_length=MAX_LABEL
            )
        for criterion in scale.all_criteria:
            self.fields[f"label_{criterion.code}"] = forms.CharField(
                label=_("Criterion"), max_length=MAX_LABEL, error_messages={"required": _("Write the criterion.")}
            )
            self.fields[f"active_{criterion.code}"] = forms.BooleanField(label=_("Rated"), required=False)
        for number in (1, 2):
            self.fields[f"new_{number}"] = forms.CharField(
                label=_("New criterion"), required=False, max_length=MAX_LABEL
            )
        for name, field in self.fields.items():  # the fields added above miss the base class's styling
            if name.startswith("active_"):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lowest, highest = data.get("lowest"), data.get("highest")
        if lowest is not None and highest is not None and lowest >= highest:
            self.add_error("highest", _("The highest score must be above the lowest."))
        return data

    def word_rows(self) -> list[tuple[int, forms.BoundField]]:
        return [(value, self[f"word_{value}"]) for value in SCORES]

    def criterion_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"label_{c.code}"], self[f"active_{c.code}"]) for c in self.scale.all_criteria]

    def new_rows(self) -> list[forms.BoundField]:
        return [self["new_1"], self["new_2"]]

    def data_for_service(self) -> ScaleData:
        data = self.cleaned_data
        renamed = []
        for c in self.scale.all_criteria:
            label = data[f"label_{c.code}"].strip()
            # A default criterion left with its translated label stays "default" (read in each language).
            keep = "" if c.code in DEFAULT_LABELS and label == str(c.shown) and not c.label else label
            renamed.append(Criterion(c.code, keep, data[f"active_{c.code}"]))
        return ScaleData(
            lowest=data["lowest"],
            highest=data["highest"],
            words={value: data[f"word_{value}"] for value in SCORES},
            criteria=renamed,
            new_labels=[data["new_1"], data["new_2"]],
        )
