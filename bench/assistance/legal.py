"""Extension of the generator: legal-process tracks (``sigap.assistance.services.legal``, domain.md §C.21, §D1).

A track against the recorded perpetrator for 65 % of the sexual-violence cases (UU TPKS: the unit reports
to the police), 45 % of the other cases whose plan has law enforcement or legal aid, and 5 % of the
rest, when the case has a perpetrator (≈ 40 % of all cases). It starts "not reported" with the victim's
report to the unit (the complaint's receipt, as ``legal_track_start`` takes it) and walks the stages with
realistic delays: police report (sexual violence: within the 3×24 h clock for 90 %, a few days late for
the others; other cases 1–30 days), investigation, prosecution, trial with 2–5 hearings (a held court
session of the case is linked to the first one), verdict, done; 15 % stop on the way (SP3, or the victim
withdraws where the law allows it: never for sexual violence). Stages stop at today or at the closure
request (the service takes no change on a closed case). A sexual-violence track of an open case still "not reported" carries the police-report work item
(``legal_police_report``: open, or missed once its 72 h passed), responsible the case manager.

Audit events: ``legal_track_start`` / ``legal_stage_set`` / ``hearing_add`` (an UPDATE of the case naming
``legal``: track id, stage, event, the stage it came from, the hearing id), never the report number,
court or sentence (encrypted on the rows).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event, office_time, work_item_add
from bench.writer import new
from sigap.assistance.kinds import LEGAL_POLICE_REPORT
from sigap.assistance.models import Hearing, LegalStage, LegalTrack, StopReason, VerdictOutcome
from sigap.assistance.rules.legal import police_report_due

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

S = LegalStage
# The stage reached after each delay (days, low–high) from the previous one.
WALK = [
    (S.INVESTIGATION, 7, 30),
    (S.PROSECUTION, 30, 120),
    (S.TRIAL, 14, 60),
    (S.VERDICT, 30, 120),
    (S.DONE, 14, 30),
]
STOPPED = 0.15
# Who gets a track (when the case has a perpetrator): sexual violence, a plan with legal services, the rest.
SHARES = {"sexual": 0.65, "legal service": 0.45, "other": 0.05}
LATE_REPORT = 0.10  # of sexual-violence tracks: reported after the 3×24 h
LEGAL_SERVICES = {"PENEGAKAN_HUKUM", "BANTUAN_HUKUM"}
POLICE_UNIT = "Unit PPA Polres Sintetis"
COURT = "Pengadilan Negeri Sintetis"
SENTENCE = "Putusan sintetis: pidana penjara dan restitusi."
STOP_NOTE = "Alasan sintetis: proses dihentikan."


def _wanted(rng: random.Random, plan: CasePlan) -> bool:
    services = {item.service for _p, item in plan.extra.get("plan_items") or []}
    roll = rng.random()
    if plan.violence_type == "SEKSUAL":
        return roll < SHARES["sexual"]
    return roll < SHARES["legal service" if services & LEGAL_SERVICES else "other"]


def legal_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    if plan.perpetrator_link is None:
        return
    rng = random.Random(ctx.config.seed * 6_000_007 + plan.index)
    if not _wanted(rng, plan):
        return
    case, manager, zone = plan.case, plan.manager, plan.case.unit.zone
    sexual = plan.violence_type == "SEKSUAL"
    complaint = plan.extra.get("complaint")
    reported = min(complaint.received_at, case.opened_at) if complaint is not None else case.opened_at
    created = case.opened_at + dt.timedelta(hours=rng.uniform(1, 12) if sexual else rng.uniform(24, 30 * 24))
    cap = min(ctx.now, case.closure_requested_at or ctx.now)
    if created >= cap:
        return
    track = new(
        LegalTrack,
        unit=case.unit,
        case=case,
        perpetrator=plan.perpetrator_link,
        stage=S.NOT_REPORTED,
        victim_reported_at=reported,
        created_at=created,
        created_by=manager,
        updated_at=created,
    )
    batch.add(track)
    tid = str(track.pk)
    case_event(batch, plan, manager, created, "legal", {"track": tid, "stage": S.NOT_REPORTED, "event": "started"})
    if sexual:
        late = rng.random() < LATE_REPORT
        report_at = reported + dt.timedelta(days=rng.uniform(3.2, 10) if late else rng.uniform(0.3, 2.8))
    else:
        report_at = created + dt.timedelta(days=rng.uniform(1, 30))
    report_at = max(report_at, created + dt.timedelta(hours=1))
    stop_at = rng.randint(0, len(WALK)) if rng.random() < STOPPED else None
    if report_at >= cap:
        if sexual and cap == ctx.now:  # the 3×24 h clock still runs (or was missed) on the open case
            work_item_add(batch, plan, LEGAL_POLICE_REPORT, track, police_report_due(reported), manager, ctx.now)
        return
    previous = str(S.NOT_REPORTED)

    def step(stage: str, at: dt.datetime, **extra: Any) -> None:
        nonlocal previous
        track.stage, track.updated_at = stage, at
        values = {"track": tid, "stage": stage, "event": "stage", "from": previous, **extra}
        case_event(batch, plan, manager, at, "legal", values)
        previous = stage

    track.police_report_date = report_at.astimezone(zone).date()
    track.police_unit, track.report_number = POLICE_UNIT, f"LP/B/{plan.index % 1000:03d}/SINTETIS"
    step(S.POLICE_REPORT, report_at)
    at = report_at
    for position, (stage, low, high) in enumerate(WALK):
        following = at + dt.timedelta(days=rng.uniform(low, high))
        if following >= cap:
            return
        if stop_at == position:
            track.stop_reason = StopReason.SP3 if sexual or rng.random() < 0.5 else StopReason.WITHDRAWN
            track.stop_note = STOP_NOTE
            step(S.STOPPED, following)
            return
        if stage == S.VERDICT:
            track.verdict_date = following.astimezone(zone).date()
            track.verdict_outcome = VerdictOutcome.CONVICTED if rng.random() < 0.85 else VerdictOutcome.ACQUITTED
            track.sentence = SENTENCE
        step(stage, following)
        if stage == S.TRIAL:
            _hearings(rng, batch, plan, track, following, following + dt.timedelta(days=120), cap)
        at = following


def _hearings(
    rng: random.Random,
    batch: Batch,
    plan: CasePlan,
    track: Any,
    start: dt.datetime,
    until: dt.datetime,
    cap: dt.datetime,
) -> None:
    """2–5 hearings of the trial, a week or two apart (the ones still to come are in the calendar)."""
    at = start
    court_sessions = list(plan.extra.get("court_sessions") or [])
    for n in range(rng.randint(2, 5)):
        at = office_time(rng, at + dt.timedelta(days=rng.uniform(5, 14)), plan.case.unit.zone)
        recorded = start + dt.timedelta(hours=n + 1)
        if at >= until or recorded >= cap:
            return
        hearing = new(
            Hearing,
            track=track,
            starts_at=at,
            court=COURT,
            room=f"Ruang Sidang {n + 1}",
            agenda="Agenda sintetis",
            accompaniment=court_sessions.pop(0) if court_sessions else None,
            created_at=recorded,
            created_by=plan.manager,
        )
        batch.add(hearing)
        values = {"track": str(track.pk), "stage": S.TRIAL, "event": "hearing", "hearing": str(hearing.pk)}
        case_event(batch, plan, plan.manager, recorded, "legal", values)


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [LegalTrack, Hearing]
    extensions.append(legal_add)
