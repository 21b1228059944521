"""The follow-up schedule: created when a case enters monitoring, its work items opened by the hourly step,
reminded, missed and escalated to the HEAD by the work scheduler, cancelled when the case leaves monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from sigap.cases.models import CaseState
from sigap.cases.services.lifecycle import case_revise
from sigap.empowerment.kinds import FOLLOW_UP_DUE
from sigap.empowerment.models import FollowUp, FollowUpStatus
from sigap.empowerment.services.schedule import add_months, follow_up_items_open
from sigap.empowerment.services.settings import empowerment_settings_save
from sigap.empowerment.tests.factories import monitored_case, scheduled
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 1, 31, 10, 0, tzinfo=WITA)


def test_add_months_falls_back_to_the_last_day() -> None:
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 1, 15), 12) == dt.date(2028, 1, 15)


@time_machine.travel(NOW, tick=False)
def test_entering_monitoring_schedules_1_3_6_12_months(personas: Any) -> None:
    case = monitored_case(personas)
    rows = scheduled(case)
    assert [(f.sequence, f.months_after, f.due_on) for f in rows] == [
        (1, 1, dt.date(2027, 2, 28)),
        (2, 3, dt.date(2027, 4, 30)),
        (3, 6, dt.date(2027, 7, 31)),
        (4, 12, dt.date(2028, 1, 31)),
    ]
    # Nothing is a task yet: the hourly step opens each one two weeks before its day.
    assert not WorkItem.objects.filter(kind=FOLLOW_UP_DUE).exists()


@time_machine.travel(NOW, tick=False)
def test_the_units_schedule_is_used(personas: Any) -> None:
    empowerment_settings_save(actor=personas["head"], schedule="2, 4", definition="")
    case = monitored_case(personas)
    assert [f.months_after for f in scheduled(case)] == [2, 4]


def test_follow_up_reminded_missed_and_escalated_to_the_head(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        case = monitored_case(personas)
    first = scheduled(case)[0]  # due 28 February 2027
    # 15 days before: nothing; 14 days before (14 February), the case manager's task (hourly step at minute 0).
    work_items_tick(now=dt.datetime(2027, 2, 13, 9, 0, tzinfo=WITA))
    assert not WorkItem.objects.filter(kind=FOLLOW_UP_DUE).exists()
    work_items_tick(now=dt.datetime(2027, 2, 14, 9, 0, tzinfo=WITA))
    item = WorkItem.objects.get(kind=FOLLOW_UP_DUE)
    assert (item.responsible, item.object_id, item.state) == (personas["case_manager"], str(first.pk), "OPEN")
    assert item.title_key == f"{case.number}-FU1"
    assert "1, 3, 6 and 12 months" in item.kind_label  # the rule is named
    assert item.due_at == dt.datetime(2027, 3, 7, 0, 0, tzinfo=WITA)
    assert follow_up_items_open(now=dt.datetime(2027, 2, 14, 10, 0, tzinfo=WITA)) == 0  # idempotent
    # Reminded on the day, missed and escalated to the HEAD a week after.
    work_items_tick(now=dt.datetime(2027, 2, 28, 9, 5, tzinfo=WITA))
    item.refresh_from_db()
    assert item.reminded_at is not None
    assert Notification.objects.filter(recipient=personas["case_manager"], kind=Notification.Kind.REMINDER).exists()
    work_items_tick(now=dt.datetime(2027, 3, 7, 0, 5, tzinfo=WITA))
    item.refresh_from_db()
    assert item.state == "MISSED" and item.escalated_at is not None
    assert Notification.objects.filter(recipient=personas["head"], kind=Notification.Kind.ESCALATED).exists()


def test_leaving_monitoring_cancels_the_schedule_and_its_tasks(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        case = monitored_case(personas)
    follow_up_items_open(now=dt.datetime(2027, 2, 20, 9, 0, tzinfo=WITA))
    assert WorkItem.objects.filter(kind=FOLLOW_UP_DUE, state="OPEN").count() == 1
    case_revise(actor=personas["case_manager"], case=case, to_state=CaseState.ASESMEN, note="Needs changed.")
    assert not FollowUp.objects.filter(case=case, status=FollowUpStatus.SCHEDULED).exists()
    assert FollowUp.objects.filter(case=case, status=FollowUpStatus.CANCELLED).count() == 4
    assert WorkItem.objects.get(kind=FOLLOW_UP_DUE).state == "CANCELLED"
