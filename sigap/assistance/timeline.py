"""The case timeline's lines of attachment, session, legal, mediation, health and outreach events
(registered in ``AssistanceConfig.ready``).

Built from the codes the services put in the audit event: never the outcome, the notes or a file's name.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.assistance.models.attachment import DocumentKind, OwnerKind
from sigap.assistance.models.legal import LegalStage, VictimRight
from sigap.assistance.models.mediation import MediationMatter, MediationStatus
from sigap.assistance.models.outreach import OutreachFollowUp, OutreachReason
from sigap.assistance.models.session import NotHeldReason, SessionKind
from sigap.assistance.models.shelter import OnwardPlacement
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
    owner = change.get("owner_kind")
    if owner and owner != OwnerKind.CASE:
        # Which record it went to (a session, a hearing, a mediation): a code, never the record's content.
        return _("Attachment added to a record (%(record)s): %(kind)s.") % {
            "record": _label(OwnerKind, owner),
            "kind": _kind(change.get("kind")),
        }
    return _("Attachment added: %(kind)s.") % {"kind": _kind(change.get("kind"))}


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def session_event_text(values: dict[str, Any]) -> str:
    kind = _label(SessionKind, values.get("kind"))
    texts = {
        "planned": _("Session planned: %(kind)s."),
        "held": _("Session held: %(kind)s."),
        "not_held": _("Session not held: %(kind)s (%(reason)s)."),
        "cancelled": _("Session cancelled: %(kind)s."),
        "rescheduled": _("Session rescheduled: %(kind)s."),
        # Never the answer: the timeline is read by the whole team, the expert included.
        "feedback": _("Feedback on the session recorded: %(kind)s."),
    }
    text = texts.get(str(values.get("event")), _("Session changed: %(kind)s.")) % {
        "kind": kind,
        "reason": _label(NotHeldReason, values.get("reason")),
    }
    if values.get("override"):
        text += " " + _("A credential rule was overridden by the head of the unit (reason recorded).")
    return text


def legal_event_text(values: dict[str, Any]) -> str:
    """The line of a legal-process event: the stage reached, a hearing, a right ticked (never the facts)."""
    stage = _label(LegalStage, values.get("stage"))
    event = values.get("event")
    if event == "right":
        return _("Victim's right updated: %(right)s.") % {"right": _label(VictimRight, values.get("right"))}
    texts = {
        "started": _("Legal-process track started for a perpetrator."),
        "stage": _("Legal process: stage %(stage)s."),
        "updated": _("Legal process: details of the stage %(stage)s corrected."),
        "hearing": _("Legal process: hearing recorded."),
    }
    return texts.get(str(event), _("Legal process changed.")) % {"stage": stage}


def mediation_event_text(values: dict[str, Any]) -> str:
    texts = {
        "opened": _("Mediation opened: %(matter)s."),
        "session": _("Mediation session recorded."),
        "outcome": _("Mediation outcome: %(status)s."),
        "follow_up": _("Follow-up of the mediation agreement planned."),
        "checked": _("Follow-up of the mediation agreement checked."),
    }
    return texts.get(str(values.get("event")), _("Mediation changed.")) % {
        "matter": _label(MediationMatter, values.get("matter")),
        "status": _label(MediationStatus, values.get("status")),
    }


def health_event_text(values: dict[str, Any]) -> str:
    if values.get("event") == "referred":
        return _("Referred to a health facility.")
    if values.get("report"):
        return _("Visum report received.")
    return _("Visum dates recorded.")


def outreach_event_text(values: dict[str, Any]) -> str:
    """The line of an outreach visit: planned (why), done (what follows) or cancelled; never where or what was found."""
    texts = {
        "planned": _("Outreach visit planned: %(reason)s."),
        "done": _("Outreach visit done; what follows: %(follow_up)s."),
        "cancelled": _("Outreach visit cancelled."),
    }
    return texts.get(str(values.get("event")), _("Outreach visit changed.")) % {
        "reason": _label(OutreachReason, values.get("reason")),
        "follow_up": _label(OutreachFollowUp, values.get("follow_up")),
    }


def shelter_event_text(values: dict[str, Any]) -> str:
    """The line of an admission or a discharge: how many persons, the onward placement (never the shelter's
    address, nor its name: the timeline is read by the whole team)."""
    if values.get("event") == "discharged":
        return _("Discharged from the temporary shelter to: %(onward)s.") % {
            "onward": _label(OnwardPlacement, values.get("onward"))
        }
    if values.get("event") == "admitted":
        children = int(values.get("persons") or 1) - 1
        if children > 0:
            return ngettext(
                "Admitted to a temporary shelter with %(n)d child.",
                "Admitted to a temporary shelter with %(n)d children.",
                children,
            ) % {"n": children}
        return _("Admitted to a temporary shelter.")
    return _("Temporary shelter changed.")


def register_timeline() -> None:
    """The case timeline's lines of this app's events (``sigap.cases`` stands below and cannot import it)."""
    from sigap.cases.timeline.case import FieldLine, timeline_text_register

    timeline_text_register(attachment_event_text)
    for name, text in (
        ("sessions", session_event_text),
        ("legal", legal_event_text),
        ("mediation", mediation_event_text),
        ("health", health_event_text),
        ("outreach", outreach_event_text),
        ("shelter", shelter_event_text),
    ):
        timeline_text_register(FieldLine(name, text))
