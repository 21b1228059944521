"""work_item_open / done / cancel / reassign and notification_mark_read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sigap.work.models import Notification, WorkItem
from sigap.work.services import (
    notification_mark_read,
    notification_send,
    work_item_cancel,
    work_item_done,
    work_item_open,
    work_item_reassign,
)
from sigap.work.tests.conftest import APPROVAL, FOLLOW_UP, make_target, open_item

DUE = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)


def test_it_opens_an_item_with_its_reminder_time(personas):
    target = make_target()
    item = open_item(personas, due_at=DUE, target=target)
    assert item.state == WorkItem.State.OPEN
    assert item.remind_at == DUE - timedelta(hours=1)
    assert item.target == target
    assert item.unit == personas.kukar
    assert item.kind_label == "Follow-up"


def test_kinds_without_a_lead_time_have_no_reminder(personas):
    assert open_item(personas, due_at=DUE, kind=APPROVAL, responsible="head").remind_at is None


def test_opening_twice_returns_the_open_item(personas):
    target = make_target()
    first = open_item(personas, due_at=DUE, target=target)
    second = open_item(personas, due_at=DUE + timedelta(days=1), target=target)
    assert second.pk == first.pk
    assert WorkItem.objects.count() == 1


def test_the_database_allows_one_open_item_per_target_and_kind(personas):
    item = open_item(personas, due_at=DUE)
    item.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_a_closed_item_does_not_block_a_new_obligation(personas):
    target = make_target()
    first = open_item(personas, due_at=DUE, target=target)
    work_item_done(target=target, kind=FOLLOW_UP)
    assert open_item(personas, due_at=DUE, target=target).pk != first.pk


@pytest.mark.parametrize(
    "change, error",
    [
        ({"kind": "no_such_kind"}, LookupError),
        ({"due_at": datetime(2026, 3, 4, 10, 0)}, ValueError),
        ({"title_key": "Siti Aminah"}, ValidationError),
        ({"title_key": ""}, ValidationError),
        ({"responsible": "other_case_manager"}, ValidationError),
        ({"responsible": "inactive"}, ValidationError),
    ],
)
def test_it_refuses_bad_input(personas, change, error):
    args = {
        "unit": personas.kukar,
        "kind": FOLLOW_UP,
        "target": make_target(),
        "due_at": DUE,
        "responsible": personas["case_manager"],
        "title_key": "PPA-KKR/2026/0001",
    }
    if "responsible" in change:
        change = {"responsible": personas[change["responsible"]]}
    with pytest.raises(error):
        work_item_open(**(args | change))
    assert WorkItem.objects.count() == 0


def test_an_unsaved_target_is_refused(personas):
    from sigap.accounts.models import User

    with pytest.raises(ValueError):
        open_item(personas, due_at=DUE, target=User(username="unsaved"))


def test_done_and_cancel_touch_only_that_target_and_kind(personas):
    target, other = make_target(), make_target()
    open_item(personas, due_at=DUE, target=target)
    open_item(personas, due_at=DUE, target=other)
    open_item(personas, due_at=DUE, target=target, kind=APPROVAL, responsible="head")
    assert work_item_done(target=target, kind=FOLLOW_UP) == 1
    assert work_item_cancel(target=target, kind=APPROVAL) == 1
    assert work_item_cancel(target=target, kind=APPROVAL) == 0
    states = dict(WorkItem.objects.values_list("object_id", "state").filter(kind=FOLLOW_UP))
    assert states == {str(target.pk): "DONE", str(other.pk): "OPEN"}


def test_reassign_moves_the_open_item_within_the_unit(personas):
    target = make_target()
    open_item(personas, due_at=DUE, target=target)
    item = work_item_reassign(target=target, kind=FOLLOW_UP, responsible=personas["expert"])
    assert item is not None and item.responsible == personas["expert"]
    with pytest.raises(ValidationError):
        work_item_reassign(target=target, kind=FOLLOW_UP, responsible=personas["other_case_manager"])
    assert work_item_reassign(target=make_target(), kind=FOLLOW_UP, responsible=personas["expert"]) is None


def test_notification_send_drops_duplicates_and_mark_read_is_scoped(personas):
    item = open_item(personas, due_at=DUE)
    me, head = personas["case_manager"].pk, personas["head"].pk
    sent = notification_send(kind="REMINDER", deliveries=[(item, me), (item, me), (item, head)])
    assert len(sent) == 2
    mine = Notification.objects.get(recipient_id=me)
    theirs = Notification.objects.get(recipient_id=head)
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=personas["case_manager"], notification_id=theirs.pk)
    assert notification_mark_read(user=personas["case_manager"], notification_id=mine.pk) == 1
    assert notification_mark_read(user=personas["case_manager"], notification_id=mine.pk) == 0
    assert notification_mark_read(user=personas["head"]) == 1
