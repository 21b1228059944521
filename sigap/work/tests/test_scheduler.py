"""work_items_tick: reminders before due, misses at due, escalation to the HEAD, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from sigap.accounts.models import Membership, Role
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import TickResult, work_items_tick
from sigap.work.services import work_item_cancel, work_item_done
from sigap.work.tests.conftest import FOLLOW_UP, QUIET, make_target, open_item

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA


def _kinds(**filters: object) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(**filters).values_list("kind", "recipient__username")  # type: ignore[arg-type]
    )


@time_machine.travel(T0, tick=False)
def test_it_reminds_before_due_once(personas):
    item = open_item(personas, due_at=T0 + timedelta(hours=3))
    assert work_items_tick(now=T0) == TickResult()

    at_reminder = T0 + timedelta(hours=2)
    result = work_items_tick(now=at_reminder)
    assert (result.reminded, result.missed, result.escalated) == (1, 0, 0)
    item.refresh_from_db()
    assert item.reminded_at == at_reminder
    assert item.state == WorkItem.State.OPEN
    assert _kinds() == [("REMINDER", "case_manager")]

    assert work_items_tick(now=at_reminder + timedelta(minutes=1)) == TickResult()
    assert Notification.objects.count() == 1


@time_machine.travel(T0, tick=False)
def test_it_marks_missed_and_escalates_to_the_head_of_the_unit_only(personas):
    item = open_item(personas, due_at=T0 + timedelta(minutes=5))
    after_due = T0 + timedelta(minutes=6)
    result = work_items_tick(now=after_due)
    # The reminder window had passed unseen (the item was opened 5 minutes before due): no late reminder.
    assert (result.reminded, result.missed, result.escalated) == (0, 1, 1)
    item.refresh_from_db()
    assert item.state == WorkItem.State.MISSED
    assert item.missed_at == after_due
    assert item.escalated_at == after_due
    assert _kinds() == [("ESCALATED", "head"), ("MISSED", "case_manager")]


@time_machine.travel(T0, tick=False)
def test_running_twice_in_the_same_minute_does_nothing_new(personas, mailoutbox):
    open_item(personas, due_at=T0 + timedelta(minutes=30))
    open_item(personas, due_at=T0 + timedelta(hours=2), target=make_target())
    now = T0 + timedelta(hours=1, seconds=10)
    first = work_items_tick(now=now)
    assert (first.reminded, first.missed, first.escalated) == (1, 1, 1)
    notifications, mails = Notification.objects.count(), len(mailoutbox)
    assert work_items_tick(now=now) == TickResult()
    assert work_items_tick(now=now + timedelta(seconds=40)) == TickResult()
    assert Notification.objects.count() == notifications
    assert len(mailoutbox) == mails


@time_machine.travel(T0, tick=False)
@pytest.mark.parametrize("close", [work_item_done, work_item_cancel])
def test_done_or_cancelled_items_are_never_reminded_nor_missed(personas, close):
    target = make_target()
    item = open_item(personas, due_at=T0 + timedelta(hours=2), target=target)
    assert close(target=target, kind=FOLLOW_UP, by=personas["case_manager"]) == 1
    assert work_items_tick(now=T0 + timedelta(hours=1, minutes=30)) == TickResult()
    assert work_items_tick(now=T0 + timedelta(hours=3)) == TickResult()
    item.refresh_from_db()
    assert item.state in {WorkItem.State.DONE, WorkItem.State.CANCELLED}
    assert item.closed_by == personas["case_manager"]
    assert Notification.objects.count() == 0


@time_machine.travel(T0, tick=False)
def test_a_missed_item_done_late_leaves_the_head_list_but_keeps_its_miss(personas):
    target = make_target()
    item = open_item(personas, due_at=T0 + timedelta(minutes=1), target=target)
    work_items_tick(now=T0 + timedelta(minutes=2))
    assert work_item_done(target=target, kind=FOLLOW_UP) == 1
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    assert item.missed_at is not None and item.done_at is not None
    assert work_item_done(target=target, kind=FOLLOW_UP) == 0


@time_machine.travel(T0, tick=False)
def test_it_escalates_once_a_head_is_appointed(personas):
    Membership.objects.filter(unit=personas.kukar, role=Role.HEAD).update(is_active=False)
    item = open_item(personas, due_at=T0 + timedelta(minutes=1))
    result = work_items_tick(now=T0 + timedelta(minutes=2))
    assert (result.missed, result.escalated) == (1, 0)
    item.refresh_from_db()
    assert item.escalated_at is None
    assert work_items_tick(now=T0 + timedelta(minutes=3)).escalated == 0

    Membership.objects.filter(unit=personas.kukar, role=Role.HEAD).update(is_active=True)
    assert work_items_tick(now=T0 + timedelta(minutes=4)).escalated == 1
    assert _kinds(kind="ESCALATED") == [("ESCALATED", "head")]


@time_machine.travel(T0, tick=False)
def test_a_head_responsible_for_a_missed_item_gets_one_notification(personas):
    open_item(personas, due_at=T0 + timedelta(minutes=1), responsible="head")
    result = work_items_tick(now=T0 + timedelta(minutes=2))
    assert (result.missed, result.escalated) == (1, 1)
    assert _kinds() == [("MISSED", "head")]


@time_machine.travel(T0, tick=False)
def test_kinds_without_escalation_are_only_missed(personas):
    item = open_item(personas, due_at=T0 + timedelta(minutes=1), kind=QUIET)
    result = work_items_tick(now=T0 + timedelta(minutes=2))
    assert (result.missed, result.escalated) == (1, 0)
    item.refresh_from_db()
    assert item.escalated_at is None
    assert _kinds() == [("MISSED", "case_manager")]


@time_machine.travel(T0, tick=False)
def test_items_of_a_kind_this_process_does_not_know_still_escalate(personas):
    item = open_item(personas, due_at=T0 + timedelta(minutes=1))
    WorkItem.objects.filter(pk=item.pk).update(kind="test_dropped_kind")
    result = work_items_tick(now=T0 + timedelta(minutes=2))
    assert (result.missed, result.escalated) == (1, 1)


@time_machine.travel(T0, tick=False)
def test_it_handles_more_items_than_one_batch(personas, monkeypatch):
    monkeypatch.setattr("sigap.work.scheduler.BATCH_SIZE", 2)
    for _ in range(5):
        open_item(personas, due_at=T0 + timedelta(minutes=1))
    result = work_items_tick(now=T0 + timedelta(minutes=2))
    assert (result.missed, result.escalated) == (5, 5)
    assert WorkItem.objects.filter(state=WorkItem.State.MISSED, escalated_at__isnull=False).count() == 5


def test_it_refuses_a_naive_time(db):
    with pytest.raises(ValueError):
        work_items_tick(now=datetime(2026, 3, 2, 10, 0))


def test_hourly_jobs_of_higher_apps_run_on_the_hour_and_one_failing_stops_no_other(personas, monkeypatch):
    from sigap.work import scheduler

    calls: list[datetime] = []

    def broken(*, now: datetime) -> int:
        raise RuntimeError("bad row")

    def counting(*, now: datetime) -> int:
        calls.append(now)
        return 2

    monkeypatch.setattr(scheduler, "_HOURLY_STEPS", {"broken": broken, "counting": counting})
    work_items_tick(now=T0 + timedelta(minutes=1))
    assert calls == []
    result = work_items_tick(now=T0)
    assert calls == [T0] and result.hourly == 2
