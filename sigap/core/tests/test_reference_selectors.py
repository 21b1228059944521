"""codes(), code_label() and the form fields: labels follow the language, retired codes still resolve."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django import forms
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.core.reference.definitions import by_key
from sigap.core.reference.fields import CodeChoiceField, CodeMultipleChoiceField, code_choices
from sigap.core.reference.selectors import code_label, code_list_version, code_lookup, codes
from sigap.core.reference.services import code_list_sync, reference_load


@pytest.fixture
def loaded(db: None) -> None:
    reference_load()


def test_labels_switch_with_the_language(loaded: None) -> None:
    with translation.override("id"):
        assert [c.label for c in codes("sex")] == ["Laki-laki", "Perempuan"]
        assert code_label("violence_type", "PENELANTARAN") == "Penelantaran"
    with translation.override("en"):
        assert [c.label for c in codes("sex")] == ["Male", "Female"]
        assert code_label("violence_type", "PENELANTARAN") == "Neglect"


def test_codes_come_in_display_order_without_group_headers(loaded: None) -> None:
    assert [c.code for c in codes("risk_level")] == ["TINGGI", "SEDANG", "RENDAH"]
    rights = codes("victim_right")
    assert "PENANGANAN" not in {c.code for c in rights}
    assert rights[0].parent == "PENANGANAN"
    assert "PENANGANAN" in {c.code for c in codes("victim_right", include_groups=True)}


def test_codes_by_parent_and_top_level(loaded: None) -> None:
    assert len(codes("case_category", parent="AMPK")) == 15
    assert [c.code for c in codes("case_category", top_level=True)] == ["KTP", "KTA", "AMPK", "TPPO", "ABH"]


def test_a_retired_code_still_resolves_but_is_not_offered(loaded: None) -> None:
    nationality = by_key("nationality")
    code_list_sync(definition=replace(nationality, codes=nationality.codes[:1]))
    assert [c.code for c in codes("nationality")] == ["WNI"]
    with translation.override("en"):
        assert code_label("nationality", "WNA") == "Foreign national"
    found = code_lookup("nationality", "WNA")
    assert found is not None and found.is_active is False
    assert code_list_version("nationality") == 2


def test_unknown_codes_and_lists_do_not_break_a_page(loaded: None) -> None:
    assert code_label("sex", "X") == "X"
    assert code_label("sex", None) == ""
    assert code_lookup("no_such_list", "A") is None
    assert codes("no_such_list") == []
    assert code_list_version("no_such_list") is None


def test_the_note_comes_with_the_code(loaded: None) -> None:
    daring = next(c for c in codes("place") if c.code == "DARING")
    assert daring.note.startswith("⚠")


class DemoForm(forms.Form):
    sex = CodeChoiceField("sex")
    category = CodeChoiceField("case_category", top_level=True, required=False)
    ampk = CodeChoiceField("case_category", parent="AMPK", required=False)
    violence = CodeMultipleChoiceField("violence_type")
    rights = CodeMultipleChoiceField("victim_right", required=False)


def test_the_fields_offer_active_codes_in_the_active_language(loaded: None) -> None:
    with translation.override("en"):
        html = str(DemoForm()["sex"])
        assert '<option value="" selected>---------</option>' in html
        assert ">Female</option>" in html
    with translation.override("id"):
        assert ">Perempuan</option>" in str(DemoForm()["sex"])


def test_grouped_lists_render_their_groups(loaded: None) -> None:
    with translation.override("en"):
        choices = code_choices("victim_right")
        assert [label for label, _members in choices] == [
            "Right to handling (Art. 68)",
            "Right to protection (Art. 69)",
            "Right to recovery (Art. 70)",
            "Rights of the victim's family (Art. 71)",
        ]
        assert "Right to protection (Art. 69)" in str(DemoForm()["rights"])


def test_the_fields_clean_to_codes(loaded: None) -> None:
    form = DemoForm(
        data={
            "sex": "P",
            "category": "AMPK",
            "ampk": "AMPK_DISABILITAS",
            "violence": ["FISIK", "PSIKIS"],
            "rights": ["PELINDUNGAN_KERAHASIAAN"],
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sex"] == "P"
    assert form.cleaned_data["violence"] == ["FISIK", "PSIKIS"]


@pytest.mark.parametrize(
    "data",
    [
        {"sex": "X", "violence": ["FISIK"]},  # unknown code
        {"sex": "P", "violence": ["FISIK"], "category": "AMPK_DISABILITAS"},  # a sub-type is not top level
        {"sex": "P", "violence": ["FISIK"], "ampk": "KTP"},  # not a child of AMPK
        {"sex": "P", "violence": ["FISIK"], "rights": ["PENANGANAN"]},  # a group header cannot be chosen
        {"sex": "P", "violence": []},  # required
    ],
)
def test_the_fields_refuse_what_is_not_offered(loaded: None, data: dict[str, object]) -> None:
    form = DemoForm(data=data)
    assert not form.is_valid()


def test_a_retired_code_is_refused_in_new_input(loaded: None) -> None:
    nationality = by_key("nationality")
    code_list_sync(definition=replace(nationality, codes=nationality.codes[:1]))

    class NationalityForm(forms.Form):
        nationality = CodeChoiceField("nationality")

    assert not NationalityForm(data={"nationality": "WNA"}).is_valid()
    assert NationalityForm(data={"nationality": "WNI"}).is_valid()


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sex=st.text(max_size=80),
    violence=st.lists(st.text(max_size=40), max_size=5),
    category=st.one_of(st.text(max_size=40), st.sampled_from(["KTP", "AMPK", "", "AMPK_NAPZA"])),
)
def test_no_input_breaks_the_fields(loaded: None, sex: str, violence: list[str], category: str) -> None:
    form = DemoForm(data={"sex": sex, "violence": violence, "category": category})
    form.is_valid()
    str(form)
