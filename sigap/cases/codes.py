"""Reference codes used by the case file, read from the single source (sigap.core.reference.definitions).

Records store the code (``"SD"``, ``"ORANG_TUA"``); labels follow the active language. Choices are
callables so that forms pick up the language of each request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language

from sigap.core.reference.definitions import by_key

SEX = "sex"
EDUCATION = "education"
OCCUPATION = "occupation"
DISABILITY = "disability"
MARITAL_STATUS = "marital_status"
NATIONALITY = "nationality"
RELATIONSHIP = "relationship"
TERMINATION_REASON = "termination_reason"
CASE_CATEGORY = "case_category"


def _is_indonesian() -> bool:
    return (get_language() or "id").startswith("id")


def code_choices(list_key: str, *, parent: str | None = None) -> list[tuple[str, str]]:
    """Active, selectable codes of a list (only the children of ``parent`` when given)."""
    indonesian = _is_indonesian()
    return [
        (c.code, c.label_id if indonesian else c.label_en)
        for c in by_key(list_key).codes
        if c.active and c.selectable and (parent is None or c.parent == parent)
    ]


def grouped_choices(list_key: str) -> list[tuple[str, Any]]:
    """Active, selectable codes under their group headers (the TPKS forms under their article).

    A header is a code that cannot be chosen; the codes naming it as parent become its group. A group
    left empty (every member retired) is not offered.
    """
    indonesian = _is_indonesian()
    found: list[tuple[str, Any]] = []
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in by_key(list_key).codes:
        label = c.label_id if indonesian else c.label_en
        if not c.selectable:
            groups[c.code] = []
            found.append((label, groups[c.code]))
        elif c.active:
            groups.get(c.parent, found).append((c.code, label))
    return [choice for choice in found if not isinstance(choice[1], list) or choice[1]]


def choices_of(
    list_key: str, *, parent: str | None = None, blank: bool = False, grouped: bool = False
) -> Callable[[], list[tuple[str, Any]]]:
    """A callable for ``forms.ChoiceField(choices=...)``: evaluated per form, in the request's language.

    ``grouped``: the codes under their group headers (sub-headings of a checkbox group).
    """

    def build() -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = (
            grouped_choices(list_key) if grouped else list(code_choices(list_key, parent=parent))
        )
        return [("", "---------"), *found] if blank else found

    return build


def is_code(list_key: str, value: str, *, parent: str | None = None) -> bool:
    return value in {code for code, _ in code_choices(list_key, parent=parent)}


def label_of(list_key: str, value: str) -> str:
    """The label of a stored code (retired codes included); the code itself when unknown."""
    if not value:
        return ""
    indonesian = _is_indonesian()
    for c in by_key(list_key).codes:
        if c.code == value:
            return c.label_id if indonesian else c.label_en
    return value


def ampk_subtype_choices() -> list[tuple[str, str]]:
    return code_choices(CASE_CATEGORY, parent="AMPK")
