"""Shared steps of the outreach tests: a complaint sent to outreach (its visit planned by the decision), a visit
recorded, a case with a planned visit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sigap.assistance.models.outreach import OutreachVisit
from sigap.assistance.services.outreach import OutreachPlanData, OutreachRecordData, outreach_plan, outreach_record
from sigap.intake.models import Complaint
from sigap.intake.tests.factories import make_in_state


def complaint_in_outreach(p: Any) -> tuple[Complaint, OutreachVisit]:
    complaint = make_in_state(p, "PENJANGKAUAN")
    return complaint, OutreachVisit.objects.get(complaint=complaint)


def record(p: Any, visit: OutreachVisit, *, actor: str = "intake", follow_up: str = "CASE_TO_OPEN") -> OutreachVisit:
    return outreach_record(
        actor=p[actor],
        visit=visit,
        data=OutreachRecordData(
            done_at=timezone.now(),
            result="Met the victim at her sister's house.",
            follow_up=follow_up,
            team=[p[actor]],
            address_detail="RT 03, behind the mosque",
            transport="MOTORBIKE",
        ),
    )


def case_visit(p: Any, case: Any, *, actor: str = "case_manager") -> OutreachVisit:
    return outreach_plan(
        actor=p[actor],
        case=case,
        data=OutreachPlanData(
            planned_at=timezone.now() + timezone.timedelta(days=1),
            reason="CANNOT_COME",
            team=[p[actor]],
            safety_plan="Go with two; call the police post if the husband is there.",
        ),
    )
