"""Response clocks by risk level (frozen clock), per-unit settings, and escalation by the work scheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import IntakeSettings
from sigap.intake.selectors import queue_counts
from sigap.intake.services.complaint import complaint_take
from sigap.intake.tests.factories import make_complaint
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.usefixtures("reference")

# Friday 27 November 2026, 15:00 WITA (07:00 UTC).
FRIDAY_3PM_WITA = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        ("TINGGI", FRIDAY_3PM_WITA + timedelta(hours=1)),
        ("SEDANG", FRIDAY_3PM_WITA + timedelta(hours=6)),
        # 3 working days from Friday 15:00 WITA: Wednesday 15:00 WITA.
        ("RENDAH", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
    ],
)
def test_the_clock_follows_the_risk_level(personas: Any, risk: str, expected: datetime) -> None:
    with time_machine.travel(FRIDAY_3PM_WITA, tick=False):
        complaint = make_complaint(personas, risk_level=risk)
    item = WorkItem.objects.get(kind=COMPLAINT_RESPONSE, object_id=str(complaint.pk))
    assert item.due_at == expected
    assert complaint.response_due_at == expected


def test_the_clock_starts_at_receipt_not_at_recording(personas: Any) -> None:
    with time_machine.travel(FRIDAY_3PM_WITA, tick=False):
        complaint = make_complaint(personas, risk_level="SEDANG", received_at=FRIDAY_3PM_WITA - timedelta(hours=2))
    assert complaint.response_due_at == FRIDAY_3PM_WITA + timedelta(hours=4)


def test_the_unit_settings_change_the_clocks(personas: Any) -> None:
    IntakeSettings.objects.create(
        unit=personas.kukar, high_risk_minutes=30, medium_risk_hours=2, low_risk_working_days=1
    )
    with time_machine.travel(FRIDAY_3PM_WITA, tick=False):
        high = make_complaint(personas, risk_level="TINGGI")
        medium = make_complaint(personas, risk_level="SEDANG")
        low = make_complaint(personas, risk_level="RENDAH")
        other_unit = make_complaint(personas, actor="other_head", risk_level="TINGGI")
    assert high.response_due_at == FRIDAY_3PM_WITA + timedelta(minutes=30)
    assert medium.response_due_at == FRIDAY_3PM_WITA + timedelta(hours=2)
    assert low.response_due_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 15:00 WITA
    assert other_unit.response_due_at == FRIDAY_3PM_WITA + timedelta(hours=1)  # Samarinda keeps the defaults


def test_a_missed_clock_is_escalated_to_the_head_and_counted(personas: Any) -> None:
    with time_machine.travel(FRIDAY_3PM_WITA, tick=False):
        complaint = make_complaint(personas, risk_level="TINGGI")
    assert work_items_tick(now=FRIDAY_3PM_WITA + timedelta(minutes=50)).reminded == 1
    result = work_items_tick(now=FRIDAY_3PM_WITA + timedelta(minutes=61))
    assert (result.missed, result.escalated) == (1, 1)
    item = WorkItem.objects.get(kind=COMPLAINT_RESPONSE, object_id=str(complaint.pk))
    assert item.state == WorkItem.State.MISSED
    escalated = Notification.objects.get(kind=Notification.Kind.ESCALATED)
    assert escalated.recipient == personas["head"] and escalated.work_item == item
    assert item.target_url() == reverse("intake:complaint_detail", args=[complaint.pk])
    # A second tick changes nothing (idempotent).
    assert work_items_tick(now=FRIDAY_3PM_WITA + timedelta(minutes=62)).escalated == 0
    membership = personas["head"].membership
    counts = queue_counts(membership, now=FRIDAY_3PM_WITA + timedelta(minutes=62))
    assert counts.overdue == 1 and counts.missed_recently == 1
    # A late first response still closes the obligation; the miss stays counted.
    complaint_take(actor=personas["intake"], complaint=complaint)
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE and item.missed_at is not None
    counts = queue_counts(membership, now=FRIDAY_3PM_WITA + timedelta(minutes=70))
    assert counts.overdue == 0 and counts.missed_recently == 1


def test_an_answered_complaint_is_never_escalated(personas: Any) -> None:
    with time_machine.travel(FRIDAY_3PM_WITA, tick=False):
        complaint = make_complaint(personas, risk_level="TINGGI")
        complaint_take(actor=personas["intake"], complaint=complaint)
    result = work_items_tick(now=FRIDAY_3PM_WITA + timedelta(hours=3))
    assert (result.missed, result.escalated) == (0, 0)
