"""The rating of an evaluation: the unit's scale (``EvaluationScale``: lowest and highest score, a word for each
score, the criteria) and the scale a recorded decision used (``PeriodDecision.scale``, D70).

A unit without a scale row rates 1–5 on the four default criteria. The default criteria keep translated labels
until the HEAD renames one (then her words are shown in both languages). A criterion is never deleted, only
deactivated: a decision that used it still names it from its own copy of the scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.contracts.models import EvaluationScale, PeriodDecision

DEFAULT_SCALE = (1, 5)
CRITERIA: tuple[tuple[str, Any], ...] = (
    ("quality", _("Quality of the work")),
    ("timeliness", _("Timeliness")),
    ("attitude", _("Attitude towards victims")),
    ("documentation", _("Documentation")),
)
DEFAULT_LABELS = dict(CRITERIA)
# Bounds of any unit's scale: a score is a small whole number (0 for "not at all" is allowed).
SCALE_FLOOR, SCALE_CEILING = 0, 10
MAX_CRITERIA = 12
MAX_LABEL = 80


@dataclass(frozen=True)
class Criterion:
    """One criterion of a unit's scale: ``label`` empty means the default criterion's translated label."""

    code: str
    label: str = ""
    active: bool = True

    @property
    def shown(self) -> Any:
        return self.label or DEFAULT_LABELS.get(self.code, self.code)


@dataclass(frozen=True)
class Scale:
    """A rating scale: its bounds, a word per score (may be empty) and its criteria (active and not)."""

    lowest: int
    highest: int
    words: Mapping[str, str]
    all_criteria: tuple[Criterion, ...]

    @property
    def criteria(self) -> tuple[tuple[str, Any], ...]:
        """(code, label) of the criteria rated now."""
        return tuple((c.code, c.shown) for c in self.all_criteria if c.active)

    @property
    def scores(self) -> list[tuple[int, str]]:
        """Each score with its word (``4 – Baik``), lowest first."""
        return [
            (value, f"{value} – {self.words[str(value)]}" if self.words.get(str(value)) else str(value))
            for value in range(self.lowest, self.highest + 1)
        ]

    def snapshot(self) -> dict[str, Any]:
        """What a decision keeps of the scale it was rated on: the active criteria with the HEAD's own label
        (empty for a default criterion not renamed, so that it is still read in the reader's language)."""
        return {
            "lowest": self.lowest,
            "highest": self.highest,
            "words": dict(self.words),
            "criteria": [[c.code, c.label] for c in self.all_criteria if c.active],
        }


DEFAULT = Scale(DEFAULT_SCALE[0], DEFAULT_SCALE[1], {}, tuple(Criterion(code) for code, _label in CRITERIA))


def criteria_of(row: EvaluationScale | None) -> tuple[Criterion, ...]:
    if row is None or not row.criteria:
        return DEFAULT.all_criteria
    return tuple(
        Criterion(str(item.get("code", "")), str(item.get("label", "")), bool(item.get("active", True)))
        for item in row.criteria
        if isinstance(item, dict) and item.get("code")
    )


def unit_scale(unit: Unit | int) -> Scale:
    """The scale the unit rates on now (the default when none is recorded)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    row = EvaluationScale.objects.filter(unit_id=unit_id).first()
    if row is None:
        return DEFAULT
    return Scale(row.lowest, row.highest, dict(row.words or {}), criteria_of(row))


def decision_scale(decision: PeriodDecision) -> Scale:
    """The scale ``decision`` was rated on: its own copy (decisions recorded before D70 used the default)."""
    kept = decision.scale or {}
    if not kept:
        return DEFAULT
    return Scale(
        int(kept.get("lowest", DEFAULT_SCALE[0])),
        int(kept.get("highest", DEFAULT_SCALE[1])),
        dict(kept.get("words") or {}),
        tuple(Criterion(str(code), str(label)) for code, label in kept.get("criteria") or []),
    )


def criteria() -> tuple[tuple[str, Any], ...]:
    """The default criteria (code, translated label)."""
    return CRITERIA


def scale_of(unit: Unit) -> tuple[int, int]:
    """(lowest, highest) score of the unit's scale."""
    scale = unit_scale(unit)
    return scale.lowest, scale.highest
