"""Form fields over the reference lists: the choices come from the database, in the active language.

Usage::

    violence_types = CodeMultipleChoiceField("violence_type", label=_("Types of violence"))
    category = CodeChoiceField("case_category", top_level=True, label=_("Case category"))
    ampk_type = CodeChoiceField("case_category", parent="AMPK", required=False)
    rights = CodeMultipleChoiceField("victim_right")  # checkboxes grouped under their article

The cleaned value is the code (a string; a list of strings for the multiple field). Retired codes
are not offered; a record that holds one still shows its label through ``code_label``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.reference.selectors import CodeOption, codes
from sigap.core.widgets import CheckboxColumns

Choices = list[tuple[str, Any]]


def code_choices(list_key: str, *, parent: str | None = None, top_level: bool = False) -> Choices:
    """Choices for a select or checkboxes: codes under a group header become an optgroup."""
    options = codes(list_key, parent=parent, top_level=top_level, include_groups=True)
    groups = {option.code: option for option in options if not option.is_selectable}
    members: dict[str, list[tuple[str, str]]] = {code: [] for code in groups}
    choices: Choices = []
    for option in options:
        if option.code in groups:
            choices.append((option.label, members[option.code]))
        elif option.parent in groups:
            members[option.parent].append((option.code, option.label))
        else:
            choices.append((option.code, option.label))
    return [choice for choice in choices if not isinstance(choice[1], list) or choice[1]]


class _Choices:
    """Callable choices: evaluated at each render and validation, so labels follow the language."""

    def __init__(self, list_key: str, parent: str | None, top_level: bool, empty_label: str | None) -> None:
        self.list_key, self.parent, self.top_level, self.empty_label = list_key, parent, top_level, empty_label

    def __call__(self) -> Choices:
        choices = code_choices(self.list_key, parent=self.parent, top_level=self.top_level)
        return [("", self.empty_label), *choices] if self.empty_label is not None else choices


class CodeChoiceField(forms.ChoiceField):
    """One code of a reference list (a select with an empty first option)."""

    default_error_messages = {"invalid_choice": _("Choose one of the options in the list.")}

    def __init__(
        self,
        list_key: str,
        *,
        parent: str | None = None,
        top_level: bool = False,
        empty_label: str | None = "---------",
        **kwargs: Any,
    ) -> None:
        self.list_key = list_key
        super().__init__(choices=_Choices(list_key, parent, top_level, empty_label), **kwargs)


class CodeMultipleChoiceField(forms.MultipleChoiceField):
    """Several codes of a reference list (checkboxes by default, grouped under group headers)."""

    widget = CheckboxColumns
    default_error_messages = {"invalid_choice": _("Choose only options from the list.")}

    def __init__(self, list_key: str, *, parent: str | None = None, top_level: bool = False, **kwargs: Any) -> None:
        self.list_key = list_key
        super().__init__(choices=_Choices(list_key, parent, top_level, None), **kwargs)


__all__ = ["CodeChoiceField", "CodeMultipleChoiceField", "CodeOption", "code_choices"]
