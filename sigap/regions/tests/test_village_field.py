"""VillageField / VillagePickerWidget in a demo form: rendering, cleaning, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.regions.forms import VillageField, VillagePickerWidget
from sigap.regions.models import Village


class DemoForm(forms.Form):
    """How a feature form uses the picker."""

    village = VillageField(label="Village of residence")
    optional_village = VillageField(label="Place of incident", required=False)


def test_it_renders_an_accessible_combobox(kaltim: Any) -> None:
    html = str(DemoForm()["village"])
    assert 'type="hidden" name="village"' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="id_village_listbox"' in html
    assert 'role="listbox"' in html
    assert 'id="id_village"' in html  # the form's <label for> points at the search box
    assert "hx-post=" in html and """hx-vals='{"field": "village"}'""" in html
    assert 'hx-params="village_q, village_all, field"' in html
    assert 'name="village_all"' in html
    assert "<script" not in html and "style=" not in html
    assert "sigap/village-picker.js" in str(DemoForm().media)


def test_it_shows_the_chosen_village_again(kaltim: Any) -> None:
    form = DemoForm(initial={"village": "64.02.06.1002"})
    html = str(form["village"])
    assert 'value="64.02.06.1002"' in html
    assert 'value="Loa Ipuh, Tenggarong, Kabupaten Kutai Kartanegara"' in html
    bound = DemoForm(data={"village": Village.objects.get(pk="64.02.06.1008").code})
    assert 'value="Kampung Baru, Tenggarong, Kabupaten Kutai Kartanegara"' in str(bound["village"])


def test_it_cleans_to_a_village(kaltim: Any) -> None:
    form = DemoForm(data={"village": "64.72.06.1001", "village_q": "whatever was typed"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"] == Village.objects.get(pk="64.72.06.1001")
    assert form.cleaned_data["optional_village"] is None


@pytest.mark.parametrize("value", ["", "64.02.06", "64.02.06.999", "Loa Ipuh", "11.01.01.2001", "64.02.06.1002 x"])
def test_it_rejects_anything_but_a_loaded_village(kaltim: Any, value: str) -> None:
    form = DemoForm(data={"village": value})
    assert not form.is_valid()
    assert form.errors["village"]


def test_it_marks_the_box_invalid_with_an_error(kaltim: Any) -> None:
    form = DemoForm(data={"village": "nope"})
    assert not form.is_valid()
    assert "Choose a village from the list" in str(form.errors["village"])
    assert 'aria-invalid="true"' in str(form["village"])


def test_the_switch_to_all_of_indonesia_can_be_left_out() -> None:
    widget = VillagePickerWidget(allow_all=False)
    html = widget.render("home", None, attrs={"id": "id_home"})
    assert "village_all" not in html and "home_all" not in html


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.text(max_size=200), st.from_regex(r"\A\d{2}\.\d{2}\.\d{2}\.\d{4}\Z")))
def test_no_input_breaks_the_field(kaltim: Any, value: str) -> None:
    form = DemoForm(data={"village": value})
    form.is_valid()
    str(form["village"])
