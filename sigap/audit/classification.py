"""Data classification of the audit tables (DATA-01; see sigap.core.classification).

The trail holds ids, codes and field names. Old/new values are non-personal by construction
(``audit_diff`` keeps values of non-personal fields only). The client IP and browser of staff are
personal but must stay readable and hashable for the auditor, as in the security-event log.
"""

from __future__ import annotations

from sigap.core.classification import Entry, Level, plaintext

_ORIGIN = "Client IP and browser of staff: evidence of who accessed a record; read by the auditor only."
_REASON = (
    "Staff-written justification of an emergency access or override; must stay readable and hash-chained "
    "for the auditor. The form asks for a reason, not for names."
)

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "AuditEvent": {
        "id": Level.INTERNAL,
        "chain": Level.INTERNAL,
        "seq": Level.INTERNAL,
        "created_at": Level.INTERNAL,
        "actor": Level.INTERNAL,
        "actor_role": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "action": Level.INTERNAL,
        "object_type": Level.INTERNAL,
        "object_id": Level.INTERNAL,
        "changed_fields": Level.INTERNAL,
        "old_values": Level.INTERNAL,
        "new_values": Level.INTERNAL,
        "request_id": Level.INTERNAL,
        "ip_address": plaintext(Level.PERSONAL, _ORIGIN),
        "user_agent": plaintext(Level.PERSONAL, _ORIGIN),
        "reason": plaintext(Level.PERSONAL, _REASON),
        "prev_hash": Level.INTERNAL,
        "hash": Level.INTERNAL,
    },
    "AuditChainHead": {
        "id": Level.INTERNAL,
        "chain": Level.INTERNAL,
        "last_seq": Level.INTERNAL,
        "last_hash": Level.INTERNAL,
        "updated_at": Level.INTERNAL,
    },
}
