"""Extension of the generator: outreach visits (``sigap.assistance.services.outreach``, domain.md §B0, §B1).

Before a complaint became its case, the unit went to the victim for 30 % of the complaints another person
made and 8 % of the victims' own (≈ 19 % of the cases): a visit planned by the intake officer a little after
the complaint came in, done by the case manager (with the intake officer on the team) before the case was
opened, its follow-up "a case is opened". Its reason follows the complaint (someone else reported; the
victim cannot come; a risk for high-risk complaints). Done visits carry no work item (the product's closed
work items are not generated).

Audit events: ``outreach_plan`` and ``outreach_record`` on the *complaint* (there is no case yet): visit id,
event, status, reason, follow-up; never the address, safety plan or result.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from bench.writer import new
from sigap.accounts.models import Role
from sigap.assistance.models import (
    OutreachFollowUp,
    OutreachReason,
    OutreachStatus,
    OutreachTeamMember,
    OutreachTransport,
    OutreachVisit,
)
from sigap.audit.models import AuditAction

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

SHARE = {"PIHAK_LAIN": 0.30, "KORBAN": 0.08}
TRANSPORT = [OutreachTransport.UNIT_VEHICLE, OutreachTransport.MOTORBIKE, OutreachTransport.WITH_POLICE]
ADDRESS = "Jalan Sintetis, dekat balai desa"
SAFETY = "Rencana keselamatan sintetis: didampingi aparat desa."
RESULT = "Hasil penjangkauan sintetis: korban ditemui dan bersedia didampingi."


def outreach_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    complaint = plan.extra.get("complaint")
    if complaint is None:
        return
    rng = random.Random(ctx.config.seed * 2_000_029 + plan.index)
    if rng.random() >= SHARE.get(complaint.reporter_type, 0.0):
        return
    case, staff = plan.case, plan.staff
    gap = case.opened_at - complaint.received_at
    created = complaint.received_at + gap * rng.uniform(0.05, 0.2)
    planned = complaint.received_at + gap * rng.uniform(0.3, 0.6)
    done = planned + (case.opened_at - planned) * rng.uniform(0.1, 0.8)
    if complaint.reporter_type == "PIHAK_LAIN":
        reason = OutreachReason.THIRD_PARTY_REPORT
    else:
        reason = OutreachReason.RISK if case.risk_level == "TINGGI" else OutreachReason.CANNOT_COME
    visit = new(
        OutreachVisit,
        unit=case.unit,
        complaint=complaint,
        status=OutreachStatus.DONE,
        planned_at=planned,
        done_at=done,
        village_id=plan.victim.village_id,
        address_detail=ADDRESS,
        reason=reason,
        transport=rng.choice(TRANSPORT),
        safety_plan=SAFETY,
        result=RESULT,
        follow_up=OutreachFollowUp.CASE_OPENED,
        created_at=created,
        created_by=staff.intake,
        closed_at=done,
        closed_by=plan.manager,
    )
    batch.add(visit)
    for user in (plan.manager, staff.intake):
        batch.add(new(OutreachTeamMember, visit=visit, user=user))
    for actor, role, at, event, status, follow_up in (
        (staff.intake, Role.INTAKE, created, "planned", OutreachStatus.PLANNED, ""),
        (plan.manager, Role.CASE_MANAGER, done, "done", OutreachStatus.DONE, OutreachFollowUp.CASE_OPENED),
    ):
        values = {"visit": str(visit.pk), "event": event, "status": status, "reason": reason, "follow_up": follow_up}
        batch.event(
            unit_id=case.unit.pk,
            actor=actor,
            role=role,
            action=AuditAction.UPDATE,
            obj=complaint,
            at=at,
            changed=["outreach"],
            new={"outreach": values},
        )


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [OutreachVisit, OutreachTeamMember]
    extensions.append(outreach_add)
