"""A session recorded as held (fresh-eyes walk of #12, findings 3 and 4): its actual times may differ from the
booking but not lie in the future, and the calendars and the feed then show it when it really took place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.models.session import AccompanimentSession, SessionStatus
from sigap.assistance.services.feed import calendar_feed_create
from sigap.assistance.services.session import SessionHeldData, session_plan, session_record_held
from sigap.assistance.tests.factories import plan_data, session_case
from sigap.cases.rules.guards import TransitionRefused

pytestmark = pytest.mark.django_db


def _record(sc: Any, session: AccompanimentSession, start: dt.datetime, end: dt.datetime) -> AccompanimentSession:
    return session_record_held(
        actor=sc.psychologist,
        session=session,
        data=SessionHeldData(actual_start=start, actual_end=end, victim_present=True, experts=[sc.psychologist]),
    )


def test_a_session_whose_actual_end_is_in_the_future_cannot_be_recorded_as_held(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
    now = timezone.now()
    with pytest.raises(TransitionRefused, match="not over yet"):
        _record(sc, session, now - dt.timedelta(minutes=30), now + dt.timedelta(hours=2))
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_session_booked_for_later_may_be_recorded_as_held_earlier_when_it_really_took_place(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(
        actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist], hours_from_now=24 * 9)
    )
    now = timezone.now()
    held = _record(sc, session, now - dt.timedelta(minutes=50), now - dt.timedelta(minutes=5))
    assert held.status == SessionStatus.HELD and held.planned_start > now


def test_the_record_form_says_which_time_is_in_the_future(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
    later = timezone.localtime(timezone.now() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    response = personas.client("expert").post(
        reverse("assistance:session_record", kwargs={"session_id": session.pk}),
        {
            "outcome": "HELD",
            "actual_start": later.strftime("%Y-%m-%dT%H:%M"),
            "actual_end": (later + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "outcome_summary": "Ringkasan yang diketik.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be recorded as held before it has taken place" in html
    assert "Ringkasan yang diketik." in html
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def _held_earlier(personas: Any) -> tuple[Any, AccompanimentSession, dt.date]:
    """A session booked nine days ahead (another week) and recorded as held an hour ago."""
    sc = session_case(personas)
    session = session_plan(
        actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist], hours_from_now=24 * 9)
    )
    now = timezone.now()
    held = _record(sc, session, now - dt.timedelta(minutes=60), now - dt.timedelta(minutes=10))
    assert held.actual_start is not None
    return sc, held, timezone.localtime(held.actual_start).date()


@pytest.mark.parametrize("persona", ["expert", "head", "case_manager"])
def test_a_held_session_stays_on_the_week_on_its_actual_day_marked_as_held(personas: Any, persona: str) -> None:
    sc, held, day = _held_earlier(personas)
    detail = reverse("assistance:session_detail", kwargs={"session_id": held.pk})
    urls = {
        "expert": [reverse("assistance:calendar_mine")],
        "head": [reverse("assistance:calendar_unit")],
        "case_manager": [
            reverse("assistance:calendar_case", kwargs={"case_id": sc.case.pk}),
            reverse("assistance:calendar_person", kwargs={"user_id": sc.psychologist.pk}),
        ],
    }[persona]
    for url in urls:
        html = personas.client(persona).get(url, {"hari": day.isoformat()}).content.decode()
        assert detail in html, url
        section = html.split(f'id="day-{day.isoformat()}"', 1)[1].split("<section", 1)[0]
        assert detail in section and "calendar-held" in section, url
        # Its planned week no longer shows it: the slot it booked was never used.
        planned_day = timezone.localtime(held.planned_start).date()
        later = personas.client(persona).get(url, {"hari": planned_day.isoformat()}).content.decode()
        assert detail not in later, url


def test_the_feed_sends_a_held_session_at_its_actual_times(personas: Any, client: Any) -> None:
    sc, held, _day = _held_earlier(personas)
    _feed, token = calendar_feed_create(actor=sc.psychologist)
    body = client.get(reverse("assistance:calendar_feed", kwargs={"token": token})).content.decode()
    assert held.actual_start is not None
    assert f"DTSTART:{held.actual_start.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}" in body
    assert f"DTSTART:{held.planned_start.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}" not in body
