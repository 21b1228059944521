"""Reminders of a booked session (calendar, issue #12), with a frozen clock: the day before and one hour
before, to each person booked, in the app and in the e-mail digest without personal data; never "missed";
cancelled with the session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.assistance.models.room import RoomKind
from sigap.assistance.services.room import room_add
from sigap.assistance.services.session import SessionPlanData, session_cancel, session_plan, session_reschedule
from sigap.cases.tests.factories import VICTIM_NAME, make_case, victim_data
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)  # 09.00 WITA
START = T0 + dt.timedelta(days=3)


def _book(personas: Any, case: Any, start: dt.datetime = START, **kwargs: Any) -> Any:
    return session_plan(
        actor=personas["head"],
        case=case,
        data=SessionPlanData(
            kind="COUNSELLING",
            planned_start=start,
            planned_end=start + dt.timedelta(hours=1),
            place="UNIT_OFFICE",
            experts=[personas["expert"]],
            staff=[personas["case_manager"]],
            **kwargs,
        ),
    )


def _notified(kind: str = Notification.Kind.REMINDER) -> set[str]:
    rows = Notification.objects.filter(kind=kind, work_item__kind__startswith="assistance_session_")
    return set(rows.values_list("recipient__username", "work_item__kind"))


@time_machine.travel(T0, tick=False)
def test_the_people_booked_are_reminded_the_day_before_and_an_hour_before(personas: Any, mailoutbox: Any) -> None:
    case = make_case(personas, victim=victim_data())
    room = room_add(actor=personas["head"], name="Ruang Konseling 1", kind=RoomKind.COUNSELLING)
    _book(personas, case, room=room)
    assert WorkItem.objects.filter(kind__startswith="assistance_session_", state="OPEN").count() == 4

    work_items_tick(now=START - dt.timedelta(hours=25))
    assert _notified() == set()
    work_items_tick(now=START - dt.timedelta(hours=23, minutes=59))
    assert _notified() == {
        ("expert", "assistance_session_day_expert"),
        ("case_manager", "assistance_session_day_staff"),
    }
    mail = {tuple(m.to): m.body for m in mailoutbox}[("expert@example.test",)]
    # A room named "Ruang …" is not prefixed again: not "room Ruang Konseling 1" (walk of #12).
    assert "Accompaniment session: 4 Mar 2027 09:00 WITA, " + case.number + ", Ruang Konseling 1" in mail
    assert VICTIM_NAME not in mail and "Expert" not in mail

    work_items_tick(now=START - dt.timedelta(minutes=59))
    assert ("expert", "assistance_session_hour_expert") in _notified()
    assert len(_notified()) == 4

    # At the start the notices close as done: nobody is told of a "missed" deadline, no HEAD is escalated to.
    work_items_tick(now=START + dt.timedelta(minutes=1))
    assert not WorkItem.objects.filter(kind__startswith="assistance_session_", state="OPEN").exists()
    assert _notified(Notification.Kind.MISSED) == set() and _notified(Notification.Kind.ESCALATED) == set()


@time_machine.travel(T0, tick=False)
def test_a_cancelled_session_reminds_no_one_and_a_moved_one_reminds_at_its_new_time(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    cancelled = _book(personas, case)
    session_cancel(actor=personas["head"], session=cancelled, note="Tidak perlu lagi.")
    moved = _book(personas, case, START + dt.timedelta(hours=3))
    session_reschedule(
        actor=personas["head"],
        session=moved,
        planned_start=START + dt.timedelta(days=1),
        planned_end=START + dt.timedelta(days=1, hours=1),
    )
    work_items_tick(now=START - dt.timedelta(minutes=30))
    assert _notified() == set()
    work_items_tick(now=START + dt.timedelta(minutes=30))
    assert {kind for _user, kind in _notified()} == {"assistance_session_day_expert", "assistance_session_day_staff"}


@time_machine.travel(T0, tick=False)
def test_a_session_booked_at_short_notice_gets_no_late_reminder(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    _book(personas, case, T0 + dt.timedelta(minutes=30))
    assert not WorkItem.objects.filter(kind__startswith="assistance_session_").exists()
    _book(personas, case, T0 + dt.timedelta(hours=5))
    assert set(WorkItem.objects.filter(kind__startswith="assistance_session_").values_list("kind", flat=True)) == {
        "assistance_session_hour_expert",
        "assistance_session_hour_staff",
    }


@time_machine.travel(T0, tick=False)
def test_the_reminder_links_to_the_session(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    session = _book(personas, case)
    item = WorkItem.objects.get(kind="assistance_session_day_expert")
    response = personas.client("expert").get(item.target_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:session_detail", kwargs={"session_id": session.pk})
