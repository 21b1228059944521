"""Extension of the generator: monitoring's follow-ups and their indicators (``sigap.empowerment``, D73).

Every case that reached ``PEMANTAUAN`` got the default schedule (1, 3, 6 and 12 months from the local day
monitoring began, ``add_months`` of the product). A follow-up whose day (plus a few days' slack) came before
the case left monitoring and before now was held: the victim reached (85 %: a visit, a call or at the office,
with wellbeing, the goals' progress and an ``OutcomeRecord``) or not reached. The rest are cancelled when the
case was closed (as the "state changed" hook does), or still scheduled; a scheduled one within two weeks of its
day carries its ``empowerment_follow_up`` work item (due a week after the day). A closed case gets a
post-closure follow-up (GBVIMS step 5) now and then.

Indicators grow over time, as a victim's independence does: the chance of own income, a running business or
work rises with the follow-up's number, and "independent" (the case manager's judgement) mostly follows the
unit's rule (own income and complete documents), never falling back once reached.
Audit events: ``schedule`` when monitoring began, ``follow_up`` per follow-up recorded, ``schedule_cancelled``
at closure (UPDATEs of the case naming ``empowerment``, codes only, as the services write them).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event, work_item_add
from bench.base import pick
from bench.writer import new
from sigap.cases.models import CaseState
from sigap.empowerment.kinds import FOLLOW_UP_DUE, GRACE, OPEN_LEAD
from sigap.empowerment.models import (
    DEFAULT_SCHEDULE_MONTHS,
    FollowUp,
    FollowUpMode,
    FollowUpStatus,
    GoalsProgress,
    IncomeBand,
    OutcomeRecord,
    Wellbeing,
)
from sigap.empowerment.services.schedule import add_months

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

REACHED = 0.85
POST_CLOSURE = 0.2
MODES = [(FollowUpMode.VISIT, 0.5), (FollowUpMode.CALL, 0.35), (FollowUpMode.OFFICE, 0.15)]
WELLBEING = [(Wellbeing.GOOD, 0.55), (Wellbeing.FAIR, 0.35), (Wellbeing.POOR, 0.10)]
NOTES = "Catatan pemantauan sintetis."


def _local_noon(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=zone)


def follow_ups_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    began = plan.reached(CaseState.PEMANTAUAN)
    if began is None:
        return
    rng = random.Random(ctx.config.seed * 6_000_011 + plan.index)
    case, manager, zone = plan.case, plan.manager, plan.case.unit.zone
    left = plan.next_after(CaseState.PEMANTAUAN)  # closed (or None: still in monitoring)
    start = began.astimezone(zone).date()
    months = list(DEFAULT_SCHEDULE_MONTHS)
    case_event(batch, plan, manager, began, "empowerment", {"event": "schedule", "months": months})
    level, independent, cancelled = 0.0, False, 0
    for number, month in enumerate(months, start=1):
        due_on = add_months(start, month)
        held = _local_noon(due_on + dt.timedelta(days=rng.randint(-3, 6)), zone)
        row = new(
            FollowUp,
            case=case,
            sequence=number,
            months_after=month,
            due_on=due_on,
            created_at=began,
            post_closure=False,
        )
        batch.add(row)
        if held < (left or ctx.now) and held < ctx.now:
            level = min(1.0, level + rng.uniform(0.15, 0.35))
            independent = _record(batch, plan, rng, row, held, level, independent)
        elif left is not None:
            row.status = FollowUpStatus.CANCELLED
            cancelled += 1
        elif _local_noon(due_on, zone) - OPEN_LEAD <= ctx.now:
            row.item_opened_at = _local_noon(due_on, zone) - OPEN_LEAD
            due = dt.datetime.combine(due_on + GRACE, dt.time(0), tzinfo=zone)
            work_item_add(batch, plan, FOLLOW_UP_DUE, row, due, manager, ctx.now)
    if left is not None and cancelled:
        case_event(batch, plan, manager, left, "empowerment", {"event": "schedule_cancelled", "count": cancelled})
    if left is not None and rng.random() < POST_CLOSURE:
        held = left + dt.timedelta(days=rng.uniform(30, 90))
        if held < ctx.now:
            row = new(FollowUp, case=case, created_at=held, post_closure=True)
            batch.add(row)
            _record(batch, plan, rng, row, held, min(1.0, level + 0.2), independent)


def _record(
    batch: Batch,
    plan: CasePlan,
    rng: random.Random,
    row: FollowUp,
    held: dt.datetime,
    level: float,
    independent: bool,
) -> bool:
    """Record ``row`` as held at ``held``; returns whether the victim is independent after it."""
    manager = plan.manager
    reached = rng.random() < REACHED
    row.held_on, row.recorded_at, row.recorded_by = held.astimezone(plan.case.unit.zone).date(), held, manager
    row.mode, row.notes = pick(rng, MODES), NOTES
    row.status = FollowUpStatus.DONE if reached else FollowUpStatus.NOT_REACHED
    event: dict[str, Any] = {"event": "follow_up", "follow_up": str(row.pk), "status": row.status, "mode": row.mode}
    if row.post_closure:
        event["post_closure"] = True
    if reached:
        row.wellbeing = pick(rng, WELLBEING)
        income = rng.random() < level
        band = pick(rng, [(IncomeBand.UNDER_1M, 0.5), (IncomeBand.FROM_1M, 0.4), (IncomeBand.FROM_3M, 0.1)])
        documents = rng.random() < 0.4 + 0.5 * level
        suggested = income and documents
        independent = independent or (suggested and rng.random() < 0.85)
        row.goals_progress = (
            GoalsProgress.MET
            if independent
            else pick(rng, [(GoalsProgress.ON_TRACK, 0.6), (GoalsProgress.PARTLY, 0.3), (GoalsProgress.NOT_MET, 0.1)])
        )
        batch.add(
            new(
                OutcomeRecord,
                case=plan.case,
                follow_up=row,
                income_band=band if income else IncomeBand.NONE,
                business_running=income and rng.random() < 0.5,
                employed=income and rng.random() < 0.4,
                documents_complete=documents,
                enrolled_assistance=rng.random() < 0.3 + 0.3 * level,
                independent=independent,
                suggested_independent=suggested,
                recorded_at=held,
                recorded_by=manager,
            )
        )
    case_event(batch, plan, manager, held, "empowerment", event)
    return independent


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [FollowUp, OutcomeRecord]
    extensions.append(follow_ups_add)
