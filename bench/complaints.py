"""Extension of the generator: the complaint (aduan) each synthetic case came from (sigap.intake).

Every case gets one complaint, received a few hours before the case was opened, triaged and decided
"open a case" by the HEAD; the case's ``complaint_ref`` is the complaint's number (as the intake
service sets it). Registered in ``bench.plans.EXTENSIONS``; numbers come from the ``complaint`` series of ``SequenceCounter``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.base import pick
from bench.synthetic import synthetic_name
from bench.writer import new
from sigap.accounts.models import Role
from sigap.audit.models import AuditAction
from sigap.intake.models import Complaint, ComplaintState, ComplaintStateChange, Decision
from sigap.intake.services.complaint import NUMBER_PREFIX

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

CHANNELS = [
    ("DATANG_LANGSUNG", 0.35),
    ("WHATSAPP", 0.25),
    ("TELEPON", 0.15),
    ("RUJUKAN_LEMBAGA", 0.1),
    ("POLISI", 0.1),
    ("SURAT", 0.05),
]


def complaint_number_next(batch: Batch, unit_id: int, year: int) -> tuple[int, str]:
    key = (unit_id, year)
    batch.complaint_counters[key] = batch.complaint_counters.get(key, 0) + 1
    sequence = batch.complaint_counters[key]
    return sequence, f"{NUMBER_PREFIX}/{year}/{sequence:04d}"


def complaints_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    case, staff = plan.case, plan.staff
    rng = random.Random(ctx.config.seed * 7_000_003 + plan.index)
    received = case.opened_at - dt.timedelta(hours=rng.uniform(2, 72))
    intake = staff.intake
    sequence = int(case.complaint_ref.rsplit("/", 1)[1])
    complaint = new(
        Complaint,
        unit=case.unit,
        number=case.complaint_ref,
        year=case.year,
        sequence=sequence,
        channel=pick(rng, CHANNELS),
        received_at=received,
        recorded_by=intake,
        handler=intake,
        state=ComplaintState.KASUS_DIBUKA,
        reporter_type=rng.choice(["KORBAN", "PIHAK_LAIN"]),
        reporter_name=synthetic_name(rng),
        contact_consent=True,
        account="Kronologi sintetis: pengaduan dibuat oleh generator data uji.",
        risk_level=case.risk_level,
        category=case.category,
        category_subtype=case.category_subtype,
        first_response_at=received + dt.timedelta(minutes=rng.randint(10, 600)),
        decision=Decision.OPEN_CASE,
        decided_at=case.opened_at,
        decided_by=staff.head,
        case_id=case.pk,
        case_number=case.number,
    )
    batch.add(complaint)
    plan.extra["complaint"] = complaint  # the outreach visits start from it (bench/assistance/outreach.py)
    batch.add(
        new(ComplaintStateChange, complaint=complaint, from_state="", to_state="ADUAN_MASUK", changed_at=received)
    )
    batch.add(
        new(
            ComplaintStateChange,
            complaint=complaint,
            from_state="ADUAN_MASUK",
            to_state=ComplaintState.KASUS_DIBUKA,
            changed_at=case.opened_at,
            changed_by=staff.head,
        )
    )
    unit_id = case.unit.pk
    batch.event(
        unit_id=unit_id,
        actor=intake,
        role=Role.INTAKE,
        action=AuditAction.CREATE,
        obj=complaint,
        at=received,
        changed=["number", "channel", "state", "risk_level"],
        new={"number": complaint.number, "channel": complaint.channel, "state": "ADUAN_MASUK"},
    )
    batch.event(
        unit_id=unit_id,
        actor=staff.head,
        role=Role.HEAD,
        action=AuditAction.UPDATE,
        obj=complaint,
        at=case.opened_at,
        changed=["state", "decision", "case_number"],
        old={"state": "ADUAN_MASUK"},
        new={"state": ComplaintState.KASUS_DIBUKA, "decision": Decision.OPEN_CASE, "case_number": case.number},
    )


def register(extensions: list[Any], write_order: list[Any]) -> None:
    write_order += [Complaint, ComplaintStateChange]
    extensions.append(complaints_add)
