"""The rating of an evaluation: the criteria (fixed) and the unit's scale (``EvaluationScale``, default 1–5)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.contracts.models import EvaluationScale

DEFAULT_SCALE = (1, 5)
CRITERIA: tuple[tuple[str, Any], ...] = (
    ("quality", _("Quality of the work")),
    ("timeliness", _("Timeliness")),
    ("attitude", _("Attitude towards victims")),
    ("documentation", _("Documentation")),
)


def criteria() -> tuple[tuple[str, Any], ...]:
    return CRITERIA


def scale_of(unit: Unit) -> tuple[int, int]:
    """(lowest, highest) score of the unit's scale."""
    scale = EvaluationScale.objects.filter(unit=unit).values_list("lowest", "highest").first()
    return scale if scale is not None else DEFAULT_SCALE
