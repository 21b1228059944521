"""Test helpers: satisfy the casework guards through the real services, step by step.

``prepare(case, transition)`` does what the guard of ``transition`` asks (consent before assessment,
a completed assessment before planning, an approved plan before intervention); ``walk_to`` moves a
case to a state with every step done properly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import Case, CaseState, CaseTeamMember, TeamRole
from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import AssessmentArea, Plan
from sigap.cases.rules import guards
from sigap.cases.services.assessment import (
    assessment_complete,
    assessment_section_write,
    assessment_start,
    latest_assessment,
)
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.services.lifecycle import (
    case_start_assessment,
    case_start_intervention,
    case_start_monitoring,
    case_start_planning,
)
from sigap.cases.services.plan import plan_decide, plan_item_add, plan_save, plan_submit


def head_of(case: Case) -> User:
    return Membership.objects.get(unit=case.unit, role=Role.HEAD, is_active=True).user


def manager_of(case: Case) -> User:
    member = CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER).first()
    return member.user if member is not None else head_of(case)


def victims(case: Case) -> list[CasePerson]:
    return list(CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).select_related("person"))


def record_services_consent(case: Case, *, actor: User | None = None) -> None:
    """Each (adult) victim consents to services, in writing, today."""
    for victim in victims(case):
        consent_record(
            actor=actor or manager_of(case),
            case=case,
            data=ConsentData(
                victim=victim,
                scope=ConsentScope.SERVICES,
                given_by=ConsentGiver.VICTIM,
                method=ConsentMethod.WRITTEN,
                given_on=timezone.localdate(),
            ),
        )


def complete_assessment(case: Case, *, actor: User | None = None, risk_level: str = "TINGGI") -> None:
    actor = actor or manager_of(case)
    assessment = latest_assessment(case)
    if assessment is None or assessment.is_completed:
        assessment = assessment_start(actor=actor, case=case)
    for area in AssessmentArea.values:
        assessment_section_write(actor=actor, assessment=assessment, area=area, text=f"{area}: needs noted.")
    assessment_complete(actor=actor, assessment=assessment, risk_level=risk_level)


def approve_plan(case: Case, *, actor: User | None = None, services: tuple[str, ...] = ("PSIKOLOGIS",)) -> Plan:
    actor = actor or manager_of(case)
    plan = plan_save(
        actor=actor,
        case=case,
        goals="Safety and recovery.",
        made_with_victim=True,
        made_with_victim_how="Met the victim at the office.",
    )
    for service in services:
        plan_item_add(
            actor=actor,
            plan=plan,
            service=service,
            target_date=timezone.localdate() + dt.timedelta(days=30),
            provider_agency="RSUD A. M. Parikesit",
        )
    plan = plan_submit(actor=actor, plan=plan)
    return plan_decide(actor=head_of(case), plan=plan, approve=True)


def prepare(case: Case, transition: str, *, actor: User | None = None) -> None:
    """Do what the casework guard of ``transition`` needs (nothing for the other transitions)."""
    if transition == guards.START_ASSESSMENT:
        record_services_consent(case, actor=actor)
    elif transition == guards.START_PLANNING:
        complete_assessment(case, actor=actor)
    elif transition == guards.START_INTERVENTION:
        approve_plan(case, actor=actor)


_STEPS: list[tuple[str, Any, str]] = [
    (guards.START_ASSESSMENT, case_start_assessment, CaseState.ASESMEN),
    (guards.START_PLANNING, case_start_planning, CaseState.RENCANA_INTERVENSI),
    (guards.START_INTERVENTION, case_start_intervention, CaseState.INTERVENSI),
    (guards.START_MONITORING, case_start_monitoring, CaseState.PEMANTAUAN),
]


def walk_to(case: Case, state: str, *, actor: User | None = None) -> Case:
    """Move ``case`` forward to ``state``, satisfying every guard on the way."""
    actor = actor or manager_of(case)
    for transition, step, reached in _STEPS:
        if case.state == state:
            break
        prepare(case, transition, actor=actor)
        case = step(actor=actor, case=case)
        assert case.state == reached
    return case


def finish_plan_items(case: Case, *, actor: User | None = None) -> None:
    """Mark every open service of the case's approved plans done (so that closure may be requested)."""
    from sigap.cases.models.plan import PlanItem, PlanItemStatus, PlanState
    from sigap.cases.services.plan import plan_item_set_status

    actor = actor or manager_of(case)
    open_items = PlanItem.objects.filter(plan__case=case, plan__state=PlanState.APPROVED).exclude(
        status__in=[PlanItemStatus.DONE, PlanItemStatus.CANCELLED]
    )
    for item in open_items:
        plan_item_set_status(actor=actor, item=item, status=PlanItemStatus.DONE)
