"""Data classification of the experts app (DATA-01); see sigap.core.classification."""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_SEX_REASON = (
    "A staff member's sex, not a client's: the team page ranks experts of the same sex as the victim in SQL "
    "(domain.md §E5, same-sex availability), which an encrypted column cannot do."
)

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "ExpertProfile": {
        "id": Level.INTERNAL,
        "user": Level.INTERNAL,
        "unit": Level.INTERNAL,
        # The job of a staff member, like Membership.role: operational, shown to the unit.
        "profession": Level.INTERNAL,
        "sex": plaintext(Level.PERSONAL, _SEX_REASON),
        "available": Level.INTERNAL,
        "notes": Level.PERSONAL,
        "created_at": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
    "Credential": {
        "id": Level.INTERNAL,
        "profile": Level.INTERNAL,
        "kind": Level.INTERNAL,
        "number": Level.PERSONAL,  # identifies the expert: encrypted, never in the audit trail or logs
        "issuer": Level.INTERNAL,  # a public body or association
        "valid_from": Level.INTERNAL,
        "valid_until": Level.INTERNAL,
        "recorded_at": Level.INTERNAL,
        "recorded_by": Level.INTERNAL,
        "ended_at": Level.INTERNAL,
        "ended_by": Level.INTERNAL,
        "end_reason": Level.INTERNAL,
        "to_confirm": Level.INTERNAL,
    },
}
