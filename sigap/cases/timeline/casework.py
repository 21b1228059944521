"""Timeline lines of the casework events (incidents, consent, assessment, plan): codes and ids only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.models.consent import ConsentScope
from sigap.cases.models.plan import AssessmentArea, PlanItemStatus


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _incident(values: dict[str, Any]) -> str:
    return _("Incident recorded.") if values.get("event") == "recorded" else _("Incident changed.")


def _consent(values: dict[str, Any]) -> str:
    scope = _label(ConsentScope, values.get("scope"))
    if values.get("withdrawn"):
        return _("Consent withdrawn: %(scope)s.") % {"scope": scope}
    if values.get("given_by") == "HEAD_OVERRIDE":
        return _("Best-interest decision of the head recorded: %(scope)s.") % {"scope": scope}
    return _("Consent recorded: %(scope)s.") % {"scope": scope}


def _assessment(values: dict[str, Any]) -> str:
    event, area = values.get("event"), _label(AssessmentArea, values.get("area"))
    texts = {
        "started": _("Assessment %(version)s started.") % {"version": values.get("version", "")},
        "assigned": _("Assessment section assigned: %(area)s.") % {"area": area},
        "written": _("Assessment section written: %(area)s.") % {"area": area},
        "completed": _("Assessment completed; risk re-rated."),
    }
    return texts.get(str(event), _("Assessment changed."))


def _plan(values: dict[str, Any]) -> str:
    texts = {
        "drafted": _("Intervention plan %(version)s drafted.") % {"version": values.get("version", "")},
        "changed": _("Intervention plan changed."),
        "item_added": _("Service added to the plan."),
        "item_removed": _("Service removed from the plan."),
        "submitted": _("Intervention plan sent for approval."),
        "approved": _("Intervention plan approved by the head of the unit."),
        "returned": _("Intervention plan returned for changes by the head of the unit."),
        "item_status": _("Plan service updated: %(status)s.")
        % {"status": _label(PlanItemStatus, values.get("status"))},
    }
    return texts.get(str(values.get("event")), _("Intervention plan changed."))


_TEXTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "incidents": _incident,
    "consents": _consent,
    "assessment": _assessment,
    "plan": _plan,
}


def casework_event_text(fields: set[str], new: dict[str, Any]) -> str | None:
    """The line for a casework event on the case (incidents, consents, assessment, plan), or None.

    Apps above the case file add their lines through ``timeline.case.timeline_text_register`` (one registry).
    """
    for name, text in _TEXTS.items():
        if name in fields:
            values = new.get(name)
            return text(values if isinstance(values, dict) else {})
    return None
