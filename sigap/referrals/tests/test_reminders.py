"""Reminders of an unanswered referral with a frozen clock: nothing until the due day has passed (in the unit's
time zone), then a reminder to the case manager (the work item names the rule), missed and escalated to the
HEAD two days later; the partner's answer closes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from sigap.referrals.kinds import UNANSWERED
from sigap.referrals.services import referral_accept
from sigap.referrals.tests.steps import sent
from sigap.work.kinds import get_kind
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

WITA = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=WITA)  # Monday 1 March 2027, 09.00 WITA
DUE = dt.date(2027, 3, 5)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=WITA)


def _send(personas: Any) -> Any:
    with time_machine.travel(T0, tick=False):
        return sent(personas, response_due=DUE)


def test_reminded_after_the_due_day_then_escalated_to_the_head(personas: Any) -> None:
    referral = _send(personas)
    with time_machine.travel(_at(DUE, 23), tick=False):
        work_items_tick()  # the due day itself: the partner may still answer
    assert not WorkItem.objects.filter(kind=UNANSWERED).exists()
    with time_machine.travel(_at(DUE + dt.timedelta(days=1), 0), tick=False):
        work_items_tick()
    item = WorkItem.objects.get(kind=UNANSWERED)
    assert item.responsible == personas["case_manager"] and item.title_key == referral.number
    assert "has not answered a referral by its due date" in str(get_kind(UNANSWERED).label)
    assert Notification.objects.filter(work_item=item, kind="REMINDER", recipient=personas["case_manager"]).exists()
    with time_machine.travel(_at(DUE + dt.timedelta(days=1), 1), tick=False):
        work_items_tick()
    assert WorkItem.objects.filter(kind=UNANSWERED).count() == 1  # one per referral, never again
    with time_machine.travel(_at(DUE + dt.timedelta(days=3), 10), tick=False):
        work_items_tick()
    item.refresh_from_db()
    assert item.state == "MISSED" and item.escalated_at is not None
    assert Notification.objects.filter(work_item=item, kind="ESCALATED", recipient=personas["head"]).exists()


def test_the_partners_answer_closes_the_reminder(personas: Any) -> None:
    referral = _send(personas)
    with time_machine.travel(_at(DUE + dt.timedelta(days=1), 0), tick=False):
        work_items_tick()
        referral_accept(actor=personas["case_manager"], referral=referral)
    assert WorkItem.objects.get(kind=UNANSWERED).state == "DONE"


def test_an_answered_referral_is_not_reminded(personas: Any) -> None:
    referral = _send(personas)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        referral_accept(actor=personas["case_manager"], referral=referral)
    with time_machine.travel(_at(DUE + dt.timedelta(days=1), 0), tick=False):
        work_items_tick()
    assert not WorkItem.objects.filter(kind=UNANSWERED).exists()
