"""The unit's rating scale, set by the HEAD on the scale page (issue #13; D70).

A change applies to the evaluations decided after it: each decision keeps a copy of the scale it was rated on
(``PeriodDecision.scale``), so nothing decided is read on a new scale. A criterion is never deleted: it is
renamed or deactivated (it leaves the decision form, and the decisions that used it still name it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.contracts.models import EvaluationScale
from sigap.contracts.rating import (
    MAX_CRITERIA,
    MAX_LABEL,
    SCALE_CEILING,
    SCALE_FLOOR,
    Criterion,
    criteria_of,
)
from sigap.contracts.services.contract import head_unit

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ScaleData:
    """What the HEAD sets: the bounds, a word per score (by score), the existing criteria as changed, and the
    labels of new criteria."""

    lowest: int
    highest: int
    words: Mapping[int, str]
    criteria: Sequence[Criterion]
    new_labels: Sequence[str] = ()


def _label(text: str) -> str:
    label = _SPACES.sub(" ", (text or "").replace("\x00", "")).strip()
    if len(label) > MAX_LABEL:
        raise ValidationError(_("A label is too long (at most %(n)d characters).") % {"n": MAX_LABEL})
    return label


def _criteria(existing: tuple[Criterion, ...], data: ScaleData) -> list[Criterion]:
    """The criteria after the change: every existing one kept (in its place), the new ones after them."""
    changed = {c.code: c for c in data.criteria}
    kept = []
    for old in existing:
        new = changed.get(old.code, old)
        kept.append(Criterion(old.code, _label(new.label), bool(new.active)))
    codes = {c.code for c in kept}
    number = len(kept)
    for text in data.new_labels:
        label = _label(text)
        if not label:
            continue
        number += 1
        while f"c{number}" in codes:
            number += 1
        kept.append(Criterion(f"c{number}", label, True))
        codes.add(f"c{number}")
    if len(kept) > MAX_CRITERIA:
        raise ValidationError(_("A scale has at most %(n)d criteria.") % {"n": MAX_CRITERIA})
    if not any(c.active for c in kept):
        raise ValidationError(_("Keep at least one criterion active."))
    return kept


@transaction.atomic
def evaluation_scale_save(*, actor: User, data: ScaleData, request: HttpRequest | None = None) -> EvaluationScale:
    """Set the HEAD's unit's rating scale (audited); the decisions already recorded keep theirs."""
    unit = head_unit(actor)
    if not SCALE_FLOOR <= data.lowest < data.highest <= SCALE_CEILING:
        raise ValidationError(
            _("The lowest score must be below the highest, both from %(floor)d to %(ceiling)d.")
            % {"floor": SCALE_FLOOR, "ceiling": SCALE_CEILING}
        )
    row = EvaluationScale.objects.select_for_update().filter(unit=unit).first()
    before = (
        None
        if row is None
        else {"lowest": row.lowest, "highest": row.highest, "words": row.words, "criteria": row.criteria}
    )
    criteria = _criteria(criteria_of(row), data)
    # A word for a score outside the new bounds is dropped with the score.
    words = {
        str(value): _label(text)
        for value, text in data.words.items()
        if data.lowest <= value <= data.highest and _label(text)
    }
    if row is None:
        row = EvaluationScale(unit=unit)
    row.lowest, row.highest, row.words = data.lowest, data.highest, words
    row.criteria = [{"code": c.code, "label": c.label, "active": c.active} for c in criteria]
    row.full_clean()
    row.save()
    after = {"lowest": row.lowest, "highest": row.highest, "words": row.words, "criteria": row.criteria}
    audit_record(
        actor=actor,
        unit=unit,
        action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        obj=row,
        # The scale names nobody: its values are the change itself.
        changed_fields=[name for name in after if before is None or before[name] != after[name]],
        old=before,
        new=after,
        request=request,
    )
    return row
