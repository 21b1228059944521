"""Reads of case transfers: a transfer is seen by whoever may manage its case (the HEAD, its case manager)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.accounts.models import User
from sigap.cases.rules.permissions import can_manage
from sigap.cases.selectors.case import get_case_for_user
from sigap.referrals.models import CaseTransfer


def get_transfer_for_user(user: User, transfer_id: Any) -> CaseTransfer:
    """The transfer if ``user`` may see its case (else 404) and manage it (else 403)."""
    try:
        pk = uuid.UUID(str(transfer_id))
    except (ValueError, TypeError):
        raise Http404 from None
    membership = user.membership
    if membership is None:
        raise Http404
    found = (
        CaseTransfer.objects.select_related("receiving_unit", "proposed_by", "decided_by")
        .filter(pk=pk, unit_id=membership.unit_id)
        .first()
    )
    if found is None:
        raise Http404
    found.case = get_case_for_user(user, found.case_id)  # 404 outside the user's cases
    if not can_manage(user, found.case):
        raise PermissionDenied
    return found


def transfers_of(case: Any) -> list[CaseTransfer]:
    """The transfers of a case, latest first (a handful at most)."""
    return list(CaseTransfer.objects.filter(case=case).select_related("proposed_by", "decided_by", "receiving_unit"))
