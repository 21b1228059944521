"""Checkbox groups a unit can read (issue #21): one widget for every multiple choice, a <fieldset> with a
<legend>, every option a real <label for>, columns (one on a phone), sub-headings for grouped code lists."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

import sigap
from sigap.cases.forms.case import PersonForm
from sigap.cases.forms.casework import IncidentForm
from sigap.cases.models import Case
from sigap.core.reference.definitions import by_key
from sigap.core.widgets import CheckboxColumns
from sigap.intake.forms.staff import TriageForm

pytestmark = pytest.mark.django_db


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(sigap.__path__, "sigap."):
        if ".tests" in module.name or ".migrations" in module.name or "forms" not in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.name:
                found.append(cls)
    return found


def test_every_multiple_choice_of_the_product_is_a_column_group() -> None:
    classes = _form_classes()
    assert len(classes) > 30  # the walk found the forms
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field.widget, forms.CheckboxSelectMultiple) and not isinstance(field.widget, CheckboxColumns)
    ]
    assert plain == []
    groups = {
        name for cls in classes for name, field in cls.base_fields.items() if isinstance(field.widget, CheckboxColumns)
    }
    assert {"risk_criteria", "violence_types", "tpks_forms", "disabilities", "perpetrators"} <= groups


def _field(form: forms.BaseForm, name: str) -> str:
    return render_to_string("includes/field.html", {"field": form[name]})


def _ids_and_labels(html: str) -> tuple[list[str], list[str]]:
    inputs = re.findall(r'<input type="checkbox"[^>]*\bid="([^"]+)"', html)
    labels = re.findall(r'<label class="form-check-label" for="([^"]+)"', html)
    return inputs, labels


@pytest.mark.parametrize(
    ("form", "name"),
    [
        (lambda: TriageForm(), "risk_criteria"),
        (lambda: IncidentForm(case=Case()), "violence_types"),
        (lambda: IncidentForm(case=Case()), "tpks_forms"),
        (lambda: PersonForm(), "disabilities"),
    ],
    ids=["risk_criteria", "violence_types", "tpks_forms", "disabilities"],
)
def test_a_group_is_a_fieldset_with_a_legend_and_a_label_for_each_option(form: Any, name: str) -> None:
    bound = form()
    html = _field(bound, name)
    assert re.search(rf'<fieldset class="[^"]*" id="id_{name}"', html)
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S)
    assert legend and str(bound.fields[name].label) in legend.group(1)
    inputs, labels = _ids_and_labels(html)
    assert inputs and sorted(inputs) == sorted(labels)  # every box has its own label, and nothing else does
    assert len(inputs) == len(set(inputs))
    assert len(inputs) == len(list(bound[name]))  # every choice is offered
    # Columns: one on a phone (sigap.css), two or three on a wider screen; never a row of inline checks.
    assert re.search(r'class="choice-columns choice-columns-[23]"', html)
    assert "form-check-inline" not in html


def test_the_nineteen_tpks_forms_sit_under_their_article() -> None:
    with translation.override("id"):
        html = _field(IncidentForm(case=Case()), "tpks_forms")
    headers = [c for c in by_key("tpks_form").codes if not c.selectable]
    members = [c for c in by_key("tpks_form").codes if c.selectable and c.active]
    assert len(members) == 19
    headings = re.findall(r'<p class="choice-heading" id="([^"]+)">([^<]+)</p>', html)
    assert [text for _id, text in headings] == [c.label_id for c in headers]
    for heading_id, _text in headings:
        assert f'role="group" aria-labelledby="{heading_id}"' in html
    sections = html.split('<p class="choice-heading"')[1:]
    for header, section in zip(headers, sections, strict=True):
        expected = [c.code for c in members if c.parent == header.code]
        assert re.findall(r'value="([A-Z_0-9]+)"', section) == expected


def test_ticked_options_stay_ticked_after_an_error() -> None:
    form = IncidentForm({"violence_types": ["FISIK", "SEKSUAL"], "tpks_forms": ["PERKOSAAN"]}, case=Case())
    assert not form.is_valid()
    html = _field(form, "violence_types") + _field(form, "tpks_forms")
    checked = re.findall(r'value="([A-Z_]+)"[^>]*\bchecked\b', html)
    assert sorted(checked) == ["FISIK", "PERKOSAAN", "SEKSUAL"]


def test_a_group_without_options_says_so() -> None:
    with translation.override("en"):
        html = _field(IncidentForm(case=Case()), "perpetrators")
    assert "Nothing to choose from yet." in html and '<input type="checkbox"' not in html
