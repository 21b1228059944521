"""Pieces of the team page's expert ranking that know experts, not cases (the query is
``sigap.cases.selectors.case.expert_suggestions``): the rank expression and the reasons shown per expert."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from sigap.experts.licensing import TPKS_TRAINING, kind_flag
from sigap.experts.models import Profession


def rank_first(condition: Q) -> CaseWhen:
    """0 when ``condition`` holds, else 1: ascending order puts the matching experts first."""
    return CaseWhen(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def explain_fit(expert: Any, *, wanted: frozenset[str], victims_sex: str, sexual_violence: bool) -> None:
    """Attach to one ranked expert ``tpks_trained``, ``same_sex`` (None when sex does not rank),
    ``profession_label`` and ``reasons``: short phrases in the page's language for what the columns do not
    show (profile, availability, profession fit, same sex, TPKS training; the licence has its badge). No query."""
    expert.tpks_trained = bool(getattr(expert, kind_flag(TPKS_TRAINING)))
    expert.same_sex = (expert.expert_sex == victims_sex) if victims_sex else None
    expert.profession_label = dict(Profession.choices).get(expert.profession, "")
    reasons: list[str] = []
    if not expert.has_profile:
        reasons.append(_("No expert profile yet"))
    elif not expert.available:
        reasons.append(_("Not taking new cases"))
    if wanted and expert.has_profile:
        reasons.append(_("Profession needed") if expert.profession in wanted else _("Another profession"))
    if expert.same_sex:
        reasons.append(_("Same sex as the victim"))
    if sexual_violence and expert.tpks_trained:
        reasons.append(_("TPKS training"))
    expert.reasons = reasons
