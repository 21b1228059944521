"""The case timeline's lines of session events (registered with ``sigap.cases.timeline`` in ``ready()``).

Built from the codes the services put in the audit event: never the outcome or the notes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.assistance.models.session import NotHeldReason, SessionKind


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
    }
    text = texts.get(str(values.get("event")), _("Session changed: %(kind)s.")) % {
        "kind": kind,
        "reason": _label(NotHeldReason, values.get("reason")),
    }
    if values.get("override"):
        text += " " + _("A credential rule was overridden by the head of the unit (reason recorded).")
    return text


def register_timeline() -> None:
    from sigap.cases.timeline.casework import timeline_text_register

    timeline_text_register("sessions", session_event_text)
