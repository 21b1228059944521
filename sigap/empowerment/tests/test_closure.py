"""Closing as "goals achieved": refused while an empowerment programme is open or the victim is not independent,
allowed once the goals are met or after the HEAD's recorded override; other reasons are not concerned."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseState
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.tests import casework_steps as steps
from sigap.empowerment.services.closure import goals_override_record
from sigap.empowerment.services.programme import programme_add, programme_update
from sigap.empowerment.tests.factories import monitored_case, reached, record, scheduled


def _request(personas: Any, case: Any, reason: str = "TUJUAN_TERCAPAI") -> Any:
    return case_request_closure(actor=personas["case_manager"], case=case, reason=reason, summary="Done.")


def _with_capital(personas: Any) -> tuple[Any, Any]:
    case = monitored_case(personas)
    steps.finish_plan_items(case)
    programme = programme_add(actor=personas["case_manager"], case=case, kind="CAPITAL", notes="BAZNAS.")
    return case, programme


def test_goals_achieved_refused_while_a_programme_is_open(personas: Any) -> None:
    case, _programme = _with_capital(personas)
    with pytest.raises(ValidationError) as refused:
        _request(personas, case)
    assert "programme" in " ".join(refused.value.messages)
    # Another reason is not concerned.
    assert _request(personas, case, "DIHENTIKAN_PENERIMA_MANFAAT").closure_pending


def test_goals_achieved_needs_an_independent_outcome_and_goals_met(personas: Any) -> None:
    case, programme = _with_capital(personas)
    programme_update(actor=personas["case_manager"], programme=programme, status="DONE")
    with pytest.raises(ValidationError):
        _request(personas, case)  # no indicators yet
    rows = scheduled(case)
    record(personas, case, reached(independent=True, goals="PARTLY"), follow_up=rows[0])
    with pytest.raises(ValidationError):
        _request(personas, case)  # goals not met
    record(personas, case, reached(independent=True, goals="MET"), follow_up=rows[1])
    case = _request(personas, case)
    case = case_approve_closure(actor=personas["head"], case=case)
    assert case.state == CaseState.TERMINASI


def test_the_heads_override_lets_it_close_and_is_audited(personas: Any) -> None:
    case, _programme = _with_capital(personas)
    with pytest.raises(ValidationError):
        goals_override_record(actor=personas["case_manager"], case=case, reason="Moved on.")
    with pytest.raises(ValidationError):
        goals_override_record(actor=personas["head"], case=case, reason="   ")
    goals_override_record(actor=personas["head"], case=case, reason="Capital came from her family instead.")
    events = [
        e
        for e in AuditEvent.objects.filter(object_id=str(case.pk)).order_by("seq")
        if "empowerment" in e.changed_fields
    ]
    assert events[-1].new_values["empowerment"]["event"] == "override"
    assert "family" not in str(events[-1].new_values)  # the reason stays out of the trail
    case = case_approve_closure(actor=personas["head"], case=_request(personas, case))
    assert case.state == CaseState.TERMINASI


def test_a_case_without_empowerment_closes_as_before(personas: Any) -> None:
    case = monitored_case(personas)
    steps.finish_plan_items(case)
    assert _request(personas, case).closure_pending
