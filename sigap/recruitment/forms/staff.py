"""Staff forms of open recruitment: the vacancy, the administrative check, a panel member's scores."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.core.widgets import CheckboxColumns, IsoDateInput
from sigap.experts.models import Profession
from sigap.recruitment.models import DocumentKind, Vacancy, VacancyState
from sigap.recruitment.selectors import panel_candidates
from sigap.recruitment.services.selection import MAX_NOTE
from sigap.recruitment.services.vacancy import MAX_REQUIREMENTS


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select) and not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-control")


class VacancyForm(StyledForm):
    post = forms.CharField(
        label=pgettext_lazy("vacancy", "Post"), max_length=200, help_text=_("E.g. Clinical psychologist (tenaga ahli).")
    )
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    description = forms.CharField(
        label=_("Description (public)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirements = forms.CharField(
        label=_("Requirements (one per line)"),
        required=False,
        max_length=MAX_REQUIREMENTS * 310,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Each line is one point of the administrative check."),
    )
    documents_required = forms.MultipleChoiceField(
        label=_("Documents required"), required=False, choices=DocumentKind.choices, widget=CheckboxColumns
    )
    posts = forms.IntegerField(label=_("Number of posts"), min_value=1, max_value=50, initial=1)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2020, max_value=2100)
    published_on = forms.DateField(label=_("Published on"), widget=IsoDateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=IsoDateInput())
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (VacancyState.DRAFT, VacancyState.DRAFT.label),
            (VacancyState.PUBLISHED, VacancyState.PUBLISHED.label),
        ],
        help_text=_("A published vacancy is shown on the public page between its dates."),
    )
    panel: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Selection panel"),
        queryset=None,
        required=False,
        widget=CheckboxColumns,
        help_text=_("They check and score the applicants; each scores alone."),
    )

    def __init__(self, *args: Any, unit_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        panel: Any = self.fields["panel"]
        panel.queryset = panel_candidates(unit_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("published_on"), data.get("closes_on")
        if start and end and end < start:
            self.add_error("closes_on", _("The closing date must be on or after the publication date."))
        return data

    @staticmethod
    def initial_of(vacancy: Vacancy) -> dict[str, Any]:
        return {
            "post": vacancy.post,
            "profession": vacancy.profession,
            "description": vacancy.description,
            "requirements": "\n".join(vacancy.requirements),
            "documents_required": vacancy.documents_required,
            "posts": vacancy.posts,
            "fiscal_year": vacancy.fiscal_year,
            "published_on": vacancy.published_on,
            "closes_on": vacancy.closes_on,
            "state": vacancy.state,
            "panel": list(vacancy.panel_members.values_list("user_id", flat=True)),
        }


class CheckForm(StyledForm):
    """One box per requirement of the vacancy; ticked = met."""

    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, requirements: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirement_count = len(requirements)
        for index, text in enumerate(requirements):
            self.fields[f"req_{index}"] = forms.BooleanField(label=text, required=False)
            self.fields[f"req_{index}"].widget.attrs["class"] = "form-check-input"
        self.order_fields([f"req_{i}" for i in range(len(requirements))] + ["note"])

    def met(self) -> set[int]:
        return {i for i in range(self.requirement_count) if self.cleaned_data.get(f"req_{i}")}


class ScoreForm(StyledForm):
    test_score = forms.IntegerField(label=_("Test score (0–100)"), required=False, min_value=0, max_value=100)
    interview_score = forms.IntegerField(label=_("Interview score (0–100)"), required=False, min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note (only you see it until everyone has scored)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the check form on the same page also has a "note", and an error's link must find this one.
        kwargs.setdefault("auto_id", "score_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("test_score") is None and data.get("interview_score") is None and not self.errors:
            raise forms.ValidationError(_("Enter a test score, an interview score, or both."))
        return data


class RetentionForm(StyledForm):
    retention_days = forms.IntegerField(
        label=_("Days applicants' data is kept after a vacancy closes"),
        min_value=30,
        max_value=3650,
        help_text=_("Then names, contacts and documents are deleted by Sigap. Default: 365 days."),
    )
