"""Reads of the reference lists, with the label in the active language.

Forms offer :func:`codes` (active, selectable codes); pages that show a stored code use
:func:`code_label`, which also resolves retired codes so that old records keep their labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from sigap.core.models import Code, CodeList


@dataclass(frozen=True)
class CodeOption:
    """A code as forms and pages use it: ``label`` is in the active language."""

    code: str
    label: str
    parent: str | None
    note: str
    is_active: bool
    is_selectable: bool


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


def _option(code: Code, parent_code: str | None, english: bool) -> CodeOption:
    return CodeOption(
        code=code.code,
        label=code.label_en if english else code.label_id,
        parent=parent_code,
        note=code.note,
        is_active=code.is_active,
        is_selectable=code.is_selectable,
    )


def codes(
    list_key: str,
    *,
    parent: str | None = None,
    top_level: bool = False,
    include_groups: bool = False,
) -> list[CodeOption]:
    """Active codes of a list, in display order, labelled in the active language.

    ``parent="AMPK"`` gives the sub-types of AMPK only; ``top_level=True`` only codes without a
    parent. Group headers (not selectable) are left out unless ``include_groups``. An unknown list
    gives an empty list (and a form built on it offers nothing), never an error page.
    """
    query = Code.objects.filter(code_list__key=list_key, is_active=True).values_list(
        "code", "label_id", "label_en", "parent__code", "note", "is_selectable"
    )
    if parent is not None:
        query = query.filter(parent__code=parent)
    if top_level:
        query = query.filter(parent__isnull=True)
    if not include_groups:
        query = query.filter(is_selectable=True)
    english = _english()
    return [
        CodeOption(code, label_en if english else label_id, parent_code, note, True, selectable)
        for code, label_id, label_en, parent_code, note, selectable in query.order_by("order", "code")
    ]


def code_lookup(list_key: str, code: str | None) -> CodeOption | None:
    """One code of a list, active or retired; ``None`` when it does not exist."""
    if not code:
        return None
    found = Code.objects.filter(code_list__key=list_key, code=code).select_related("parent").first()
    if found is None:
        return None
    return _option(found, found.parent.code if found.parent else None, _english())


def code_label(list_key: str, code: str | None) -> str:
    """The label of a stored code in the active language, retired codes included.

    An unknown code shows as itself (never an error page): the record still says what it holds.
    """
    found = code_lookup(list_key, code)
    if found is not None:
        return found.label
    return code or ""


def code_list_version(list_key: str) -> int | None:
    """The current version of a list (exports record it), ``None`` if not loaded."""
    return CodeList.objects.filter(key=list_key).values_list("version", flat=True).first()
