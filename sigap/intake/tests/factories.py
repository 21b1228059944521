"""Test data of the complaint tests, built through the services as the personas would."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from sigap.intake.models import Complaint, Decision, Jurisdiction, RiskCriterion
from sigap.intake.services.complaint import PersonEntry, complaint_record, complaint_take, complaint_triage
from sigap.intake.services.decision import complaint_decide

ACCOUNT_CANARY = "CANARY-ACCOUNT-7f3a beaten at the river house"
VICTIM_CANARY = "Siti Canaryputri"
REPORTER_CANARY = "Budi Canaryreporter"
CONTACT_CANARY = "CANARY-CONTACT never call before 5 pm"


def ensure_reference() -> None:
    """Load the reference lists once per test database (channels and AMPK sub-types live there)."""
    from sigap.core.models import CodeList
    from sigap.core.reference.services import reference_load

    if not CodeList.objects.filter(key="complaint_channel").exists():
        reference_load()


def make_complaint(
    personas: Any,
    *,
    actor: str = "intake",
    risk_level: str = "SEDANG",
    received_at: datetime | None = None,
    channel: str = "TELEPON",
    reporter_type: str = "KORBAN",
) -> Complaint:
    ensure_reference()
    return complaint_record(
        actor=personas[actor],
        channel=channel,
        received_at=received_at or timezone.now(),
        reporter_type=reporter_type,
        reporter_name=REPORTER_CANARY,
        reporter_phone="0812 3456 7890",
        reporter_relationship="Sister",
        contact_consent=True,
        contact_instructions=CONTACT_CANARY,
        people=[PersonEntry(name=VICTIM_CANARY, age=15, sex="P")],
        account=ACCOUNT_CANARY,
        risk_level=risk_level,
    )


def triaged(personas: Any, complaint: Complaint, *, actor: str = "intake", **overrides: Any) -> Complaint:
    values: dict[str, Any] = {
        "category": "KTA",
        "risk_level": "SEDANG",
        "risk_criteria": [RiskCriterion.REPEATED_VIOLENCE],
        "jurisdiction": Jurisdiction.THIS_UNIT,
    }
    values.update(overrides)
    return complaint_triage(actor=personas[actor], complaint=complaint, **values)


def make_in_state(personas: Any, state: str, *, actor: str = "intake") -> Complaint:
    """A complaint of Kukar brought to ``state`` through the services."""
    complaint = make_complaint(personas, actor=actor)
    if state == "ADUAN_MASUK":
        return complaint
    if state == "IDENTIFIKASI":
        return complaint_take(actor=personas[actor], complaint=complaint)
    if state == "DARURAT":
        complaint = triaged(personas, complaint, actor=actor, risk_level="TINGGI", risk_criteria=["NYAWA_TERANCAM"])
        return complaint_decide(actor=personas[actor], complaint=complaint, decision=Decision.EMERGENCY)
    complaint = triaged(personas, complaint, actor=actor)
    decision = {"PENJANGKAUAN": Decision.OUTREACH, "DITUTUP_TANPA_KASUS": Decision.CLOSE}[state]
    reason = "BUKAN_KASUS" if decision == Decision.CLOSE else ""
    return complaint_decide(actor=personas[actor], complaint=complaint, decision=decision, close_reason=reason)
