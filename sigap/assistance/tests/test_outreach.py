"""Outreach visits (issue #12): the intake decision plans the visit and its clock; record and cancel close it;
the complaint returns to identification; a case sees its complaint's visits; refusals; scope; timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.kinds import OUTREACH_VISIT
from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.assistance.selectors.outreach import case_visits, visits_visible_to
from sigap.assistance.services.outreach import (
    OutreachPlanData,
    OutreachRecordData,
    outreach_cancel,
    outreach_plan,
    outreach_record,
)
from sigap.assistance.tests.outreach_steps import case_visit, complaint_in_outreach, record
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import make_case
from sigap.cases.timeline.case import case_timeline
from sigap.intake.models import ComplaintState, Decision
from sigap.intake.services.decision import complaint_decide
from sigap.work.kinds import get_kind
from sigap.work.models import WorkItem

pytestmark = pytest.mark.django_db


def _item(visit: OutreachVisit) -> WorkItem:
    return WorkItem.objects.get(kind=OUTREACH_VISIT, object_id=str(visit.pk))


def test_the_outreach_decision_plans_the_visit_and_its_12_hour_clock(personas: Any) -> None:
    before = timezone.now()
    complaint, visit = complaint_in_outreach(personas)
    assert complaint.state == ComplaintState.PENJANGKAUAN
    assert visit.status == OutreachStatus.PLANNED and visit.unit_id == complaint.unit_id
    assert list(visit.team.all()) == [personas["intake"]]
    assert visit.reason == "CANNOT_COME"  # the victim reported, medium risk
    item = _item(visit)
    assert item.state == WorkItem.State.OPEN and item.responsible == personas["intake"]
    assert before + dt.timedelta(hours=12) <= item.due_at <= timezone.now() + dt.timedelta(hours=12)
    assert item.title_key == complaint.number
    assert "12" in str(get_kind(OUTREACH_VISIT).label)
    assert item.target_url() == reverse("assistance:visit_detail", args=[visit.pk])


def test_recording_the_visit_closes_its_clock_and_returns_the_complaint_to_identification(personas: Any) -> None:
    complaint, visit = complaint_in_outreach(personas)
    done = record(personas, visit)
    assert done.status == OutreachStatus.DONE and done.follow_up == "CASE_TO_OPEN"
    assert _item(visit).state == WorkItem.State.DONE
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.IDENTIFIKASI
    events = AuditEvent.objects.filter(object_type="intake.complaint", object_id=str(complaint.pk)).order_by("seq")
    assert [e.new_values["outreach"]["event"] for e in events if "outreach" in (e.changed_fields or [])] == [
        "planned",
        "done",
    ]
    # Stored encrypted: the database never holds the result in clear.
    with connection.cursor() as cursor:
        cursor.execute("SELECT result, address_detail FROM assistance_outreachvisit WHERE id = %s", [visit.pk.hex])
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert "sister" not in stored and "mosque" not in stored
    with pytest.raises(TransitionRefused):
        record(personas, visit)  # already recorded


def test_a_second_planned_visit_keeps_the_complaint_in_outreach(personas: Any) -> None:
    complaint, visit = complaint_in_outreach(personas)
    second = outreach_plan(
        actor=personas["head"],
        complaint=complaint,
        data=OutreachPlanData(planned_at=timezone.now(), reason="RISK", team=[personas["head"]]),
    )
    assert _item(second).responsible == personas["head"]
    record(personas, visit)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.PENJANGKAUAN


def test_cancel_needs_a_reason_and_cancels_the_clock(personas: Any) -> None:
    _complaint, visit = complaint_in_outreach(personas)
    with pytest.raises(TransitionRefused):
        outreach_cancel(actor=personas["intake"], visit=visit, reason="  ")
    outreach_cancel(actor=personas["intake"], visit=visit, reason="The family moved to Samarinda.")
    visit.refresh_from_db()
    assert visit.status == OutreachStatus.CANCELLED and visit.cancel_reason == "The family moved to Samarinda."
    assert _item(visit).state == WorkItem.State.CANCELLED


def test_refusals_say_why(personas: Any) -> None:
    complaint, visit = complaint_in_outreach(personas)
    now = timezone.now()
    with pytest.raises(TransitionRefused, match="front-line"):
        outreach_plan(
            actor=personas["intake"],
            complaint=complaint,
            data=OutreachPlanData(planned_at=now, reason="RISK", team=[personas["data_officer"]]),
        )
    with pytest.raises(TransitionRefused, match="at least one"):
        outreach_plan(actor=personas["intake"], complaint=complaint, data=OutreachPlanData(now, "RISK"))
    with pytest.raises(TransitionRefused, match="reason"):
        outreach_plan(
            actor=personas["intake"], complaint=complaint, data=OutreachPlanData(now, "NOPE", [personas["intake"]])
        )
    with pytest.raises(TransitionRefused, match="intake officers"):
        outreach_plan(
            actor=personas["other_head"],
            complaint=complaint,
            data=OutreachPlanData(now, "RISK", [personas["other_head"]]),
        )
    future = OutreachRecordData(
        done_at=now + dt.timedelta(hours=2), result="x", follow_up="OTHER", team=[personas["intake"]]
    )
    with pytest.raises(TransitionRefused, match="future"):
        outreach_record(actor=personas["intake"], visit=visit, data=future)
    blank = OutreachRecordData(done_at=now, result=" ", follow_up="OTHER", team=[personas["intake"]])
    with pytest.raises(TransitionRefused, match="result"):
        outreach_record(actor=personas["intake"], visit=visit, data=blank)
    with pytest.raises(TransitionRefused, match="intake officers"):
        record(personas, visit, actor="case_manager")  # no case yet: not hers
    assert OutreachVisit.objects.get(pk=visit.pk).status == OutreachStatus.PLANNED


def test_a_case_sees_the_visits_of_its_complaint_and_its_own(personas: Any) -> None:
    complaint, visit = complaint_in_outreach(personas)
    record(personas, visit)
    complaint.refresh_from_db()
    complaint = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    case = Case.objects.get(pk=complaint.case_id)
    from sigap.cases.models import TeamRole
    from sigap.cases.services.team import case_team_assign

    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    own = case_visit(personas, case)
    assert {v.pk for v in case_visits(case)} == {visit.pk, own.pk}
    assert set(visits_visible_to(personas["case_manager"]).values_list("pk", flat=True)) == {visit.pk, own.pk}
    assert not visits_visible_to(personas["other_head"]).exists()
    assert not visits_visible_to(personas["expert"]).exists()  # not on this case's team
    texts = [e.text for e in case_timeline(case)]
    assert "Outreach visit planned: The victim cannot come to the unit." in texts


def test_a_case_visit_belongs_to_the_case_team(personas: Any) -> None:
    case = make_case(personas)
    visit = case_visit(personas, case)
    assert _item(visit).title_key == case.number
    with pytest.raises(TransitionRefused):
        case_visit(personas, case, actor="intake")  # not on the team
    with pytest.raises(TransitionRefused, match="front-line|case team"):
        outreach_plan(
            actor=personas["case_manager"],
            case=case,
            data=OutreachPlanData(timezone.now(), "RISK", [personas["intake"]]),  # not on the case team
        )
    done = record(personas, visit, actor="case_manager", follow_up="REFER")
    texts = [e.text for e in case_timeline(case)]
    assert "Outreach visit done; what follows: Referred to another service." in texts
    assert done.status == OutreachStatus.DONE


def test_outreach_done_on_the_complaint_cancels_the_visits_still_planned(personas: Any) -> None:
    from sigap.intake.services.decision import complaint_outreach_done

    complaint, visit = complaint_in_outreach(personas)
    second = outreach_plan(
        actor=personas["head"],
        complaint=complaint,
        data=OutreachPlanData(planned_at=timezone.now(), reason="RISK", team=[personas["head"]]),
    )
    record(personas, visit)  # the second one keeps the complaint in outreach
    complaint_outreach_done(actor=personas["intake"], complaint=complaint)
    second.refresh_from_db()
    assert second.status == OutreachStatus.CANCELLED
    assert second.cancel_reason == "outreach ended on the complaint"
    assert second.closed_by == personas["intake"]
    assert _item(second).state == WorkItem.State.CANCELLED
    assert OutreachVisit.objects.get(pk=visit.pk).status == OutreachStatus.DONE  # a done visit stays done
    events = AuditEvent.objects.filter(object_type="intake.complaint", object_id=str(complaint.pk)).order_by("seq")
    outreach = [e.new_values["outreach"] for e in events if "outreach" in (e.changed_fields or [])]
    assert outreach[-1] == {**outreach[-1], "visit": str(second.pk), "event": "cancelled"}
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.IDENTIFIKASI
