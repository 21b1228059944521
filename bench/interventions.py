"""Extension of the generator: the intervention plan of each synthetic case (domain.md §B2, ``RENCANA``).

For every case that reached ``RENCANA_INTERVENSI``, version 1 of the plan, as ``sigap.cases.services.plan``
builds it, so that the product's guards accept the result:

- **Drafted** by the case manager with the victim (95 %; otherwise with a note why not), with 2–5
  services of the SIMFONI list chosen by the case (psychological services for most, health care more
  often after physical or sexual violence, law enforcement, legal aid, shelter for high risk, education
  for children, repatriation for trafficking, economic empowerment for adults, mediation only for some
  adult KDRT cases *without* a sexual-violence crime: UU TPKS Pasal 23). Each service has its provider:
  the case's expert (psychological services, legal aid) or case manager when on the team, else a
  partner agency named in free text ("RSUD Sintetis" …), and a target date 2–17 weeks ahead.
- **Submitted** to the HEAD and **approved** before the case entered ``INTERVENSI`` (the
  ``START_INTERVENTION`` guard); 15 % are first **returned** with a comment, changed (half of them with
  one more service) and submitted again. A case still in planning has its plan as a draft (30 %),
  awaiting the HEAD's decision (55 %: then the HEAD's open ``case_plan_approval`` work item, due three
  working days after submission, missed when that passed) or returned (15 %).
- **Services** of an approved plan move on with time: done when their (randomised) completion time
  has passed, half of them through "in progress" first; a case whose closure was requested has every
  service done or, for 7 %, cancelled with a reason *before* the request (the ``REQUEST_CLOSURE``
  guard). The status is changed by the provider (staff) or by the case manager (partner agency).

Audit events are those of ``plan_save`` / ``plan_item_add`` / ``plan_submit`` / ``plan_decide`` /
``plan_item_set_status``: an UPDATE of the case naming ``plan``, with the plan id, item id, service
code, status and event, never the goals, comments or reasons (encrypted on the rows).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bench.base import pick
from bench.writer import new
from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.cases.kinds import PLAN_APPROVAL
from sigap.cases.models import CaseState
from sigap.cases.models.plan import Plan, PlanItem, PlanItemStatus, PlanState
from sigap.cases.services.plan import MEDIATION, PLAN_APPROVAL_WORKING_DAYS
from sigap.work.kinds import get_kind
from sigap.work.models import WorkItem
from sigap.work.workdays import add_working_days

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

RETURNED_ONCE = 0.15
CANCELLED = 0.07
# A plan of a case still in planning: draft, awaiting the HEAD, returned.
CURRENT_STATES: list[tuple[str, float]] = [
    (PlanState.DRAFT, 0.30),
    (PlanState.SUBMITTED, 0.55),
    (PlanState.RETURNED, 0.15),
]
GOALS = "Tujuan sintetis: korban aman, pulih dan mandiri; layanan sesuai kebutuhan hasil asesmen."
WITH_VICTIM = "Disusun bersama korban dalam pertemuan di UPTD (sintetis)."
WITHOUT_VICTIM = "Korban belum dapat hadir; disusun bersama pendamping dan keluarga (sintetis)."
RETURN_COMMENT = "Komentar sintetis: lengkapi target waktu dan penyedia layanan."
CANCEL_REASON = "Dibatalkan (sintetis): korban memilih tidak melanjutkan layanan ini."
# Partner agencies (free text on the plan item; referrals come with a later issue), marked synthetic.
PARTNERS = {
    "KESEHATAN": ["RSUD Sintetis", "Puskesmas Sintetis"],
    "PENEGAKAN_HUKUM": ["Polres Sintetis (Unit PPA)"],
    "BANTUAN_HUKUM": ["LBH Sintetis"],
    "REHABILITASI_SOSIAL": ["Dinas Sosial Sintetis"],
    "REINTEGRASI_SOSIAL": ["Dinas Sosial Sintetis"],
    "PEMULANGAN": ["Dinas Sosial Sintetis"],
    "PENDAMPINGAN_TOKOH_AGAMA": ["Kantor Kementerian Agama Sintetis"],
    "PEMBERDAYAAN_EKONOMI": ["BAZNAS Sintetis", "Dinas Koperasi dan UKM Sintetis"],
    "DOKUMEN_KEPENDUDUKAN": ["Disdukcapil Sintetis"],
    "PENDIDIKAN": ["Dinas Pendidikan Sintetis"],
    "PSIKOLOGIS": ["RSUD Sintetis (Poli Psikologi)"],
}
PURPOSE = "Rujukan layanan {service} sesuai rencana intervensi (sintetis)."
# Services the unit's own staff deliver when no expert is on the team (the case manager), by share.
STAFF_SHARE = {"PSIKOLOGIS": 0.7, "REINTEGRASI_SOSIAL": 0.5, "PENAMPUNGAN_SEMENTARA": 1.0, MEDIATION: 1.0}
PARTNER_STAFF_SHARE = 0.7  # other services: mostly the case manager arranges and accompanies them
EXPERT_SERVICES = {"PSIKOLOGIS": 1.0, "BANTUAN_HUKUM": 0.5}


@dataclass
class ItemPlan:
    service: str
    provider: User | None
    agency: str
    target: dt.date
    added_at: dt.datetime


@dataclass
class PlanTimeline:
    """The plan decided for one case (shared with bench/consents.py for the sharing consents)."""

    state: str
    drafted_at: dt.datetime
    submitted_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None
    resubmitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    made_with_victim: bool = True
    items: list[ItemPlan] = field(default_factory=list)
    purposes: dict[str, str] = field(default_factory=dict)


def _weights(plan: CasePlan) -> list[tuple[str, float]]:
    sexual, physical = plan.violence_type == "SEKSUAL", plan.violence_type == "FISIK"
    adult, trafficking = not plan.child_victim, plan.case.category == "TPPO"
    return [
        ("PSIKOLOGIS", 0.8),
        ("KESEHATAN", 0.7 if sexual or physical else 0.35),
        ("PENEGAKAN_HUKUM", 0.5 if sexual else 0.25),
        ("BANTUAN_HUKUM", 0.35),
        ("REHABILITASI_SOSIAL", 0.2),
        ("REINTEGRASI_SOSIAL", 0.12),
        ("PENAMPUNGAN_SEMENTARA", 0.3 if plan.case.risk_level == "TINGGI" else 0.06),
        ("PENDAMPINGAN_TOKOH_AGAMA", 0.06),
        ("PEMBERDAYAAN_EKONOMI", 0.25 if adult else 0.02),
        ("DOKUMEN_KEPENDUDUKAN", 0.06),
        ("PENDIDIKAN", 0.0 if adult else 0.2),
        ("PEMULANGAN", 0.6 if trafficking else 0.01),
        # Never with a sexual-violence crime (the incident records a TPKS form then): UU TPKS Pasal 23.
        (MEDIATION, 0.15 if adult and plan.is_kdrt and not sexual else 0.0),
    ]


def _services(rng: random.Random, plan: CasePlan, count: int) -> list[str]:
    """``count`` distinct services, drawn by weight without replacement."""
    pool = [(s, w) for s, w in _weights(plan) if w > 0]
    chosen: list[str] = []
    while pool and len(chosen) < count:
        roll, total = rng.random() * sum(w for _, w in pool), 0.0
        for position, (service, weight) in enumerate(pool):
            total += weight
            if roll < total or position == len(pool) - 1:
                chosen.append(service)
                del pool[position]
                break
    return chosen


def _provider(rng: random.Random, plan: CasePlan, service: str, partner: str | None) -> tuple[User | None, str]:
    """A staff member of the case team, or a partner agency (exactly one, as the model requires).

    A plan names at most one partner agency (``partner``, once chosen): the unit refers a case to one
    agency at a time and its case manager accompanies the victim elsewhere.
    """
    roll = rng.random()
    if plan.expert is not None and roll < EXPERT_SERVICES.get(service, 0.0):
        return plan.expert, ""
    choices = PARTNERS.get(service, [])
    if roll < STAFF_SHARE.get(service, PARTNER_STAFF_SHARE) or not choices:
        return plan.manager, ""
    agency = rng.choice(choices)
    if partner is not None and agency != partner:
        return plan.manager, ""
    return None, agency


def _item(rng: random.Random, plan: CasePlan, service: str, at: dt.datetime, partner: str | None) -> ItemPlan:
    user, agency = _provider(rng, plan, service, partner)
    target = at.astimezone(plan.case.unit.zone).date() + dt.timedelta(days=rng.randint(14, 120))
    return ItemPlan(service, user, agency, target, at)


def _partner(items: list[ItemPlan]) -> str | None:
    return next((i.agency for i in items if i.agency), None)


def plan_services(ctx: CaseContext, plan: CasePlan) -> PlanTimeline | None:
    """The plan of the case (None before planning); decided once per case and kept in ``plan.extra``."""
    if "plan" in plan.extra:
        return plan.extra["plan"]
    start = plan.reached(CaseState.RENCANA_INTERVENSI)
    if start is None:
        plan.extra["plan"] = None
        return None
    rng = random.Random(ctx.config.seed * 3_000_017 + plan.index)
    started = plan.reached(CaseState.INTERVENSI)
    span = (started or ctx.now) - start

    def at(low: float, high: float) -> dt.datetime:
        return start + span * rng.uniform(low, high)

    timeline = PlanTimeline(state=PlanState.APPROVED, drafted_at=at(0.03, 0.12), made_with_victim=rng.random() < 0.95)
    for position, service in enumerate(_services(rng, plan, rng.randint(2, 5))):
        at_added = timeline.drafted_at + span * (0.005 * (position + 1))
        timeline.items.append(_item(rng, plan, service, at_added, _partner(timeline.items)))
    returned = rng.random() < RETURNED_ONCE
    if started is not None:
        timeline.submitted_at = at(0.2, 0.35)
        if returned:
            timeline.returned_at, timeline.changed_at = at(0.4, 0.5), at(0.55, 0.62)
            timeline.resubmitted_at = at(0.7, 0.8)
            if rng.random() < 0.5:
                extra = _services(rng, plan, len(timeline.items) + 1)[len(timeline.items) :]
                existing = {i.service for i in timeline.items}
                for service in (s for s in extra if s not in existing):
                    at_added = timeline.changed_at + span * 0.01
                    timeline.items.append(_item(rng, plan, service, at_added, _partner(timeline.items)))
        timeline.approved_at = at(0.85, 0.97)
    else:
        timeline.state = _pick(rng, CURRENT_STATES)
        if timeline.state != PlanState.DRAFT:
            timeline.submitted_at = at(0.2, 0.5)
        if timeline.state == PlanState.RETURNED:
            timeline.returned_at = at(0.55, 0.95)
    timeline.purposes = {
        i.agency: PURPOSE.format(service=i.service.lower().replace("_", " ")) for i in timeline.items if i.agency
    }
    plan.extra["plan"] = timeline
    return timeline


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return str(pick(rng, weighted))


def _status_times(
    ctx: CaseContext, plan: CasePlan, rng: random.Random, approved: dt.datetime, item: ItemPlan
) -> list[tuple[str, dt.datetime]]:
    """The status changes of one service of the approved plan (empty: still planned)."""
    requested = plan.case.closure_requested_at
    if requested is not None:  # the closure guard: every service resolved before the request
        end = approved + (requested - approved) * rng.uniform(0.2, 0.95)
        final = PlanItemStatus.CANCELLED if rng.random() < CANCELLED else PlanItemStatus.DONE
    else:
        target = dt.datetime.combine(item.target, dt.time(10), tzinfo=plan.case.unit.zone)
        monitoring = plan.reached(CaseState.PEMANTAUAN) is not None
        stretch = rng.uniform(0.3, 1.0) if monitoring else rng.uniform(0.5, 1.3)
        end = approved + max(target - approved, dt.timedelta(days=1)) * stretch
        final = PlanItemStatus.DONE
        if end >= ctx.now:
            begun = approved + (end - approved) * 0.3
            return [(str(PlanItemStatus.IN_PROGRESS), begun)] if begun < ctx.now and rng.random() < 0.6 else []
    changes: list[tuple[str, dt.datetime]] = []
    if final == PlanItemStatus.DONE and rng.random() < 0.5:
        changes.append((PlanItemStatus.IN_PROGRESS, approved + (end - approved) * rng.uniform(0.1, 0.6)))
    changes.append((final, end))
    return changes


def interventions_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    timeline = plan_services(ctx, plan)
    if timeline is None:
        return
    rng = random.Random(ctx.config.seed * 3_000_019 + plan.index)
    case, manager, head = plan.case, plan.manager, plan.staff.head
    unit_id = case.unit.pk
    row = new(
        Plan,
        case=case,
        version=1,
        goals=GOALS,
        made_with_victim=timeline.made_with_victim,
        made_with_victim_how=WITH_VICTIM if timeline.made_with_victim else WITHOUT_VICTIM,
        state=timeline.state,
        created_at=timeline.drafted_at,
        created_by=manager,
    )
    batch.add(row)
    plan_id = str(row.pk)

    def event(at: dt.datetime, values: dict[str, Any], actor: User = manager, role: str = Role.CASE_MANAGER) -> None:
        batch.event(
            unit_id=unit_id,
            actor=actor,
            role=role,
            action=AuditAction.UPDATE,
            obj=case,
            at=at,
            changed=["plan"],
            new={"plan": {"plan": plan_id, **values}},
        )

    event(timeline.drafted_at, {"version": 1, "event": "drafted"})
    items = []
    for planned in timeline.items:
        item = new(
            PlanItem,
            plan=row,
            service=planned.service,
            provider_user=planned.provider,
            provider_agency=planned.agency,
            target_date=planned.target,
            created_at=planned.added_at,
        )
        item.pk = batch.new_id(PlanItem)  # its audit events name it
        batch.add(item)
        items.append((planned, item))
        event(planned.added_at, {"item": item.pk, "service": planned.service, "event": "item_added"})
    if timeline.changed_at is not None:  # the returned plan was changed before it went back to the HEAD
        event(timeline.changed_at, {"version": 1, "event": "changed"})
    if timeline.submitted_at is not None:
        row.submitted_at, row.submitted_by = timeline.submitted_at, manager
        event(timeline.submitted_at, {"event": "submitted"})
    if timeline.returned_at is not None:
        row.decided_at, row.decided_by, row.comment = timeline.returned_at, head, RETURN_COMMENT
        event(timeline.returned_at, {"event": "returned"}, head, Role.HEAD)
    if timeline.resubmitted_at is not None:
        row.submitted_at = timeline.resubmitted_at
        event(timeline.resubmitted_at, {"event": "submitted"})
    plan.extra["plan_items"] = items  # the sessions deliver them (bench/assistance/sessions.py)
    if timeline.state == PlanState.SUBMITTED:
        _approval_item(ctx, batch, plan, timeline.submitted_at or timeline.drafted_at)
    if timeline.approved_at is None:
        return
    row.decided_at, row.decided_by, row.comment = timeline.approved_at, head, ""
    event(timeline.approved_at, {"event": "approved"}, head, Role.HEAD)
    for planned, item in items:
        for status, at in _status_times(ctx, plan, rng, timeline.approved_at, planned):
            actor = planned.provider or manager
            role = Role.EXPERT if actor is plan.expert else Role.CASE_MANAGER
            item.status, item.status_changed_at, item.status_changed_by = status, at, actor
            item.cancel_reason = CANCEL_REASON if status == PlanItemStatus.CANCELLED else ""
            event(at, {"item": item.pk, "status": status, "event": "item_status"}, actor, role)


def _approval_item(ctx: CaseContext, batch: Batch, plan: CasePlan, submitted: dt.datetime) -> None:
    """The HEAD's open approval work item of a plan still awaiting the decision (``plan_submit``)."""
    case = plan.case
    due = add_working_days(submitted, PLAN_APPROVAL_WORKING_DAYS, unit=case.unit)
    remind = get_kind(PLAN_APPROVAL).remind_before
    missed = due <= ctx.now
    batch.add(
        new(
            WorkItem,
            unit_id=case.unit.pk,
            kind=PLAN_APPROVAL,
            title_key=case.number,
            responsible=plan.staff.head,
            content_type=ctx.closure_ct,  # the case's content type: the work item targets the case
            object_id=str(case.pk),
            state=WorkItem.State.MISSED if missed else WorkItem.State.OPEN,
            due_at=due,
            remind_at=due - remind if remind else None,
            missed_at=due if missed else None,
        )
    )


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [Plan, PlanItem]
    need_ids.add(PlanItem)
    extensions.append(interventions_add)
