"""Reads of referrals, scoped by ``cases_visible_to`` (404 outside it): the HEAD sees the unit's referrals,
a case manager those of the cases on whose team they are. Lists are one query per page."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.selectors.case import cases_visible_to
from sigap.referrals.models import Referral, ReferralEvent, Status

LIST_RELATED = ("partner", "case")


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def case_referrals(case: Case) -> QuerySet[Referral]:
    return Referral.objects.filter(case=case).select_related(*LIST_RELATED).order_by("-created_at", "pk")


def referral_list(user: User, *, status: str = "") -> QuerySet[Referral]:
    """The referrals of the cases ``user`` sees, newest first; ``status`` filters (unknown: ignored)."""
    # Every visible case is of the reader's unit, so its referrals are the unit's: the unit filter changes no row and
    # lets the database walk the (unit, newest first) index instead of sorting every unit's referrals (1M bench).
    membership = user.membership
    if membership is None:
        return Referral.objects.none()
    rows = Referral.objects.filter(unit_id=membership.unit_id, case__in=cases_visible_to(user)).select_related(
        *LIST_RELATED
    )
    if status in Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "pk")


def get_referral_for_user(user: User, referral_id: Any) -> Referral:
    found = (
        Referral.objects.filter(pk=_uuid(referral_id), case__in=cases_visible_to(user))
        .select_related("case__unit", "partner", "victim__person", "contact", "consent", "plan_item", "unit")
        .first()
    )
    if found is None:
        raise Http404
    return found


def referral_history(referral: Referral) -> list[ReferralEvent]:
    return list(ReferralEvent.objects.filter(referral=referral).select_related("by").order_by("at", "pk"))
