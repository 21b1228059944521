"""Data classification of the services delivered (DATA-01); see sigap.core.classification."""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_SERVICE_REASON = "Service code of a held session: the SIMFONI service counts group by it; it names no one."

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "AccompanimentSession": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "case": Level.INTERNAL,
        "plan_item": Level.INTERNAL,
        "kind": plaintext(Level.SPECIFIC, _SERVICE_REASON + " The kind decides the notes' field group."),
        "service_code": plaintext(Level.SPECIFIC, _SERVICE_REASON),
        "status": Level.INTERNAL,
        "planned_start": Level.INTERNAL,
        "planned_end": Level.INTERNAL,
        "actual_start": Level.INTERNAL,
        "actual_end": Level.INTERNAL,
        "place": Level.INTERNAL,
        "place_detail": Level.SPECIFIC,
        "experts_present": Level.INTERNAL,
        "staff_present": Level.INTERNAL,
        "victim_present": Level.INTERNAL,
        "companion_present": Level.INTERNAL,
        "companion_who": Level.PERSONAL,
        "not_held_reason": Level.INTERNAL,
        "status_note": Level.SPECIFIC,
        "outcome_summary": Level.SPECIFIC,
        "next_step": Level.SPECIFIC,
        "notes": Level.SPECIFIC,
        "notes_group": Level.INTERNAL,
        "notes_author": Level.INTERNAL,
        "override_rules": Level.INTERNAL,
        "override_reason": Level.SPECIFIC,
        "override_by": Level.INTERNAL,
        "rescheduled_to": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "created_by": Level.INTERNAL,
        "recorded_at": Level.INTERNAL,
        "recorded_by": Level.INTERNAL,
    },
}
