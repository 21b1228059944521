"""The state machine: every transition, its guards, who may do it, closure approval and reopen."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.audit.models import AuditEvent
from sigap.cases.kinds import CLOSURE_APPROVAL
from sigap.cases.models import Case, CaseState, CaseStateChange
from sigap.cases.rules import guards
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_approve_closure, case_reject_closure, case_reopen, case_request_closure
from sigap.cases.services.lifecycle import (
    case_revise,
    case_start_assessment,
    case_start_intervention,
    case_start_monitoring,
    case_start_planning,
)
from sigap.cases.tests.casework_steps import finish_plan_items, record_services_consent, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.work.models import WorkItem


def _to_monitoring(case: Case, actor: Any) -> Case:
    # Consent, assessment and an approved plan are done on the way (the casework guards).
    case = walk_to(case, CaseState.PEMANTAUAN, actor=actor)
    finish_plan_items(case)
    return case


def test_it_walks_the_whole_chain(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager = personas["case_manager"]
    case = _to_monitoring(case, manager)
    assert case.state == CaseState.PEMANTAUAN
    states = list(CaseStateChange.objects.filter(case=case).values_list("to_state", flat=True))
    assert states == [
        CaseState.KASUS_DIBUKA,
        CaseState.ASESMEN,
        CaseState.RENCANA_INTERVENSI,
        CaseState.INTERVENSI,
        CaseState.PEMANTAUAN,
    ]
    updates = AuditEvent.objects.filter(object_id=str(case.pk), action="UPDATE")
    states_audited = [e.new_values["state"] for e in updates.order_by("seq") if "state" in e.changed_fields]
    assert states_audited == states[1:]


def test_assessment_needs_a_case_manager_and_a_victim(personas: Any) -> None:
    case = make_case(personas, manager=None, victim=None)
    with pytest.raises(TransitionRefused) as refused:
        case_start_assessment(actor=personas["head"], case=case)
    assert "Assign a case manager first." in refused.value.messages
    assert "Record the victim first." in refused.value.messages
    case.refresh_from_db()
    assert case.state == CaseState.KASUS_DIBUKA


def test_it_refuses_a_step_from_the_wrong_state(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    for step in (case_start_planning, case_start_intervention, case_start_monitoring):
        with pytest.raises(TransitionRefused):
            step(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        case_reopen(actor=personas["head"], case=case, reason="RELAPSE", note="x")


def test_experts_and_outsiders_cannot_move_a_case(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    for name in ("expert", "intake", "other_head", "other_case_manager"):
        with pytest.raises(TransitionRefused):
            case_start_assessment(actor=personas[name], case=case)


def test_a_plugged_in_guard_refuses(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    record_services_consent(case)  # the casework guard is satisfied; only the test guard refuses

    def no_consent(c: Case) -> str | None:
        return "Record the consent first."

    guards.register_guard(guards.START_ASSESSMENT, no_consent)
    try:
        with pytest.raises(TransitionRefused) as refused:
            case_start_assessment(actor=personas["head"], case=case)
        assert refused.value.messages == ["Record the consent first."]
    finally:
        guards.unregister_guard(guards.START_ASSESSMENT, no_consent)
    assert case_start_assessment(actor=personas["head"], case=case).state == CaseState.ASESMEN


def test_unknown_transition_cannot_get_a_guard() -> None:
    with pytest.raises(KeyError):
        guards.register_guard("teleport", lambda c: None)


def test_monitoring_can_go_back(personas: Any) -> None:
    case = _to_monitoring(make_case(personas, victim=victim_data()), personas["case_manager"])
    with pytest.raises(TransitionRefused):  # a step back needs its reason in words
        case_revise(actor=personas["case_manager"], case=case, to_state=CaseState.RENCANA_INTERVENSI, note=" ")
    case = case_revise(actor=personas["case_manager"], case=case, to_state=CaseState.RENCANA_INTERVENSI, note="New.")
    assert case.state == CaseState.RENCANA_INTERVENSI
    with pytest.raises(TransitionRefused):
        case_revise(actor=personas["case_manager"], case=case, to_state=CaseState.ASESMEN, note="x")  # not monitoring
    with pytest.raises(TransitionRefused):
        case_revise(actor=personas["case_manager"], case=case, to_state=CaseState.TERMINASI, note="x")


def test_closure_needs_reason_summary_and_head_approval(personas: Any) -> None:
    case = _to_monitoring(make_case(personas, victim=victim_data()), personas["case_manager"])
    manager, head = personas["case_manager"], personas["head"]
    with pytest.raises(TransitionRefused):
        case_request_closure(actor=manager, case=case, reason="NOT_A_REASON", summary="Done.")
    with pytest.raises(TransitionRefused):
        case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="   ")
    with pytest.raises(TransitionRefused):
        case_request_closure(actor=personas["expert"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Goals met.")
    assert case.closure_pending and case.state == CaseState.PEMANTAUAN
    item = WorkItem.objects.get(kind=CLOSURE_APPROVAL, object_id=str(case.pk))
    assert item.responsible == head and item.state == WorkItem.State.OPEN
    assert item.title_key == case.number and item.kind_spec.approval
    assert item.target_url() == f"/kasus/{case.pk}/"
    with pytest.raises(TransitionRefused):
        case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Again.")
    with pytest.raises(TransitionRefused):
        case_approve_closure(actor=manager, case=case)  # HEAD only
    case = case_approve_closure(actor=head, case=case)
    assert case.state == CaseState.TERMINASI and case.closed_by == head and case.closed_at is not None
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    last = CaseStateChange.objects.filter(case=case).last()
    assert last is not None and last.reason == "TUJUAN_TERCAPAI"
    # The summary is stored encrypted and never in the audit trail.
    assert "Goals met." not in str(list(AuditEvent.objects.values_list("new_values", "old_values")))


def test_the_head_can_send_a_closure_back(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    case = case_request_closure(
        actor=personas["case_manager"], case=case, reason="TIDAK_DAPAT_DIHUBUNGI", summary="Unreachable."
    )
    with pytest.raises(TransitionRefused):
        case_reject_closure(actor=personas["case_manager"], case=case, comment="Try again.")
    with pytest.raises(TransitionRefused):  # like a plan return: the comment is required
        case_reject_closure(actor=personas["head"], case=case, comment="")
    case = case_reject_closure(actor=personas["head"], case=case, comment="Try again.")
    assert not case.closure_pending and case.closure_summary == "" and case.state == CaseState.KASUS_DIBUKA
    assert WorkItem.objects.get(kind=CLOSURE_APPROVAL).state == WorkItem.State.CANCELLED
    with pytest.raises(TransitionRefused):
        case_approve_closure(actor=personas["head"], case=case)


def test_reopen_returns_to_assessment_and_keeps_history(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    case = case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        case_reopen(actor=personas["case_manager"], case=case, reason="BORED", note="x")
    with pytest.raises(TransitionRefused):
        case_reopen(actor=personas["expert"], case=case, reason="RELAPSE", note="x")
    with pytest.raises(TransitionRefused):
        case_reopen(actor=personas["case_manager"], case=case, reason="RELAPSE", note="")
    case = case_reopen(actor=personas["case_manager"], case=case, reason="NEW_INCIDENT", note="Hit again.")
    assert case.state == CaseState.ASESMEN and case.closed_at is None and not case.closure_pending
    reasons = list(CaseStateChange.objects.filter(case=case).values_list("to_state", "reason"))
    assert reasons[-2:] == [(CaseState.TERMINASI, "TUJUAN_TERCAPAI"), (CaseState.ASESMEN, "NEW_INCIDENT")]
    # A reopened case can be closed again.
    case = case_request_closure(actor=personas["case_manager"], case=case, reason="TUJUAN_TERCAPAI", summary="Ok.")
    assert case_approve_closure(actor=personas["head"], case=case).state == CaseState.TERMINASI
