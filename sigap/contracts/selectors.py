"""Reads of the contracts app, always scoped to the asking user.

- HEAD: every contract of their unit;
- EXPERT: their own contracts in their unit (periods, evidence figures and decisions), nobody else's;
- every other role: nothing (their views answer 403 before reaching here).

``get_contract_for_user`` and ``get_period_for_user`` answer 404 outside that scope, as for an unknown id.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import Role, User
from sigap.contracts.models import Contract, ContractPeriod

MAX_ID = 2**63 - 1


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    membership = user.membership
    if membership is None:
        return Contract.objects.none()
    mine = Contract.objects.filter(unit_id=membership.unit_id)
    if membership.role == Role.HEAD:
        return mine
    if membership.role == Role.EXPERT:
        return mine.filter(expert__user=user)
    return Contract.objects.none()


def _id(value: Any) -> int:
    if not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Http404
    return value


def get_contract_for_user(user: User, contract_id: Any) -> Contract:
    found = (
        contracts_visible_to(user)
        .select_related("unit", "expert__user", "previous")
        .filter(pk=_id(contract_id))
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_period_for_user(user: User, period_id: Any) -> ContractPeriod:
    found = (
        ContractPeriod.objects.filter(contract__in=contracts_visible_to(user), pk=_id(period_id))
        .select_related("contract__unit", "contract__expert__user")
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_manage(user: User) -> bool:
    membership = user.membership
    return membership is not None and membership.role == Role.HEAD
