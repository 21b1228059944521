"""Shapes of the reference definitions (see definitions.py) and the notes they share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeDef:
    """One code: ``parent`` names another code of the same list (sub-type or group header)."""

    code: str
    label_id: str
    label_en: str
    note: str = ""
    parent: str = ""
    selectable: bool = True
    active: bool = True


@dataclass(frozen=True)
class ListDef:
    """One list; the order of ``codes`` is the display order (and GBVIMS's decision order)."""

    key: str
    name_id: str
    name_en: str
    description: str
    codes: tuple[CodeDef, ...]


C = CodeDef

UNVERIFIED = "⚠ Not verified: no primary source found (domain.md §C)."
LOCAL = "⚠ Local extension of Sigap, not a SIMFONI PPA code."
DESIGN = "⚠ Design proposal of Sigap, not from a regulation."


def group(parent: str, *codes: CodeDef) -> tuple[CodeDef, ...]:
    """``codes`` as children of ``parent`` (sub-types, or the items under a group header)."""
    return tuple(C(c.code, c.label_id, c.label_en, c.note, parent, c.selectable, c.active) for c in codes)
