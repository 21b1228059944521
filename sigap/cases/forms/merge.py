"""The HEAD's merge of two person records: one radio pair per line (which record's value stays), a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.cases import codes
from sigap.cases.forms.case import StyledForm
from sigap.cases.models.people import Person
from sigap.cases.services.person_merge import MAX_REASON, MERGE_FIELD_LABELS, MERGE_FIELDS, MERGED, MIN_REASON, SURVIVOR
from sigap.core.dates import format_day

EMPTY = "—"


def _birth_text(person: Person) -> str:
    if person.birth_date is not None:
        return format_day(person.birth_date)
    if person.birth_year is None:
        return ""
    if person.age_estimated:
        return _("born about %(year)s (estimated)") % {"year": person.birth_year}
    return str(person.birth_year)


def field_texts(person: Person) -> dict[str, str]:
    """Each line of the merge page in words for ``person`` (empty when unknown): the HEAD sees it all."""
    address = ", ".join(part for part in (person.address, person.village.name if person.village else "") if part)
    return {
        "name": person.name or "",
        "sex": codes.label_of(codes.SEX, person.sex),
        "birth": _birth_text(person),
        "nik": person.nik or "",
        "phone": person.phone or "",
        "address": address,
        "education": codes.label_of(codes.EDUCATION, person.education),
        "occupation": codes.label_of(codes.OCCUPATION, person.occupation),
        "disabilities": ", ".join(codes.label_of(codes.DISABILITY, c) for c in person.disabilities or []),
        "marital_status": codes.label_of(codes.MARITAL_STATUS, person.marital_status),
        "nationality": codes.label_of(codes.NATIONALITY, person.nationality),
    }


class PersonMergeForm(StyledForm):
    """Record A (the survivor) and record B (merged into A): per line, A's value or B's.

    The default is A's value, or B's where only B has one. Every line and the reason are required; a
    value outside the two choices is an error of the form, never a 500.
    """

    reason = forms.CharField(
        label=gettext_lazy("Why are these two records the same person?"),
        min_length=MIN_REASON,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("E.g. the same NIK, or the same name, parents and village. Kept encrypted."),
    )

    def __init__(self, *args: Any, survivor: Person, merged: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = {SURVIVOR: field_texts(survivor), MERGED: field_texts(merged)}
        for key in reversed(MERGE_FIELDS):
            kept, other = self.texts[SURVIVOR][key], self.texts[MERGED][key]
            field = forms.ChoiceField(
                label=MERGE_FIELD_LABELS[key],
                choices=[
                    (SURVIVOR, _("A: %(value)s") % {"value": kept or EMPTY}),
                    (MERGED, _("B: %(value)s") % {"value": other or EMPTY}),
                ],
                initial=MERGED if other and not kept else SURVIVOR,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose A or B."), "invalid_choice": _("Choose A or B.")},
            )
            self.fields = {key: field, **self.fields}

    def field_choices(self) -> dict[str, str]:
        """The validated choice of every line (for ``person_merge``)."""
        return {key: self.cleaned_data[key] for key in MERGE_FIELDS}

    def taken_from_merged(self) -> list[str]:
        """The labels of the lines where B's value is kept (the confirmation lists them)."""
        return [str(self.fields[key].label) for key in MERGE_FIELDS if self.cleaned_data.get(key) == MERGED]
