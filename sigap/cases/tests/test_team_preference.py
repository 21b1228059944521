"""The victim's same-sex preference for experts: set by the HEAD only, audited, open cases only."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.team import case_expert_preference_set
from sigap.cases.tests.factories import make_case
from sigap.cases.timeline.case import case_timeline


def _events(case: Any) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(object_id=str(case.pk)).order_by("seq")
    return [e for e in events if "same_sex_expert_preferred" in e.changed_fields]


def test_the_head_sets_and_clears_it_with_an_event_each_time(personas: Any) -> None:
    case = make_case(personas)
    case = case_expert_preference_set(actor=personas["head"], case=case, preferred=True)
    assert case.same_sex_expert_preferred
    case_expert_preference_set(actor=personas["head"], case=case, preferred=True)  # no change: no event
    case = case_expert_preference_set(actor=personas["head"], case=case, preferred=False)
    assert not case.same_sex_expert_preferred
    events = _events(case)
    assert [(e.action, e.old_values, e.new_values) for e in events] == [
        ("UPDATE", {"same_sex_expert_preferred": False}, {"same_sex_expert_preferred": True}),
        ("UPDATE", {"same_sex_expert_preferred": True}, {"same_sex_expert_preferred": False}),
    ]
    assert events[0].actor == personas["head"]


def test_the_timeline_says_what_changed(personas: Any) -> None:
    case = make_case(personas)
    case = case_expert_preference_set(actor=personas["head"], case=case, preferred=True)
    case = case_expert_preference_set(actor=personas["head"], case=case, preferred=False)
    texts = [str(entry.text) for entry in case_timeline(case)]
    assert "The victim prefers an expert of the same sex." in texts
    assert "Preference for an expert of the same sex removed." in texts
    assert "Case changed." not in texts


@pytest.mark.parametrize("actor", ["case_manager", "expert", "other_head", "admin"])
def test_nobody_else_sets_it(personas: Any, actor: str) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        case_expert_preference_set(actor=personas[actor], case=case, preferred=True)
    case.refresh_from_db()
    assert not case.same_sex_expert_preferred


def test_a_closed_case_is_not_changed(personas: Any) -> None:
    case = make_case(personas)
    case = case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        case_expert_preference_set(actor=personas["head"], case=case, preferred=True)
