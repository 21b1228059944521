"""Data classification of work items and notifications (DATA-01; see sigap.core.classification).

Work items hold ids, codes, times and a reference number (``title_key`` accepts only a case or ticket
number, never a name); notifications hold codes only and build their text when shown.
"""

from __future__ import annotations

from sigap.core.classification import Entry, Level

_WORK_ITEM_FIELDS = [
    "id",
    "unit",
    "kind",
    "title_key",
    "responsible",
    "content_type",
    "object_id",
    "state",
    "due_at",
    "remind_at",
    "created_at",
    "reminded_at",
    "missed_at",
    "escalated_at",
    "done_at",
    "cancelled_at",
    "closed_by",
]
_NOTIFICATION_FIELDS = ["id", "recipient", "unit", "kind", "work_item", "created_at", "read_at", "mailed_at"]

CLASSIFICATION: dict[str, dict[str, Entry]] = {
    "WorkItem": dict.fromkeys(_WORK_ITEM_FIELDS, Level.INTERNAL),
    "Notification": dict.fromkeys(_NOTIFICATION_FIELDS, Level.INTERNAL),
}
