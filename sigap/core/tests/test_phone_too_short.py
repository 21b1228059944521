"""A phone number that is too short says so (#21), in every phone field, through one validator."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext

from sigap.accounts.forms.users import UserCreateForm
from sigap.cases.forms.case import PersonForm, PersonLookupForm
from sigap.core.crypto.normalise import normalise_phone
from sigap.intake.forms.public import PublicReportForm
from sigap.intake.forms.staff import ComplaintRecordForm

SHORT = "0812 345"  # a digit group forgotten
TOO_SHORT = (
    "This phone number is too short: with its area or mobile code it has at least 9 digits, "
    "e.g. 0812 3456 7890 or 0541 123456."
)


def _forms(unit: Any) -> list[tuple[forms.Form, str]]:
    return [
        (UserCreateForm({"phone": SHORT}), "phone"),
        (PersonForm({"phone": SHORT}), "phone"),
        (PersonLookupForm({"phone": SHORT}), "phone"),
        (ComplaintRecordForm({"reporter_phone": SHORT}), "reporter_phone"),
        (PublicReportForm({"reporter_phone": SHORT}, units=[unit]), "reporter_phone"),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_phone_field_says_a_number_is_too_short(personas: Any, language: str) -> None:
    unit = personas["head"].membership.unit
    with translation.override(language):
        expected = gettext(TOO_SHORT)
        for form, field in _forms(unit):
            assert not form.is_valid()
            assert expected in form.errors.get(field, []), (type(form).__name__, form.errors.get(field))


@pytest.mark.parametrize(
    "number",
    ["0812 3456 7890", "0541 123456", "+62 812 3456 7890", "081234567890123"[:13], "(0541) 7654321"],
)
def test_real_numbers_pass(number: str) -> None:
    assert normalise_phone(number).startswith("+62")


def test_a_number_too_long_says_so() -> None:
    with pytest.raises(forms.ValidationError) as raised:
        normalise_phone("0812 3456 7890 1234")
    assert raised.value.code == "phone_too_long"
