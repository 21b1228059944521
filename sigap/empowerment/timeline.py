"""The case timeline's lines of empowerment events (registered in ``EmpowermentConfig.ready``): built from the codes
the services put in the audit event, never from a written value."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.timeline.case import FieldLine
from sigap.empowerment.models import FollowUpMode, FollowUpStatus, ProgrammeKind, ProgrammeStatus


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def empowerment_text(values: dict[str, Any]) -> str:
    event = values.get("event")
    if event == "needs":
        return _("Household needs assessment updated.")
    if event == "programme":
        return _("Empowerment programme: %(kind)s, %(status)s.") % {
            "kind": _label(ProgrammeKind, values.get("kind")),
            "status": _label(ProgrammeStatus, values.get("status")).lower(),
        }
    if event == "programme_referred":
        return _("Empowerment programme: %(kind)s, referred to its partner (referral %(number)s).") % {
            "kind": _label(ProgrammeKind, values.get("kind")),
            "number": values.get("number", ""),
        }
    if event == "schedule":
        months = ", ".join(str(m) for m in values.get("months") or [])
        return _("Follow-ups scheduled (months after monitoring began: %(months)s).") % {"months": months}
    if event == "schedule_cancelled":
        return _("Scheduled follow-ups cancelled (the case left monitoring).")
    if event == "follow_up":
        text = _("Follow-up recorded (%(mode)s): %(status)s.") % {
            "mode": _label(FollowUpMode, values.get("mode")).lower(),
            "status": _label(FollowUpStatus, values.get("status")).lower(),
        }
        if values.get("post_closure"):
            text += " " + _("After closure.")
        if values.get("new_violence"):
            text += " " + _("New violence reported.")
        return text
    if event == "not_reached":
        return _("The victim could not be reached at three follow-ups in a row: the head of the unit decides.")
    if event == "override":
        return _("The head of the unit recorded why the case may close as “goals achieved” (the reason is with her).")
    return _("Empowerment changed.")


EMPOWERMENT_LINE = FieldLine("empowerment", empowerment_text)
