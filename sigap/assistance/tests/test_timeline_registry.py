"""The case timeline has one registry of lines for the apps above the case file (#12)."""

from __future__ import annotations

from sigap.assistance.timeline import register_timeline, session_event_text
from sigap.audit.models import AuditEvent
from sigap.cases.timeline.case import TIMELINE_TEXT_HOOKS, FieldLine


def test_registering_again_adds_nothing() -> None:
    before = list(TIMELINE_TEXT_HOOKS)
    register_timeline()
    register_timeline()
    assert before == TIMELINE_TEXT_HOOKS
    assert FieldLine("sessions", session_event_text) in TIMELINE_TEXT_HOOKS


def test_a_field_line_answers_only_for_its_own_field() -> None:
    line = FieldLine("sessions", lambda values: f"session {values.get('event')}")
    assert line(AuditEvent(changed_fields=["sessions"], new_values={"sessions": {"event": "held"}})) == "session held"
    assert line(AuditEvent(changed_fields=["legal"], new_values={"legal": {"event": "held"}})) is None
    assert line(AuditEvent(changed_fields=["sessions"], new_values={})) == "session None"
