"""Reads of mediations and health referrals, scoped by ``cases_visible_to`` (404 outside it)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.assistance.models.health import HealthReferral
from sigap.assistance.models.mediation import Mediation, MediationFollowUp
from sigap.cases.models import Case
from sigap.cases.selectors.case import cases_visible_to


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def _int(value: Any) -> int:
    try:
        number = int(value)
    except (ValueError, TypeError):
        raise Http404 from None
    if not 0 < number < 2**63:  # past the bigint range the database would fail: no such row
        raise Http404
    return number


def _one(query: QuerySet[Any]) -> Any:
    found = query.first()
    if found is None:
        raise Http404
    return found


def case_mediations(case: Case) -> QuerySet[Mediation]:
    return Mediation.objects.filter(case=case).select_related("mediator")


def get_mediation_for_user(user: User, mediation_id: Any) -> Mediation:
    return _one(
        Mediation.objects.filter(pk=_uuid(mediation_id), case__in=cases_visible_to(user)).select_related(
            "case__unit", "mediator", "free_decision_by", "mediator_trained_by"
        )
    )


def get_follow_up_for_user(user: User, follow_up_id: Any) -> MediationFollowUp:
    return _one(
        MediationFollowUp.objects.filter(
            pk=_int(follow_up_id), mediation__case__in=cases_visible_to(user)
        ).select_related("mediation__case__unit")
    )


def case_referrals(case: Case) -> QuerySet[HealthReferral]:
    return HealthReferral.objects.filter(case=case)


def get_referral_for_user(user: User, referral_id: Any) -> HealthReferral:
    return _one(
        HealthReferral.objects.filter(pk=_int(referral_id), case__in=cases_visible_to(user)).select_related(
            "case__unit"
        )
    )
