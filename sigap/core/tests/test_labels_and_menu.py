"""Choice labels and the role's menu, computed once per language and role (issue #22)."""

from __future__ import annotations

import inspect
import re
from typing import Any
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from sigap.accounts.models import Membership, Role
from sigap.core import labels, navigation


def _fields_with_choices() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.choices and isinstance(field.choices, (list, tuple))
    ]


def test_every_choice_label_reads_as_djangos_in_both_languages() -> None:
    pairs = _fields_with_choices()
    assert len(pairs) > 30
    for language in ("id", "en"):
        with translation.override(language):
            for model, field in pairs:
                name = f"get_{field.name}_display"
                assert inspect.getattr_static(model, name).func is labels._display, (model, name)
                for value in [*(value for value, _label in field.flatchoices), "NOT-A-CHOICE", None]:
                    row = model.__new__(model)
                    row.__dict__[field.attname] = value
                    shown = getattr(row, name)()
                    assert shown == models.Model._get_FIELD_display(row, field), (model, field, value)


def test_a_label_is_translated_once_per_language() -> None:
    labels._tables.clear()
    head = Membership(role=Role.HEAD)
    with mock.patch.object(labels, "_translate", wraps=labels._translate) as translate:
        with translation.override("en"):
            assert head.get_role_display() == "Head of unit"
            first = translate.call_count
            assert first == len(Role.choices)
            for _ in range(50):
                head.get_role_display()
            assert translate.call_count == first
        with translation.override("id"):
            assert head.get_role_display() == str(Role.HEAD.label)  # Indonesian now
            assert translate.call_count == 2 * first


def test_the_menu_is_computed_once_per_role_and_language_and_marks_the_page_active(personas: Any) -> None:
    navigation.nav_forget()
    client = personas.client("head")
    with mock.patch.object(navigation, "reverse", wraps=navigation.reverse) as reversing:
        home = client.get(reverse("core:home")).content.decode()
        first = reversing.call_count
        assert first > 5
        cases = client.get(reverse("cases:case_list")).content.decode()
        assert reversing.call_count == first  # the same role and language: nothing computed again
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(reverse("cases:case_list")).content.decode()
        assert reversing.call_count == first  # URLs do not depend on the language: only labels do
    assert _active(home) == ["home"] and _active(cases) == ["cases"] and _active(english) == ["cases"]
    assert ">Cases</a>" in english and ">Cases</a>" not in cases
    # Another role has its own menu.
    intake_menu = personas.client("intake").get(reverse("core:home")).content.decode()
    assert 'data-nav="break_glass"' not in intake_menu


def _active(html: str) -> list[str]:
    menu = html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'data-nav="([^"]+)" aria-current="page"', menu)
