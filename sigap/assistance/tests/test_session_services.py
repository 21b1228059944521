"""Session services: plan, held (with the plan service moving on), not held, cancel, reschedule; guards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_user
from sigap.accounts.models import Role
from sigap.assistance.models.session import AccompanimentSession, NotHeldReason, SessionKind, SessionStatus
from sigap.assistance.services.session import (
    SessionHeldData,
    session_cancel,
    session_plan,
    session_record_held,
    session_record_not_held,
    session_reschedule,
)
from sigap.assistance.tests.factories import plan_data, session_case
from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseState
from sigap.cases.models.plan import PlanItemStatus
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.timeline import case_timeline

pytestmark = pytest.mark.django_db


def _held(session: AccompanimentSession, **kwargs: Any) -> SessionHeldData:
    now = timezone.now()
    values: dict[str, Any] = {
        "actual_start": now - dt.timedelta(hours=2),
        "actual_end": now - dt.timedelta(hours=1),
        "victim_present": True,
    }
    values.update(kwargs)
    return SessionHeldData(**values)


def test_it_plans_a_session_with_its_service_code_an_audit_event_and_a_timeline_line(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist], item=sc.item))
    assert session.status == SessionStatus.PLANNED and session.service_code == "PSIKOLOGIS"
    assert list(session.experts_present.all()) == [sc.psychologist]
    event = AuditEvent.objects.filter(object_id=str(sc.case.pk), changed_fields=["sessions"]).get()
    assert event.new_values["sessions"]["event"] == "planned"
    assert "Session planned: Counselling." in [entry.text for entry in case_timeline(sc.case)]


def test_other_kind_takes_the_service_of_its_plan_item(personas: Any) -> None:
    sc = session_case(personas)
    alone = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(kind=SessionKind.OTHER))
    delivering = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(kind=SessionKind.OTHER, item=sc.item))
    assert (alone.service_code, delivering.service_code) == ("", "PSIKOLOGIS")


@pytest.mark.parametrize("item_status", ["", PlanItemStatus.IN_PROGRESS, PlanItemStatus.DONE])
def test_a_held_session_moves_its_plan_service_only_when_the_expert_says_so(personas: Any, item_status: str) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(item=sc.item, hours_from_now=-3))
    held = session_record_held(actor=sc.psychologist, session=session, data=_held(session, item_status=item_status))
    sc.item.refresh_from_db()
    assert held.status == SessionStatus.HELD and held.duration == dt.timedelta(hours=1)
    assert sc.item.status == (item_status or PlanItemStatus.PLANNED)


def test_a_session_in_the_future_cannot_be_recorded_as_held(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    later = timezone.now() + dt.timedelta(hours=5)
    with pytest.raises(TransitionRefused, match="in the future"):
        session_record_held(
            actor=sc.psychologist,
            session=session,
            data=_held(session, actual_start=later, actual_end=later + dt.timedelta(hours=1)),
        )


def test_not_held_needs_a_reason_and_other_needs_words(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    with pytest.raises(TransitionRefused):
        session_record_not_held(actor=sc.psychologist, session=session, reason="")
    with pytest.raises(TransitionRefused, match="in words"):
        session_record_not_held(actor=sc.psychologist, session=session, reason=NotHeldReason.OTHER)
    row = session_record_not_held(actor=sc.psychologist, session=session, reason=NotHeldReason.VICTIM_ABSENT)
    assert (row.status, row.not_held_reason) == (SessionStatus.NOT_HELD, NotHeldReason.VICTIM_ABSENT)
    with pytest.raises(TransitionRefused, match="already has its outcome"):
        session_cancel(actor=sc.psychologist, session=row, note="Too late.")


def test_cancel_needs_a_reason_and_the_session_stays(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    with pytest.raises(TransitionRefused):
        session_cancel(actor=sc.psychologist, session=session, note=" ")
    session_cancel(actor=personas["case_manager"], session=session, note="No longer needed.")
    assert AccompanimentSession.objects.get(pk=session.pk).status == SessionStatus.CANCELLED


def test_reschedule_keeps_the_old_slot_in_the_history(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
    start = session.planned_start + dt.timedelta(days=2)
    new = session_reschedule(
        actor=sc.psychologist, session=session, planned_start=start, planned_end=start + dt.timedelta(hours=1)
    )
    old = AccompanimentSession.objects.get(pk=session.pk)
    assert (old.status, old.not_held_reason, old.rescheduled_to_id) == (
        SessionStatus.NOT_HELD,
        NotHeldReason.RESCHEDULED,
        new.pk,
    )
    assert new.planned_start == start and list(new.experts_present.all()) == [sc.psychologist]
    assert old.planned_start == session.planned_start


def test_a_closed_case_refuses_new_sessions(personas: Any) -> None:
    sc = session_case(personas)
    sc.case.state = CaseState.TERMINASI
    sc.case.save(update_fields=["state"])
    with pytest.raises(TransitionRefused, match="closed case"):
        session_plan(actor=personas["head"], case=sc.case, data=plan_data())


def test_an_expert_off_the_team_records_nothing_and_is_not_named_present(personas: Any) -> None:
    sc = session_case(personas)
    outsider = make_user("outsider_expert", personas.kukar, Role.EXPERT)
    with pytest.raises(TransitionRefused, match="member of the case team"):
        session_plan(actor=outsider, case=sc.case, data=plan_data())
    with pytest.raises(TransitionRefused, match="Only experts on the case team"):
        session_plan(actor=personas["case_manager"], case=sc.case, data=plan_data(experts=[outsider]))
    with pytest.raises(TransitionRefused, match="member of the case team"):
        session_plan(actor=personas["other_head"], case=sc.case, data=plan_data())


def test_the_plan_item_must_be_an_open_service_of_the_approved_plan(personas: Any) -> None:
    sc = session_case(personas)
    sc.item.status = PlanItemStatus.DONE
    sc.item.save(update_fields=["status"])
    with pytest.raises(TransitionRefused, match="not finished"):
        session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(item=sc.item))
