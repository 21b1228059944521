"""Extension of the generator: the assessment of each synthetic case (domain.md §B2 ``ASESMEN``).

For every case that reached ``ASESMEN``, version 1 of the assessment, as
``sigap.cases.services.assessment`` builds it:

- **started** by the case manager early in the step, with one section per area (physical,
  psychological, social, economic, education, legal); the risk before is the case's risk at opening;
- when an expert is on the team (40 % of the cases), the psychological section is **assigned** to them,
  and the legal one too for half of those; the assignee writes it, the case manager writes the rest
  (texts encrypted, marked "sintetis");
- **completed** by the case manager shortly before the case moved on to planning (so the product's
  ``START_PLANNING`` guard accepts it), re-rating the risk: unchanged for 75 %, one level up or down
  otherwise (through the case's classification, with its own audit event, as
  ``case_update_classification`` does);
- a case still in assessment has it in progress: each section written with a 60 % chance.

Reassessments (version 2 …) follow a revision from monitoring, which the generated state walk does
not take. Audit events are those of the services: an UPDATE of the case naming ``assessment``, with
the assessment id, version, area, assignee or risk, and the event — never a section's text.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from bench.base import CASE_SAFE
from bench.writer import new
from sigap.accounts.models import Role
from sigap.audit.models import AuditAction
from sigap.cases.models import CaseState
from sigap.cases.models.plan import Assessment, AssessmentArea, AssessmentSection
from sigap.core.choices import RiskLevel

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

RISK_KEPT = 0.75
IN_PROGRESS_WRITTEN = 0.6
LEGAL_TO_EXPERT = 0.5
TEXT = "Temuan sintetis ({area}): kebutuhan dicatat oleh generator data uji; tindak lanjut direncanakan."
# Re-rating moves one level: up or down (both directions equally likely where possible).
RISK_ORDER = [RiskLevel.RENDAH, RiskLevel.SEDANG, RiskLevel.TINGGI]


def _rerate(rng: random.Random, risk: str) -> str:
    if rng.random() < RISK_KEPT:
        return risk
    position = RISK_ORDER.index(RiskLevel(risk))
    moves = [p for p in (position - 1, position + 1) if 0 <= p < len(RISK_ORDER)]
    return str(RISK_ORDER[rng.choice(moves)])


def assessments_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    entered = plan.reached(CaseState.ASESMEN)
    if entered is None:
        return
    rng = random.Random(ctx.config.seed * 4_000_037 + plan.index)
    case, manager = plan.case, plan.manager
    left = plan.next_after(CaseState.ASESMEN)
    span = (left or ctx.now) - entered
    unit_id = case.unit.pk
    assessment = new(
        Assessment,
        case=case,
        version=1,
        started_at=entered + span * rng.uniform(0.02, 0.08),
        started_by=manager,
        risk_before=case.risk_level,
    )
    batch.add(assessment)
    assessment_id = str(assessment.pk)

    def event(at: Any, values: dict[str, Any], actor: Any = manager, role: str = Role.CASE_MANAGER) -> None:
        batch.event(
            unit_id=unit_id,
            actor=actor,
            role=role,
            action=AuditAction.UPDATE,
            obj=case,
            at=at,
            changed=["assessment"],
            new={"assessment": {"assessment": assessment_id, **values}},
        )

    event(assessment.started_at, {"version": 1, "event": "started"})
    assigned: dict[str, Any] = {}
    if plan.expert is not None:
        assigned[AssessmentArea.PSYCHOLOGICAL] = plan.expert
        if rng.random() < LEGAL_TO_EXPERT:
            assigned[AssessmentArea.LEGAL] = plan.expert
    for position, (area, expert) in enumerate(assigned.items()):
        at = assessment.started_at + span * (0.01 * (position + 1))
        event(at, {"area": area, "assignee": expert.pk, "event": "assigned"})
    for area_code in AssessmentArea.values:
        area = str(area_code)
        assignee = assigned.get(AssessmentArea(area))
        section = new(AssessmentSection, assessment=assessment, area=area, assignee=assignee)
        batch.add(section)
        if left is None and rng.random() >= IN_PROGRESS_WRITTEN:
            continue  # still to write
        writer = assignee or manager
        section.text = TEXT.format(area=area.lower())
        section.written_at, section.written_by = entered + span * rng.uniform(0.12, 0.8), writer
        role = Role.EXPERT if assignee is not None else Role.CASE_MANAGER
        event(section.written_at, {"area": area, "event": "written"}, writer, role)
    if left is None:
        return
    completed = entered + span * rng.uniform(0.85, 0.97)
    risk_after = _rerate(rng, case.risk_level)
    if risk_after != case.risk_level:
        batch.event(
            unit_id=unit_id,
            actor=manager,
            role=Role.CASE_MANAGER,
            action=AuditAction.UPDATE,
            obj=case,
            at=completed,
            changed=["risk_level"],
            old={"risk_level": case.risk_level} if "risk_level" in CASE_SAFE else {},
            new={"risk_level": risk_after} if "risk_level" in CASE_SAFE else {},
        )
        case.risk_level = risk_after
    assessment.risk_after, assessment.completed_at, assessment.completed_by = risk_after, completed, manager
    event(completed, {"risk_after": risk_after, "event": "completed"})


def register(extensions: list[Any], write_order: list[Any]) -> None:
    write_order += [Assessment, AssessmentSection]
    extensions.append(assessments_add)
