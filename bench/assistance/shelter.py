"""Extension of the generator: shelter stays (``sigap.assistance.services.shelter``, domain.md §C.17, §D1).

Each unit has one shelter of 12 beds (bench/assistance/setup.py). A stay never overlaps another on its bed,
and which bed a case takes must not depend on the batches or the workers, so the beds are shared out by a
pure function of the case index: the cases are cut into windows of ~15 days of opening (case index ÷ K,
since cases are spread evenly over time in index order); in a window the unit's *candidates* (a draw of
the case's own seeded RNG, 5 %) take the beds of the window's half (even windows the even beds, odd ones the
odd beds) in index order, one each, and a stay ends before the window after next begins (~15 days later),
so two stays on one bed never meet. A candidate is admitted when its risk calls for it (high risk always,
medium risk 20 %; ~1.5 % of all cases) and its bed's room takes the victim; beyond the half's six beds
the shelter is full and nobody is admitted. The victim is admitted 1–24 h after the case was opened, with
placement criteria and their reason, planned until day 14, and discharged after 3–14 days to an onward
placement; a stay still running today keeps its 14-day work item (``shelter_limit``, open or missed).
Children admitted with their mother are not generated.

Audit events: ``shelter_admit`` / ``shelter_discharge`` (an UPDATE of the case naming ``shelter``: stay,
shelter, event, onward placement), never the criteria's reason or the note.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event, work_item_add
from bench.base import case_rng, pick, unit_position
from bench.writer import new
from sigap.assistance.kinds import SHELTER_LIMIT
from sigap.assistance.models import OnwardPlacement, PlacementCriterion, RoomTakes, ShelterStay
from sigap.assistance.rules.shelter import LIMIT_DAYS, limit_due

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

WINDOW = dt.timedelta(days=15)
CANDIDATE = 0.05
ADMIT = {"TINGGI": 1.0, "SEDANG": 0.2, "RENDAH": 0.0}
ONWARD = [
    (OnwardPlacement.FAMILY, 0.4),
    (OnwardPlacement.OWN_HOME, 0.2),
    (OnwardPlacement.SAFE_HOUSE, 0.2),
    (OnwardPlacement.SOCIAL_HOME, 0.15),
    (OnwardPlacement.LPSK, 0.05),
]
CRITERIA_REASON = "Alasan penempatan sintetis: korban terancam di rumah."
DISCHARGE_NOTE = "Catatan keluar sintetis."


def _candidate(seed: int, index: int) -> bool:
    return random.Random(seed * 8_000_009 + index).random() < CANDIDATE


def _geometry(ctx: CaseContext) -> tuple[dt.datetime, dt.timedelta, int]:
    """The earliest opening time, the span of the cases, and K (cases per window)."""
    config = ctx.config
    span = dt.timedelta(days=365 * config.years)
    base = ctx.now - span - dt.timedelta(days=1)
    return base, span, max(1, int(config.cases * (WINDOW / span)))


def _window_candidates(ctx: CaseContext, window: int, k: int) -> dict[int, list[int]]:
    """The candidates of each unit in ``window``, in index order (computed once per batch and window)."""
    key = ("shelter", window)
    found = ctx.cache.get(key)
    if found is None:
        found = {}
        config = ctx.config
        for j in range(window * k, min((window + 1) * k, config.cases)):
            if _candidate(config.seed, j):
                unit = ctx.staff[unit_position(ctx.cum_weights, case_rng(config, j))].unit.pk
                found.setdefault(unit, []).append(j)
        ctx.cache[key] = found
    return found


def shelter_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    beds = plan.staff.beds
    if not beds or plan.victim_link is None or not _candidate(ctx.config.seed, plan.index):
        return
    base, span, k = _geometry(ctx)
    window = plan.index // k
    rank = _window_candidates(ctx, window, k).get(plan.case.unit.pk, []).index(plan.index)
    lane = beds[window % 2 :: 2]
    rng = random.Random(ctx.config.seed * 8_000_011 + plan.index)
    if rank >= len(lane) or rng.random() >= ADMIT.get(plan.case.risk_level, 0.0):
        return
    bed = lane[rank]
    if bed.room.takes not in (RoomTakes.ANY, {"P": RoomTakes.FEMALE, "L": RoomTakes.MALE}.get(plan.victim.sex)):
        return
    case, manager, zone = plan.case, plan.manager, plan.case.unit.zone
    admitted = case.opened_at + dt.timedelta(hours=rng.uniform(1, 24))
    # Before the earliest admission of the window after next on this bed (see the module docstring).
    next_on_bed = base + span * ((window + 2) * k / ctx.config.cases)
    leaves = min(admitted + dt.timedelta(days=rng.uniform(3, LIMIT_DAYS)), next_on_bed - dt.timedelta(minutes=1))
    stay = new(
        ShelterStay,
        unit=case.unit,
        case=case,
        person=plan.victim_link,
        bed=bed,
        admitted_at=admitted,
        planned_until=admitted.astimezone(zone).date() + dt.timedelta(days=LIMIT_DAYS - 1),
        criteria=rng.sample(
            [
                PlacementCriterion.LIFE_THREATENED,
                PlacementCriterion.VIOLENT_PERPETRATOR,
                PlacementCriterion.KDRT_HUSBAND,
            ],
            2,
        ),
        criteria_reason=CRITERIA_REASON,
        created_by=manager,
    )
    batch.add(stay)
    values = {"event": "admitted", "stay": str(stay.pk), "shelter": str(bed.room.shelter_id), "persons": 1}
    case_event(batch, plan, manager, admitted, "shelter", values)
    if leaves >= ctx.now:
        work_item_add(batch, plan, SHELTER_LIMIT, stay, limit_due(admitted, zone), manager, ctx.now)
        return
    stay.discharged_at, stay.discharged_by = leaves, manager
    stay.onward, stay.discharge_note = pick(rng, ONWARD), DISCHARGE_NOTE
    values = {"event": "discharged", "stay": str(stay.pk), "onward": stay.onward}
    case_event(batch, plan, manager, leaves, "shelter", values)


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order.append(ShelterStay)
    extensions.append(shelter_add)
