"""Data classification of the complaints app (DATA-01); see sigap.core.classification."""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_CATEGORY_REASON = "Queue filters and counts need it in SQL; it names no one (identities are encrypted)."

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "IntakeSettings": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "high_risk_minutes": Level.INTERNAL,
        "medium_risk_hours": Level.INTERNAL,
        "low_risk_working_days": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "Complaint": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "number": Level.INTERNAL,
        "year": Level.INTERNAL,
        "sequence": Level.INTERNAL,
        "channel": Level.INTERNAL,
        "received_at": Level.INTERNAL,
        "recorded_by": Level.INTERNAL,
        "handler": Level.INTERNAL,
        "state": Level.INTERNAL,
        "reporter_type": Level.INTERNAL,
        "reporter_name": Level.PERSONAL,
        "reporter_phone": Level.PERSONAL,
        "reporter_relationship": Level.PERSONAL,
        "contact_consent": Level.INTERNAL,
        "contact_instructions": Level.SPECIFIC,
        "contact_calls": Level.INTERNAL,  # a choice code (may we phone?); the instructions are encrypted
        "people": Level.SPECIFIC,
        "account": Level.SPECIFIC,
        "risk_level": Level.INTERNAL,
        "risk_criteria": Level.SPECIFIC,
        "risk_note": Level.SPECIFIC,
        "category": plaintext(Level.SPECIFIC, _CATEGORY_REASON),
        "category_subtype": plaintext(Level.SPECIFIC, _CATEGORY_REASON),
        "jurisdiction": Level.INTERNAL,
        "transfer_to": Level.SPECIFIC,
        "first_response_at": Level.INTERNAL,
        "first_response_by": Level.INTERNAL,
        "response_due_at": Level.INTERNAL,
        "decision": Level.INTERNAL,
        "close_reason": Level.INTERNAL,
        "decision_note": Level.SPECIFIC,
        "decided_at": Level.INTERNAL,
        "decided_by": Level.INTERNAL,
        "case_id": Level.INTERNAL,
        "case_number": Level.INTERNAL,
        "tracking_code": Level.PERSONAL,
        "tracking_index": Level.PERSONAL,
        "submission_digest": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "ComplaintStateChange": {
        "id": Level.INTERNAL,
        "complaint": Level.INTERNAL,
        "from_state": Level.INTERNAL,
        "to_state": Level.INTERNAL,
        "changed_at": Level.INTERNAL,
        "changed_by": Level.INTERNAL,
    },
    "ContactAttempt": {
        "id": Level.INTERNAL,
        "complaint": Level.INTERNAL,
        "attempted_at": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "note": Level.SPECIFIC,  # where the person was looked for, who answered the door
        "recorded_by": Level.INTERNAL,
        "recorded_at": Level.INTERNAL,
    },
}


def safe_fields(model_name: str) -> frozenset[str]:
    """Field names whose values may go into the audit trail (public and internal ones only)."""
    return frozenset(
        name for name, entry in CLASSIFICATION[model_name].items() if entry in (Level.PUBLIC, Level.INTERNAL)
    )
