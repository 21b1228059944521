"""Writes of the reference lists: bring the database in line with the definitions."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction

from sigap.core.models import Code, CodeList
from sigap.core.reference.definitions import LISTS
from sigap.core.reference.types import CodeDef, ListDef

logger = logging.getLogger("sigap.reference")

_CODE_FIELDS = ("label_id", "label_en", "order", "is_active", "is_selectable", "note")


class SyncOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ListSync:
    """What loading one list did: ``changes`` names the codes added, changed or retired."""

    key: str
    outcome: SyncOutcome
    version: int
    changes: list[str] = field(default_factory=list)


class ReferenceDefinitionError(ValueError):
    """A definition is inconsistent (duplicate code, unknown parent): fix definitions, nothing is loaded."""


def _check(definition: ListDef) -> None:
    codes = [c.code for c in definition.codes]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ReferenceDefinitionError(f"{definition.key}: duplicate codes {duplicates}")
    for code_def in definition.codes:
        if code_def.parent and code_def.parent not in codes:
            raise ReferenceDefinitionError(f"{definition.key}: {code_def.code} has an unknown parent")
        if code_def.parent == code_def.code:
            raise ReferenceDefinitionError(f"{definition.key}: {code_def.code} is its own parent")


def _wanted(code_def: CodeDef, position: int) -> dict[str, object]:
    return {
        "label_id": code_def.label_id,
        "label_en": code_def.label_en,
        "order": position * 10,  # gaps leave room for a local code between two others
        "is_active": code_def.active,
        "is_selectable": code_def.selectable,
        "note": code_def.note,
    }


@transaction.atomic
def code_list_sync(*, definition: ListDef) -> ListSync:
    """Make one list in the database match ``definition``; bump its version if anything changed.

    New codes are created; changed labels, order, notes and flags are updated; codes missing from
    the definition are retired (``is_active=False``), never deleted, so old records still read.
    Running it twice changes nothing the second time.
    """
    _check(definition)
    code_list = CodeList.objects.select_for_update().filter(key=definition.key).first()
    created = code_list is None
    if code_list is None:
        code_list = CodeList.objects.create(
            key=definition.key,
            name_id=definition.name_id,
            name_en=definition.name_en,
            description=definition.description,
            version=1,
        )
    existing = {code.code: code for code in Code.objects.filter(code_list=code_list).select_related("parent")}
    changes: list[str] = []

    for position, code_def in enumerate(definition.codes, start=1):
        wanted = _wanted(code_def, position)
        code = existing.get(code_def.code)
        if code is None:
            existing[code_def.code] = Code.objects.create(code_list=code_list, code=code_def.code, **wanted)
            changes.append(f"+{code_def.code}")
            continue
        changed = [name for name in _CODE_FIELDS if getattr(code, name) != wanted[name]]
        if changed:
            for name in changed:
                setattr(code, name, wanted[name])
            code.save(update_fields=changed)
            changes.append(f"~{code_def.code}")

    # Parents second: a child may be listed before its parent exists.
    for code_def in definition.codes:
        code = existing[code_def.code]
        parent = existing[code_def.parent] if code_def.parent else None
        if code.parent_id != (parent.pk if parent else None):
            code.parent = parent
            code.save(update_fields=["parent"])
            changes.append(f"~{code_def.code}")

    defined = {c.code for c in definition.codes}
    for code in _retired(existing.values(), defined):
        code.is_active = False
        code.save(update_fields=["is_active"])
        changes.append(f"-{code.code}")

    list_changed = (code_list.name_id, code_list.name_en, code_list.description) != (
        definition.name_id,
        definition.name_en,
        definition.description,
    )
    if created:
        return ListSync(definition.key, SyncOutcome.CREATED, code_list.version, changes)
    if not changes and not list_changed:
        return ListSync(definition.key, SyncOutcome.UNCHANGED, code_list.version, [])
    code_list.name_id = definition.name_id
    code_list.name_en = definition.name_en
    code_list.description = definition.description
    code_list.version += 1
    code_list.save(update_fields=["name_id", "name_en", "description", "version", "updated_at"])
    logger.info("reference list updated", extra={"list": definition.key, "version": code_list.version})
    return ListSync(definition.key, SyncOutcome.UPDATED, code_list.version, sorted(set(changes)))


def _retired(codes: Iterable[Code], defined: set[str]) -> list[Code]:
    return [code for code in codes if code.code not in defined and code.is_active]


@transaction.atomic
def reference_load(*, definitions: Iterable[ListDef] = LISTS) -> list[ListSync]:
    """Load every list of ``definitions`` (all of Sigap's by default) in one transaction.

    A list that is no longer defined stays in the database as it was: its codes may be on records.
    """
    return [code_list_sync(definition=definition) for definition in definitions]
