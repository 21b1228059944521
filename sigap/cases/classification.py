"""Data classification of the case file (DATA-01); see sigap.core.classification."""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_CATEGORY_REASON = "Filters, counts and the SIMFONI export need it in SQL; it names no one (identities are encrypted)."
_DEMOGRAPHIC_REASON = "A code for SIMFONI aggregates (GROUP BY); identifies no one without the encrypted name and NIK."

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "CaseNumberCounter": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "year": Level.INTERNAL,
        "last_value": Level.INTERNAL,
    },
    "Case": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "number": Level.INTERNAL,
        "year": Level.INTERNAL,
        "sequence": Level.INTERNAL,
        "state": Level.INTERNAL,
        "category": plaintext(Level.SPECIFIC, _CATEGORY_REASON),
        "category_subtype": plaintext(Level.SPECIFIC, _CATEGORY_REASON),
        "risk_level": Level.INTERNAL,
        "restricted": Level.INTERNAL,
        "complaint_ref": Level.INTERNAL,
        "opened_at": Level.INTERNAL,
        "opened_by": Level.INTERNAL,
        "closure_requested_at": Level.INTERNAL,
        "closure_requested_by": Level.INTERNAL,
        "closure_reason": Level.INTERNAL,
        "closure_summary": Level.SPECIFIC,
        "closed_at": Level.INTERNAL,
        "closed_by": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "CaseStateChange": {
        "id": Level.INTERNAL,
        "case": Level.INTERNAL,
        "from_state": Level.INTERNAL,
        "to_state": Level.INTERNAL,
        "reason": Level.INTERNAL,
        "changed_at": Level.INTERNAL,
        "changed_by": Level.INTERNAL,
    },
    "CaseTeamMember": {
        "id": Level.INTERNAL,
        "case": Level.INTERNAL,
        "user": Level.INTERNAL,
        "team_role": Level.INTERNAL,
        "is_active": Level.INTERNAL,
        "assigned_at": Level.INTERNAL,
        "assigned_by": Level.INTERNAL,
        "ended_at": Level.INTERNAL,
        "ended_by": Level.INTERNAL,
    },
    "BreakGlassGrant": {
        "id": Level.INTERNAL,
        "case": Level.INTERNAL,
        "user": Level.INTERNAL,
        "reason": Level.SPECIFIC,
        "granted_at": Level.INTERNAL,
        "expires_at": Level.INTERNAL,
        "reviewed_at": Level.INTERNAL,
        "reviewed_by": Level.INTERNAL,
    },
    "Person": {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "name": Level.PERSONAL,
        "sex": plaintext(Level.PERSONAL, _DEMOGRAPHIC_REASON),
        "birth_date": Level.PERSONAL,
        "birth_year": plaintext(
            Level.PERSONAL, "Age groups at the incident date (SIMFONI) and child checks; year only."
        ),
        "age_estimated": Level.INTERNAL,
        "nik": Level.PERSONAL,
        "nik_index": Level.PERSONAL,
        "phone": Level.PERSONAL,
        "phone_index": Level.PERSONAL,
        "address": Level.PERSONAL,
        "village": plaintext(Level.PERSONAL, "Village code for regional aggregates; the address line is encrypted."),
        "education": plaintext(Level.PERSONAL, _DEMOGRAPHIC_REASON),
        "occupation": plaintext(Level.PERSONAL, _DEMOGRAPHIC_REASON),
        "disabilities": Level.SPECIFIC,
        "marital_status": plaintext(Level.PERSONAL, _DEMOGRAPHIC_REASON),
        "nationality": plaintext(Level.PERSONAL, _DEMOGRAPHIC_REASON),
        "created_at": Level.INTERNAL,
        "created_by": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "PersonNameToken": {
        "id": Level.INTERNAL,
        "owner": Level.INTERNAL,
        "token": Level.PERSONAL,
        "token_year": Level.PERSONAL,
    },
    "CasePerson": {
        "id": Level.INTERNAL,
        "case": Level.INTERNAL,
        "person": Level.INTERNAL,
        "role": Level.INTERNAL,
        "relationship": plaintext(Level.SPECIFIC, "Perpetrator's relationship code, counted in SIMFONI recaps."),
        "added_at": Level.INTERNAL,
        "added_by": Level.INTERNAL,
    },
    "CaseNote": {
        "id": Level.INTERNAL,
        "case": Level.INTERNAL,
        "author": Level.INTERNAL,
        "confidentiality": Level.INTERNAL,
        "body": Level.SPECIFIC,
        "created_at": Level.INTERNAL,
    },
}


def safe_fields(model_name: str) -> frozenset[str]:
    """Field names whose values may go into the audit trail (non-personal ones)."""
    return frozenset(
        name
        for name, entry in CLASSIFICATION[model_name].items()
        if not hasattr(entry, "reason") and entry in (Level.PUBLIC, Level.INTERNAL)
    )
