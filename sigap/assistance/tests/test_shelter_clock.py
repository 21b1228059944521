"""The 14-day limit of a shelter stay (domain.md §D1) with a frozen clock: opened at admission, the warning
(reminder) on day 10, the escalation to the HEAD on day 14, done at discharge; the label names the rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.assistance.kinds import SHELTER_LIMIT
from sigap.assistance.models.shelter import OnwardPlacement
from sigap.assistance.rules.shelter import day_level, stay_day
from sigap.assistance.services.shelter import shelter_discharge
from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter
from sigap.work.kinds import get_kind
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.django_db
WITA = dt.timezone(dt.timedelta(hours=8))
ADMITTED = dt.datetime(2026, 11, 23, 15, 30, tzinfo=WITA)  # Monday afternoon, day 1


def _tick(item: WorkItem, at: dt.datetime) -> WorkItem:
    work_items_tick(now=at)
    item.refresh_from_db()
    return item


def test_the_limit_warns_on_day_10_escalates_on_day_14_and_closes_at_discharge(personas: Any) -> None:
    with time_machine.travel(ADMITTED, tick=False):
        beds = shelter(personas)
        stay = admit(personas, placed_case(personas), beds.women[0], child_bed=beds.family[0])
    item = WorkItem.objects.get(kind=SHELTER_LIMIT, object_id=str(stay.pk))
    assert "14" in str(get_kind(SHELTER_LIMIT).label) and "Permen PPPA 2/2022" in str(get_kind(SHELTER_LIMIT).label)
    assert item.responsible == personas["case_manager"]
    assert item.target_url() == reverse("assistance:shelter_stay_go", args=[stay.pk])
    # Day 14 (6 December) at 09:00 WITA; the warning on day 10 (2 December) at 09:00.
    assert item.due_at == dt.datetime(2026, 12, 6, 9, 0, tzinfo=WITA)
    day10 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=WITA)
    assert _tick(item, day10 - dt.timedelta(minutes=1)).reminded_at is None
    assert _tick(item, day10).reminded_at is not None
    assert Notification.objects.filter(work_item=item, kind=Notification.Kind.REMINDER).exists()
    assert _tick(item, item.due_at - dt.timedelta(minutes=1)).escalated_at is None
    item = _tick(item, item.due_at + dt.timedelta(minutes=1))
    assert item.state == WorkItem.State.MISSED and item.escalated_at is not None
    assert Notification.objects.filter(
        work_item=item, kind=Notification.Kind.ESCALATED, recipient=personas["head"]
    ).exists()
    with time_machine.travel(item.due_at + dt.timedelta(hours=3), tick=False):
        shelter_discharge(actor=personas["case_manager"], stay=stay, onward=OnwardPlacement.SAFE_HOUSE)
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE and item.missed_at is not None


def test_a_stay_discharged_before_day_10_is_never_warned(personas: Any) -> None:
    with time_machine.travel(ADMITTED, tick=False):
        stay = admit(personas, placed_case(personas), shelter(personas).women[0])
    with time_machine.travel(ADMITTED + dt.timedelta(days=3), tick=False):
        shelter_discharge(actor=personas["head"], stay=stay, onward=OnwardPlacement.FAMILY)
    item = WorkItem.objects.get(kind=SHELTER_LIMIT, object_id=str(stay.pk))
    item = _tick(item, dt.datetime(2026, 12, 7, tzinfo=WITA))
    assert item.state == WorkItem.State.DONE and item.reminded_at is None and item.escalated_at is None


@pytest.mark.parametrize(("day", "level"), [(1, "ok"), (9, "ok"), (10, "warning"), (14, "warning"), (15, "over")])
def test_the_board_level_of_a_day(day: int, level: str) -> None:
    today = ADMITTED.date() + dt.timedelta(days=day - 1)
    assert stay_day(ADMITTED, today, WITA) == day  # type: ignore[arg-type]
    assert day_level(day) == level
