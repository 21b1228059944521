"""Access rules of the mediation and health pages (issue #12): the HEAD, the case manager and the case's
experts; other roles 403; another unit's staff 404. One case (not TPKS) with an agreed mediation, a follow-up
and a health referral, built once per test and cached on the personas object."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _build(p: Any) -> dict[str, Any]:
    from django.utils import timezone

    from sigap.assistance.services.health import health_referral_add
    from sigap.assistance.services.mediation import (
        MediationOpenData,
        mediation_follow_up_add,
        mediation_open,
        mediation_outcome,
    )
    from sigap.cases.tests.factories import make_case, victim_data

    case = make_case(p, victim=victim_data())
    cm = p["case_manager"]
    mediation = mediation_open(
        actor=cm, case=case, data=MediationOpenData("CUSTODY", "Free decision assessed.", cm, mediator_trained=True)
    )
    mediation_outcome(actor=cm, mediation=mediation, status="AGREEMENT", note="Agreed.")
    due = timezone.localdate() + dt.timedelta(days=30)
    follow = mediation_follow_up_add(actor=cm, mediation=mediation, promise="Support", due=due)
    referral = health_referral_add(actor=cm, case=case, facility="RSUD", referred_on=timezone.localdate())
    return {"case": case, "mediation": mediation, "follow": follow, "referral": referral}


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_mediation_access", None)
    if cache is None:
        cache = p.__dict__["_mediation_access"] = _build(p)
    return dict(cache)


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
POST = staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND)


def _case(p: Any) -> dict[str, Any]:
    return {"case_id": _get(p)["case"].pk}


def _mediation(p: Any) -> dict[str, Any]:
    return {"mediation_id": _get(p)["mediation"].pk}


RULES = [
    Rule("assistance:mediation_list", READ, kwargs=_case),
    Rule("assistance:mediation_open", READ, kwargs=_case),
    Rule("assistance:mediation_detail", READ, kwargs=_mediation),
    # Empty POSTs: a form error on the page (200), never a 500.
    Rule("assistance:mediation_session", READ, method="POST", kwargs=_mediation, data={}),
    Rule("assistance:mediation_outcome", READ, method="POST", kwargs=_mediation, data={}),
    Rule("assistance:follow_up_add", READ, method="POST", kwargs=_mediation, data={}),
    # The berita acara: made and downloaded (a redirect to the download) by the team, 404 elsewhere.
    Rule("assistance:mediation_record", POST, method="POST", kwargs=_mediation),
    Rule("assistance:follow_up_check", POST, method="POST", kwargs=lambda p: {"follow_up_id": _get(p)["follow"].pk}),
    Rule("assistance:health_list", READ, kwargs=_case),
    Rule("assistance:visum_update", READ, kwargs=lambda p: {"referral_id": _get(p)["referral"].pk}),
]
