"""The hash of an audit event: SHA-256 over a canonical JSON of its fields and the previous hash.

Canonical means: keys sorted, no whitespace, UTF-8, times in UTC with microseconds, ids as numbers.
Changing this function breaks every stored chain: add a new version instead of editing it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_payload(
    *,
    chain: str,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_role: str,
    unit_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    changed_fields: list[str],
    old_values: dict[str, Any],
    new_values: dict[str, Any],
    request_id: str,
    ip_address: str,
    user_agent: str,
    reason: str,
    prev_hash: str,
) -> dict[str, Any]:
    """The fields covered by the hash, in the shape they are hashed."""
    return {
        "v": 1,
        "chain": chain,
        "seq": seq,
        "created_at": _utc(created_at),
        "actor": actor_id,
        "actor_role": actor_role,
        "unit": unit_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changed_fields": list(changed_fields),
        "old": old_values,
        "new": new_values,
        "request_id": request_id,
        "ip": ip_address,
        "user_agent": user_agent,
        "reason": reason,
        "prev_hash": prev_hash,
    }


def payload_hash(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def event_hash(event: Any) -> str:
    """Recompute the hash of a stored ``AuditEvent`` (used by verification)."""
    return payload_hash(
        event_payload(
            chain=event.chain,
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_role=event.actor_role,
            unit_id=event.unit_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            changed_fields=event.changed_fields,
            old_values=event.old_values,
            new_values=event.new_values,
            request_id=event.request_id,
            ip_address=event.ip_address,
            user_agent=event.user_agent,
            reason=event.reason,
            prev_hash=event.prev_hash,
        )
    )
