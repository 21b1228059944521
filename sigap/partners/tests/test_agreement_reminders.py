"""Reminders of a cooperation agreement that ends (frozen clock): 60 then 30 days before, to the HEAD; the
30-day item replaces the 60-day one; a renewal closes them as done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from sigap.partners.models import Partner
from sigap.partners.reminders import kind_key
from sigap.partners.services import agreement_add
from sigap.work.models import WorkItem
from sigap.work.scheduler import work_items_tick

WITA = dt.timezone(dt.timedelta(hours=8))
UNTIL = dt.date(2027, 6, 30)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=WITA)


def _items() -> set[tuple[str, str, str]]:
    rows = WorkItem.objects.filter(kind__startswith="partner_agreement_")
    return set(rows.values_list("responsible__username", "kind", "state"))


def test_60_then_30_days_before_to_the_head_and_a_renewal_closes(personas: Any) -> None:
    partner = Partner.objects.filter(unit=personas.kukar).first()
    with time_machine.travel(_at(dt.date(2027, 1, 4)), tick=False):
        agreement = agreement_add(
            actor=personas["head"], partner=partner, kind="MOU", number="MOU 7/2025", valid_from=dt.date(2025, 7, 1),
            valid_until=UNTIL,
        )  # fmt: skip
    with time_machine.travel(_at(UNTIL - dt.timedelta(days=61)), tick=False):
        work_items_tick()
    assert _items() == set()
    with time_machine.travel(_at(UNTIL - dt.timedelta(days=60)), tick=False):
        work_items_tick()
    assert _items() == {("head", kind_key(60), "OPEN")}
    assert WorkItem.objects.get().title_key == "MOU-MOU-7/2025"
    with time_machine.travel(_at(UNTIL - dt.timedelta(days=30)), tick=False):
        work_items_tick()
    assert _items() == {("head", kind_key(60), "CANCELLED"), ("head", kind_key(30), "OPEN")}
    with time_machine.travel(_at(UNTIL - dt.timedelta(days=20)), tick=False):
        agreement_add(
            actor=personas["head"], partner=partner, kind="MOU", number="MOU 8/2027", valid_from=UNTIL,
            valid_until=dt.date(2030, 6, 30),
        )  # fmt: skip
    assert _items() == {("head", kind_key(60), "CANCELLED"), ("head", kind_key(30), "DONE")}
    assert agreement.pk
