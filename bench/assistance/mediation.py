"""Extension of the generator: mediations (``sigap.assistance.services.mediation``, domain.md §B3, §C.15, §D2).

Only a case whose approved plan has the mediation service (bench/interventions.py gives it to some adult
KDRT cases without sexual violence) and that the product's own guard lets through: the incidents of the case
go through ``rules.mediation.mediation_barred`` (UU TPKS Pasal 23), as ``mediation_refusals`` does, so a
case with a sexual-violence incident and an adult perpetrator never gets one. The case manager records the
free-decision assessment and mediates (confirmed trained), a few days after the service started; 1–3
meetings a week or two apart (each event names the mediation, as the service's does); then an agreement (60 %), no agreement (30 %) or stopped (10 %), unless the
mediation is still running today.

Audit events: ``mediation_open`` / ``mediation_session_add`` / ``mediation_outcome`` (an UPDATE of the case
naming ``mediation``: event, mediation id, matter, status), never the notes.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event
from bench.base import pick
from bench.writer import new
from sigap.assistance.models import Mediation, MediationMatter, MediationSession, MediationStatus
from sigap.assistance.rules.mediation import SexualIncident, mediation_barred
from sigap.cases.services.plan import MEDIATION

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

MATTERS = [(MediationMatter.MAINTENANCE, 0.5), (MediationMatter.CUSTODY, 0.25), (MediationMatter.JOINT_PROPERTY, 0.25)]
OUTCOMES = [(MediationStatus.AGREEMENT, 0.6), (MediationStatus.NO_AGREEMENT, 0.3), (MediationStatus.STOPPED, 0.1)]
FREE_DECISION = "Asesmen sintetis: korban memutuskan secara bebas untuk mediasi."
PRESENT = "Korban, terlapor, mediator (sintetis)"
NOTES = "Catatan mediasi sintetis."
OUTCOME = "Hasil mediasi sintetis."


def barred(plan: CasePlan) -> bool:
    """The product's guard on what the incident extension records: a sexual-violence incident bars mediation
    unless every perpetrator on it is a child (bench/incidents.py gives sexual violence a TPKS form)."""
    if plan.violence_type != "SEKSUAL":
        return False
    born = plan.perpetrator_link.person.birth_year if plan.perpetrator_link is not None else None
    year = plan.case.opened_at.year
    return mediation_barred([SexualIncident(year=year, perpetrator_birth_years=(born,) if born else ())])


def mediation_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    items = [item for _p, item in plan.extra.get("plan_items") or [] if item.service == MEDIATION]
    timeline = plan.extra.get("plan")
    if not items or timeline is None or timeline.approved_at is None or barred(plan):
        return
    rng = random.Random(ctx.config.seed * 4_000_037 + plan.index)
    case, manager = plan.case, plan.manager
    cap = min(ctx.now, case.closure_requested_at or ctx.now)
    opened = timeline.approved_at + dt.timedelta(days=rng.uniform(2, 20))
    if opened >= cap:
        return
    row = new(
        Mediation,
        unit=case.unit,
        case=case,
        matter=pick(rng, MATTERS),
        free_decision_note=FREE_DECISION,
        free_decision_by=manager,
        free_decision_at=opened,
        mediator=manager,
        mediator_trained_by=manager,
        mediator_trained_at=opened,
        created_at=opened,
        created_by=manager,
    )
    batch.add(row)
    mid = str(row.pk)
    case_event(batch, plan, manager, opened, "mediation", {"event": "opened", "id": mid, "matter": row.matter})
    at = opened
    for _ in range(rng.randint(1, 3)):
        at = at + dt.timedelta(days=rng.uniform(5, 14))
        if at >= cap:
            return
        meeting = new(
            MediationSession, mediation=row, held_at=at, present=PRESENT, notes=NOTES, created_at=at, created_by=manager
        )
        batch.add(meeting)
        case_event(batch, plan, manager, at, "mediation", {"event": "session", "id": mid})  # the mediation's id
    decided = at + dt.timedelta(days=rng.uniform(1, 7))
    if decided >= cap:
        return
    row.status, row.outcome_note, row.outcome_at = pick(rng, OUTCOMES), OUTCOME, decided
    case_event(batch, plan, manager, decided, "mediation", {"event": "outcome", "id": mid, "status": row.status})


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [Mediation, MediationSession]
    extensions.append(mediation_add)
