"""Date pickers keep their value in Indonesian: ``<input type="date">`` needs ISO, not ``28-11-2026``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.utils import translation

from sigap.audit.forms import AuditFilterForm
from sigap.cases.forms.case import PersonForm
from sigap.cases.forms.casework import ConsentForm, ConsentWithdrawForm, IncidentForm, PlanItemForm
from sigap.intake.forms.staff import ComplaintRecordForm

DAY = dt.date(2026, 11, 28)
MOMENT = dt.datetime(2026, 11, 28, 14, 5)

DATE_FIELDS: list[tuple[type[forms.Form], str]] = [
    (PersonForm, "birth_date"),
    (IncidentForm, "date_from"),
    (IncidentForm, "date_to"),
    (ConsentForm, "given_on"),
    (ConsentWithdrawForm, "withdrawn_on"),
    (PlanItemForm, "target_date"),
    (AuditFilterForm, "date_from"),
    (AuditFilterForm, "date_to"),
]


@pytest.mark.parametrize(("form_class", "name"), DATE_FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_date_input_renders_iso_in_indonesian(form_class: Any, name: str) -> None:
    widget = form_class.base_fields[name].widget
    with translation.override("id"):
        html = widget.render(name, DAY)
    assert 'type="date"' in html
    assert 'value="2026-11-28"' in html, html


def test_the_datetime_local_input_renders_iso_in_indonesian() -> None:
    widget = ComplaintRecordForm.base_fields["received_at"].widget
    with translation.override("id"):
        html = widget.render("received_at", MOMENT)
    assert 'type="datetime-local"' in html and 'value="2026-11-28T14:05"' in html, html


def test_a_prefilled_person_form_keeps_the_birth_date_in_indonesian() -> None:
    with translation.override("id"):
        html = str(PersonForm(initial={"birth_date": DAY})["birth_date"])
    assert 'value="2026-11-28"' in html and "28-11-2026" not in html


def test_the_posted_iso_date_is_read_back_in_indonesian() -> None:
    with translation.override("id"):
        form = ConsentWithdrawForm(data={"withdrawn_on": "2020-11-28"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["withdrawn_on"] == dt.date(2020, 11, 28)
        html = str(form["withdrawn_on"])
    assert 'value="2020-11-28"' in html
