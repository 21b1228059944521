"""Pure rules of attachments: the field group an attachment is kept under. No database access here.

The readers of the groups are nested: CLINICAL (uploader and HEAD) ⊂ LEGAL (also the case manager and
the legal counsellors) ⊂ GENERAL (the case team). An attachment is kept under the most protective of:

- the group its uploader chose;
- the floor of its kind of document: a psychological report is clinical, a legal opinion legal, whoever
  uploads it and wherever (the readers of notes, ARCHITECTURE §3);
- the floor of the record it belongs to: a session's documents follow the field group its notes would
  have (``rules.session.notes_group_of``), so a psychologist's report on a counselling session is read
  by her and the HEAD only, as her notes are.
"""

from __future__ import annotations

from sigap.assistance.models.attachment import DocumentKind, FieldGroup

# From the widest readership to the narrowest.
_ORDER: tuple[str, ...] = (FieldGroup.GENERAL, FieldGroup.LEGAL, FieldGroup.CLINICAL)

DOCUMENT_FLOOR: dict[str, str] = {
    DocumentKind.PSYCHOLOGICAL_REPORT: FieldGroup.CLINICAL,
    DocumentKind.LEGAL_OPINION: FieldGroup.LEGAL,
}


def most_protective(*groups: str) -> str:
    """The group with the fewest readers among ``groups`` (GENERAL when none is given)."""
    return max(groups, key=_ORDER.index, default=FieldGroup.GENERAL)


def narrowed_by(*, chosen: str, document_kind: str, owner_floor: str = FieldGroup.GENERAL) -> str | None:
    """What made ``kept_under`` narrower than ``chosen``: "document" (its kind's floor), "owner" (the record's
    floor) or None (kept as chosen). The page says it after the upload, so no choice is narrowed silently."""
    kept = kept_under(chosen=chosen, document_kind=document_kind, owner_floor=owner_floor)
    if kept == chosen:
        return None
    if DOCUMENT_FLOOR.get(document_kind) == kept:
        return "document"
    return "owner"


def kept_under(*, chosen: str, document_kind: str, owner_floor: str = FieldGroup.GENERAL) -> str:
    """The field group an attachment is stored under (see the module's docstring)."""
    return most_protective(chosen, DOCUMENT_FLOOR.get(document_kind, FieldGroup.GENERAL), owner_floor)
