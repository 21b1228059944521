"""Recording follow-ups: indicator history kept, a relapse reopening the case to assessment with a new incident
(one step), a post-closure follow-up without reopening, and "could not be reached" three times."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sigap.cases.models import CaseState, CaseStateChange, Incident
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.tests import casework_steps as steps
from sigap.empowerment.kinds import FOLLOW_UP_DUE, NOT_REACHED
from sigap.empowerment.models import FollowUp, FollowUpStatus, OutcomeRecord
from sigap.empowerment.services.follow_up import suggest_independent
from sigap.empowerment.services.schedule import follow_up_items_open
from sigap.empowerment.tests.factories import (
    monitored_case,
    new_incident,
    not_reached,
    reached,
    record,
    scheduled,
)
from sigap.work.models import WorkItem


def test_indicator_history_is_kept(personas: Any) -> None:
    case = monitored_case(personas)
    first, second = scheduled(case)[:2]
    record(personas, case, reached(income="NONE"), follow_up=first)
    record(personas, case, reached(income="FROM_1M", independent=True), follow_up=second)
    rows = list(OutcomeRecord.objects.filter(case=case).order_by("recorded_at"))
    assert [(r.income_band, r.independent) for r in rows] == [("NONE", False), ("FROM_1M", True)]
    assert [r.suggested_independent for r in rows] == [False, True]
    first.refresh_from_db()
    assert first.status == FollowUpStatus.DONE and first.recorded_by == personas["case_manager"]


def test_recording_closes_the_follow_ups_task(personas: Any) -> None:
    case = monitored_case(personas)
    first = scheduled(case)[0]
    FollowUp.objects.filter(pk=first.pk).update(due_on=first.due_on.replace(year=first.due_on.year - 1))
    assert follow_up_items_open() == 1
    record(personas, case, reached(), follow_up=first)
    assert WorkItem.objects.get(kind=FOLLOW_UP_DUE).state == "DONE"
    with pytest.raises(ValidationError):
        record(personas, case, reached(), follow_up=first)  # already recorded


def test_relapse_records_an_incident_and_takes_the_case_back_to_assessment(personas: Any) -> None:
    case = monitored_case(personas)
    before = Incident.objects.filter(case=case).count()
    follow_up = record(
        personas, case, reached(new_violence=True), follow_up=scheduled(case)[0], incident=new_incident(case)
    )
    case.refresh_from_db()
    assert case.state == CaseState.ASESMEN
    assert Incident.objects.filter(case=case).count() == before + 1
    assert follow_up.incident is not None and follow_up.new_violence
    last = CaseStateChange.objects.filter(case=case).order_by("-changed_at").first()
    assert last is not None and (last.from_state, last.to_state) == (CaseState.PEMANTAUAN, CaseState.ASESMEN)
    # The rest of the schedule is cancelled with the monitoring it belonged to.
    assert not scheduled(case)


def test_a_refused_incident_records_nothing(personas: Any) -> None:
    case = monitored_case(personas)
    bad = new_incident(case)
    bad.violence_types = []
    with pytest.raises(ValidationError):
        record(personas, case, reached(new_violence=True), follow_up=scheduled(case)[0], incident=bad)
    case.refresh_from_db()
    assert case.state == CaseState.PEMANTAUAN
    assert len(scheduled(case)) == 4 and not OutcomeRecord.objects.filter(case=case).exists()


def _closed(personas: Any) -> Any:
    case = monitored_case(personas)
    steps.finish_plan_items(case)
    case = case_request_closure(actor=personas["case_manager"], case=case, reason="RUJUKAN_TUNTAS", summary="Done.")
    return case_approve_closure(actor=personas["head"], case=case)


def test_post_closure_follow_up_keeps_the_case_closed(personas: Any) -> None:
    case = _closed(personas)
    assert not scheduled(case)  # closing cancelled the schedule
    follow_up = record(personas, case, reached(independent=True))
    case.refresh_from_db()
    assert case.state == CaseState.TERMINASI
    assert follow_up.post_closure and follow_up.sequence is None
    assert OutcomeRecord.objects.filter(case=case, follow_up=follow_up).exists()


def test_new_violence_after_closure_reopens_the_case(personas: Any) -> None:
    case = _closed(personas)
    record(personas, case, reached(new_violence=True), incident=new_incident(case))
    case.refresh_from_db()
    assert case.state == CaseState.ASESMEN
    last = CaseStateChange.objects.filter(case=case).order_by("-changed_at").first()
    assert last is not None and last.reason == "NEW_INCIDENT"


def test_three_times_not_reached_flags_the_head(personas: Any) -> None:
    case = monitored_case(personas)
    rows = scheduled(case)
    record(personas, case, not_reached(), follow_up=rows[0])
    record(personas, case, not_reached(), follow_up=rows[1])
    assert not WorkItem.objects.filter(kind=NOT_REACHED).exists()
    record(personas, case, not_reached(), follow_up=rows[2])
    item = WorkItem.objects.get(kind=NOT_REACHED)
    assert item.responsible == personas["head"] and item.object_id == str(case.pk)


def test_only_the_manager_or_head_records(personas: Any) -> None:
    case = monitored_case(personas)
    from sigap.empowerment.services.follow_up import follow_up_record

    with pytest.raises(ValidationError):
        follow_up_record(actor=personas["expert"], case=case, data=reached(), follow_up=scheduled(case)[0])


def test_suggestion_rule() -> None:
    assert suggest_independent(income_band="UNDER_1M", documents_complete=True)
    assert not suggest_independent(income_band="NONE", documents_complete=True)
    assert not suggest_independent(income_band="FROM_3M", documents_complete=False)
