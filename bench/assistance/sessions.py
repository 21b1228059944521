"""Extension of the generator: accompaniment sessions (``sigap.assistance.services.session``, domain.md §B3).

For every case with an approved plan, sessions that deliver the plan's services the unit's staff provide
themselves (psychological services, legal aid, law enforcement, health, social rehabilitation, religious
counselling; a partner agency's service is accompanied by the case manager): 2–4 sessions for a
psychological service, 1–2 for the others, at most 8 per case, between the plan's approval and the
service's end (done or cancelled), else up to today. Each is booked by its provider a few days ahead on a
weekday between 08:00 and 15:30 (one hour, 90 minutes for a psychological assessment), with its SIMFONI
service code (``rules.session.service_code_of``), the expert (``SessionExpert``) or staff member
(``SessionStaff``) booked and, at the unit office, one of the unit's rooms. A past session was held (85 %,
with times, outcome and notes in the field group ``notes_group_of`` gives), not held (10 %: the victim or
the expert absent) or cancelled (5 %); a case still in intervention or monitoring whose service is still
open has 0–2 sessions booked in the next two weeks, with their reminders (``services.reminder``: the day
before and the hour before, per person booked). Bookings are not checked against other cases' (the
product's double-booking guard is not replayed: at 1M cases a unit's three experts would hold more
sessions a day than a day has; see docs/performance.md).

Audit events: those of ``session_plan`` / ``session_record_held`` / ``_close`` (an UPDATE of the case
naming ``sessions``, with the session id, kind, status and event), never the notes.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event, office_time, work_item_add
from bench.assistance.setup import profession_of
from bench.base import pick
from bench.writer import new
from sigap.assistance.models import AccompanimentSession, NotHeldReason, SessionKind, SessionPlace, SessionStatus
from sigap.assistance.models.session import SessionExpert, SessionStaff
from sigap.assistance.rules.session import notes_group_of, service_code_of
from sigap.assistance.services.reminder import LEADS, kind_key
from sigap.cases.models import CaseState
from sigap.cases.models.plan import PlanItemStatus

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

MAX_PER_CASE = 8
K = SessionKind
# The kinds of session that deliver a service of the plan, with where they take place.
KINDS: dict[str, list[tuple[str, str, float]]] = {
    "PSIKOLOGIS": [
        (K.PSYCH_ASSESSMENT, SessionPlace.UNIT_OFFICE, 0.25),
        (K.COUNSELLING, SessionPlace.UNIT_OFFICE, 0.55),
        (K.PSYCHOTHERAPY, SessionPlace.UNIT_OFFICE, 0.15),
        (K.COUNSELLING, SessionPlace.HOME, 0.05),
    ],
    "BANTUAN_HUKUM": [
        (K.LEGAL_CONSULTATION, SessionPlace.UNIT_OFFICE, 0.8),
        (K.LEGAL_OPINION, SessionPlace.UNIT_OFFICE, 0.2),
    ],
    "PENEGAKAN_HUKUM": [
        (K.AT_POLICE, SessionPlace.POLICE, 0.6),
        (K.AT_PROSECUTOR, SessionPlace.PROSECUTOR, 0.15),
        (K.AT_COURT, SessionPlace.COURT, 0.25),
    ],
    "KESEHATAN": [(K.AT_HOSPITAL, SessionPlace.HOSPITAL, 1.0)],
    "REHABILITASI_SOSIAL": [(K.HOME_VISIT, SessionPlace.HOME, 0.7), (K.GROUP, SessionPlace.UNIT_OFFICE, 0.3)],
    "PENDAMPINGAN_TOKOH_AGAMA": [(K.SPIRITUAL, SessionPlace.UNIT_OFFICE, 1.0)],
}
COUNTS = {"PSIKOLOGIS": (2, 4)}
OUTCOMES = [(SessionStatus.HELD, 0.85), (SessionStatus.NOT_HELD, 0.10), (SessionStatus.CANCELLED, 0.05)]
NOTES = "Catatan sesi sintetis: korban kooperatif, rencana tindak lanjut disepakati."
OUTCOME = "Hasil sesi sintetis: layanan diberikan sesuai rencana."
NEXT_STEP = "Langkah berikut sintetis: sesi lanjutan dua minggu lagi."
PLACE_DETAIL = "Tempat sintetis"
STATUS_NOTE = "Alasan sintetis: jadwal korban berubah."
OPEN_NOW = (CaseState.INTERVENSI, CaseState.PEMANTAUAN)


def _kind(rng: random.Random, service: str) -> tuple[str, str]:
    kind, place = pick(rng, [((k, p), w) for k, p, w in KINDS[service]])
    return kind, place


def sessions_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    items = plan.extra.get("plan_items") or []
    timeline = plan.extra.get("plan")
    if not items or timeline is None or timeline.approved_at is None:
        return
    rng = random.Random(ctx.config.seed * 5_000_011 + plan.index)
    case, zone, now = plan.case, plan.case.unit.zone, ctx.now
    written = 0
    for _planned, item in items:
        if item.service not in KINDS or written >= MAX_PER_CASE:
            continue
        provider = item.provider_user or plan.manager  # a partner's service: the case manager accompanies
        low, high = COUNTS.get(item.service, (1, 2))
        start = timeline.approved_at + dt.timedelta(days=1)
        end = item.status_changed_at if item.status in (PlanItemStatus.DONE, PlanItemStatus.CANCELLED) else now
        count = min(rng.randint(low, high), MAX_PER_CASE - written)
        if end > start:
            for n in range(count):
                at = office_time(rng, start + (end - start) * ((n + rng.random()) / count), zone)
                if at < end - dt.timedelta(hours=4):
                    _session(ctx, batch, plan, rng, item, provider, at, past=True)
                    written += 1
        still_open = item.status in (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS)
        if still_open and case.state in OPEN_NOW and case.closure_requested_at is None and written < MAX_PER_CASE:
            for _ in range(min(rng.randint(0, 2), MAX_PER_CASE - written)):
                at = office_time(rng, now + dt.timedelta(days=rng.uniform(0.5, 14)), zone)
                if at > now:
                    _session(ctx, batch, plan, rng, item, provider, at, past=False)
                    written += 1


def _session(
    ctx: CaseContext,
    batch: Batch,
    plan: CasePlan,
    rng: random.Random,
    item: Any,
    provider: Any,
    start: dt.datetime,
    *,
    past: bool,
) -> None:
    case = plan.case
    kind, place = _kind(rng, item.service)
    minutes = 90 if kind == K.PSYCH_ASSESSMENT else 60
    booked = max(start - dt.timedelta(days=rng.uniform(1, 7)), plan.extra["plan"].approved_at)
    room = rng.choice(plan.staff.rooms) if place == SessionPlace.UNIT_OFFICE and plan.staff.rooms else None
    row = new(
        AccompanimentSession,
        unit=case.unit,
        case=case,
        plan_item=item,
        kind=kind,
        service_code=service_code_of(kind, item.service),
        planned_start=start,
        planned_end=start + dt.timedelta(minutes=minutes),
        place=place,
        place_detail="" if place == SessionPlace.UNIT_OFFICE else PLACE_DETAIL,
        room=room,
        created_at=booked,
        created_by=provider,
    )
    batch.add(row)
    expert = provider in plan.staff.experts
    booking = new(SessionExpert if expert else SessionStaff, session=row, user=provider)
    booking.pk = batch.new_id(type(booking))  # its reminders name it
    batch.add(booking)
    values = {"session": str(row.pk), "kind": kind, "status": SessionStatus.PLANNED, "event": "planned"}
    case_event(batch, plan, provider, booked, "sessions", values)
    if not past:
        for lead, before in LEADS.items():
            if start - before > ctx.now:  # a reminder whose time has passed is not opened
                work_item_add(
                    batch, plan, kind_key(lead, "expert" if expert else "staff"), booking, start, provider, ctx.now
                )
        return
    status = pick(rng, OUTCOMES)
    row.status = status
    if status == SessionStatus.HELD:
        row.actual_start = start + dt.timedelta(minutes=rng.randint(0, 20))
        row.actual_end = row.actual_start + dt.timedelta(minutes=minutes + rng.randint(-15, 30))
        row.victim_present, row.outcome_summary, row.next_step = True, OUTCOME, NEXT_STEP
        row.notes, row.notes_author = NOTES, provider
        row.notes_group = notes_group_of(kind, profession_of(plan.staff, provider) or None)
        row.recorded_at = min(row.actual_end + dt.timedelta(hours=rng.uniform(0.2, 30)), ctx.now)
        event: dict[str, Any] = {"event": "held"}
    else:
        reason = (
            pick(rng, [(NotHeldReason.VICTIM_ABSENT, 0.8), (NotHeldReason.EXPERT_ABSENT, 0.2)])
            if status == SessionStatus.NOT_HELD
            else ""
        )
        row.not_held_reason, row.status_note = reason, STATUS_NOTE
        row.recorded_at = min(start + dt.timedelta(hours=rng.uniform(-20, 4)), ctx.now)
        row.recorded_at = max(row.recorded_at, booked + dt.timedelta(minutes=5))
        event = {"event": "not_held" if status == SessionStatus.NOT_HELD else "cancelled", "reason": reason}
    row.recorded_by = provider
    values = {"session": str(row.pk), "kind": kind, "status": status, **event}
    case_event(batch, plan, provider, row.recorded_at, "sessions", values)
    plan.extra.setdefault("court_sessions", []).extend(
        [row] if kind == K.AT_COURT and status == SessionStatus.HELD else []
    )


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [AccompanimentSession, SessionExpert, SessionStaff]
    need_ids.update({SessionExpert, SessionStaff})
    extensions.append(sessions_add)
