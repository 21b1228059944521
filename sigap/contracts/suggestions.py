"""The contracts' part in the case team's expert suggestions (``sigap.cases.selectors.EXPERT_CANDIDATE_HOOKS``).

An expert without an active contract in the case's unit is suggested after those with one (equal so far): the
unit pays only contracted experts, and one whose contract ended should not take new cases. Not a filter: the
HEAD may still add anyone (a contract being renewed). Registered from ``ContractsConfig.ready()``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import Exists, F, IntegerField, OuterRef, Value, When

from sigap.contracts.models import Contract, ContractState


def contracted_first(case: Any, qs: Any) -> Any:
    active = Contract.objects.filter(expert__user=OuterRef("pk"), unit_id=case.unit_id, state=ContractState.ACTIVE)
    penalty = CaseWhen(When(Exists(active), then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(hook_rank=F("hook_rank") + penalty)


def register_suggestions() -> None:
    from sigap.cases.selectors import EXPERT_CANDIDATE_HOOKS

    if contracted_first not in EXPERT_CANDIDATE_HOOKS:
        EXPERT_CANDIDATE_HOOKS.append(contracted_first)
