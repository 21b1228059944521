"""The Python fast path of the form renderer gives exactly the markup of Django's own templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.core.form_renderer import FAST_TEMPLATES, FastWidgetRenderer

FAST = FastWidgetRenderer()
ENGINE = DjangoTemplates()

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_value = st.one_of(st.booleans(), st.none(), text, st.integers(-5, 5000))
attrs = st.dictionaries(st.sampled_from(["class", "data-x", "required", "placeholder", "min"]), attr_value, max_size=4)


def both(widget: forms.Widget, name: str, value: Any, extra: dict[str, Any] | None = None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=extra, renderer=FAST),
        widget.render(name, value, attrs=extra, renderer=ENGINE),
    )


@settings(max_examples=150, deadline=None)
@given(
    choices=st.lists(st.tuples(text, st.one_of(text, st.integers(0, 99999))), max_size=6),
    value=st.one_of(text, st.none()),
    extra=attrs,
)
def test_select_matches_the_template(choices: list[tuple[str, Any]], value: Any, extra: dict[str, Any]) -> None:
    fast, engine = both(forms.Select(choices=choices), "pick", value, extra)
    assert fast == engine


@settings(max_examples=80, deadline=None)
@given(
    groups=st.lists(st.tuples(text, st.lists(st.tuples(text, text), max_size=3)), max_size=3),
    value=st.lists(text, max_size=3),
)
def test_select_multiple_with_groups_matches_the_template(groups: list[Any], value: list[str]) -> None:
    fast, engine = both(forms.SelectMultiple(choices=groups), "many", value)
    assert fast == engine


@settings(max_examples=150, deadline=None)
@given(value=st.one_of(text, st.none(), st.integers(), st.decimals(allow_nan=False, places=2)), extra=attrs)
def test_inputs_match_the_template(value: Any, extra: dict[str, Any]) -> None:
    for widget in (
        forms.TextInput(),
        forms.NumberInput(),
        forms.EmailInput(),
        forms.HiddenInput(),
        forms.PasswordInput(render_value=True),
        forms.URLInput(),
        forms.TextInput(attrs={"type": "tel"}),
        forms.Textarea(),
    ):
        fast, engine = both(widget, "field", value, extra)
        assert fast == engine, widget


class _HtmlButNotSafe:
    """Has ``__html__`` but is not SafeData: Django escapes its ``stringformat`` output anyway."""

    def __html__(self) -> str:
        return "<i>html</i>"

    def __str__(self) -> str:
        return '<b>"str"</b>'


def test_an_object_with_html_but_not_safe_data_is_escaped_like_django_does() -> None:
    for widget, value in (
        (forms.TextInput(), _HtmlButNotSafe()),
        (forms.Select(choices=[(_HtmlButNotSafe(), "label")]), None),
    ):
        fast, engine = both(widget, "f", value, {"data-x": _HtmlButNotSafe()})
        assert fast == engine, widget
        assert "<b>" not in fast


@pytest.mark.parametrize("language", ["id", "en"])
def test_localised_and_lazy_values_match(language: str) -> None:
    with override(language):
        cases = [
            (
                forms.Select(
                    choices=[(1, 1234567), (2, gettext_lazy("Case manager")), ("x", mark_safe("<b>safe</b>"))]
                ),
                2,
            ),
            (forms.DateInput(), dt.date(2026, 11, 28)),
            (forms.DateTimeInput(), dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)),
            (forms.NumberInput(), Decimal("1234.50")),
            (forms.CheckboxInput(), True),
            (forms.CheckboxInput(), False),
            (forms.NullBooleanSelect(), None),
            (forms.Textarea(), '<script>alert("x")</script> & more'),
        ]
        for widget, value in cases:
            fast, engine = both(widget, "f", value, {"class": "form-control", "disabled": True, "hidden": False})
            assert fast == engine, widget


def test_the_fast_path_covers_the_templates_it_names() -> None:
    # A template named in FAST_TEMPLATES that Django stopped shipping (or renamed) must not hide.
    for name in FAST_TEMPLATES:
        ENGINE.get_template(name)


def test_other_templates_still_go_through_the_engine() -> None:
    radio = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    assert radio.render("r", "a", renderer=FAST) == radio.render("r", "a", renderer=ENGINE)
    field = forms.Form()
    assert field.render(renderer=FAST) == field.render(renderer=ENGINE)
