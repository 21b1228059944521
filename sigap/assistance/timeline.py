"""What the case timeline says of attachment events (registered in ``AssistanceConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.assistance.models.attachment import DocumentKind
from sigap.audit.models import AuditAction, AuditEvent


def _kind(value: Any) -> str:
    try:
        return str(DocumentKind(value).label)
    except ValueError:
        return str(value)


def attachment_event_text(event: AuditEvent) -> str | None:
    """The line of an upload, a removal or a download; None for any other event."""
    new = event.new_values or {}
    if event.action == AuditAction.DOWNLOAD and "attachment" in new:
        return _("Attachment downloaded: %(kind)s.") % {"kind": _kind(new.get("kind"))}
    if "attachments" not in (event.changed_fields or []):
        return None
    change = new.get("attachments") or {}
    if change.get("removed"):
        return _("Attachment removed: %(kind)s (the reason is with the head and the case manager).") % {
            "kind": _kind(change.get("kind"))
        }
    return _("Attachment added: %(kind)s.") % {"kind": _kind(change.get("kind"))}
