"""Helpers of the referrals tests: a case with a victim, a partner of its unit, a sharing consent, a referral."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.models.consent import Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.tests.casework_steps import victims
from sigap.cases.tests.factories import make_case, victim_data
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.models import Referral
from sigap.referrals.services import ReferralData, referral_send


def adult_case(personas: Any) -> Case:
    return make_case(personas, victim=victim_data())


def child_case(personas: Any) -> Case:
    return make_case(personas, category="KTA", victim=victim_data(estimated_age=10, nik="", phone=""))


def partner(personas: Any, kind: str = PartnerKind.BAZNAS) -> Partner:
    return Partner.objects.filter(unit=personas.kukar, kind=kind).order_by("pk").first()


def share_consent(personas: Any, case: Case, to: Partner, **overrides: Any) -> Consent:
    values: dict[str, Any] = {
        "victim": victims(case)[0],
        "scope": ConsentScope.SHARING,
        "given_by": ConsentGiver.VICTIM,
        "method": ConsentMethod.WRITTEN,
        "given_on": timezone.localdate(),
        "partner": to,
        "purpose": "Business capital",
    }
    values.update(overrides)
    return consent_record(actor=personas["case_manager"], case=case, data=ConsentData(**values))


def data(case: Case, to: Partner, **overrides: Any) -> ReferralData:
    values: dict[str, Any] = {
        "victim": victims(case)[0],
        "partner": to,
        "services": ["PEMBERDAYAAN_EKONOMI"],
        "needs_summary": "Capital for a small food stall.",
        "response_due": timezone.localdate() + dt.timedelta(days=7),
        "shared_sections": ["INCIDENT"],
    }
    values.update(overrides)
    return ReferralData(**values)


def sent(personas: Any, case: Case | None = None, to: Partner | None = None, **overrides: Any) -> Referral:
    """A referral sent by the case manager under the victim's consent."""
    case = case or adult_case(personas)
    to = to or partner(personas)
    share_consent(personas, case, to)
    return referral_send(actor=personas["case_manager"], case=case, data=data(case, to, **overrides))
