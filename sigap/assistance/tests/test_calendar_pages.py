"""Calendar pages (issue #12): my week with sessions and hearings, no names, missed and moved slots kept,
another case hidden on an expert's calendar, the week / day navigation, and pinned query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from sigap.accounts.models import Role
from sigap.assistance.models.room import RoomKind
from sigap.assistance.services.legal import HearingData, hearing_add
from sigap.assistance.services.room import room_add
from sigap.assistance.services.session import (
    SessionPlanData,
    session_cancel,
    session_plan,
    session_reschedule,
)
from sigap.assistance.tests.legal_steps import at_prosecution, legal_case
from sigap.cases.tests.factories import VICTIM_NAME, make_case, victim_data

pytestmark = pytest.mark.django_db

MY_WEEK = reverse("assistance:calendar_mine")


def _monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)  # next week: plannable


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _book(personas: Any, case: Any, day: dt.date, hour: int, **kwargs: Any) -> Any:
    start_at = _at(day, hour)
    return session_plan(
        actor=personas["head"],
        case=case,
        data=SessionPlanData(
            kind="COUNSELLING",
            planned_start=start_at,
            planned_end=start_at + dt.timedelta(hours=1),
            place="UNIT_OFFICE",
            experts=[personas["expert"]],
            **kwargs,
        ),
    )


def _week(client: Any, url: str = MY_WEEK, day: dt.date | None = None, **params: str) -> str:
    query = {"hari": (day or _monday()).isoformat(), **params}
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_my_week_shows_my_sessions_and_the_hearings_of_my_cases_without_names(personas: Any) -> None:
    lc = legal_case(personas)
    monday = _monday()
    room = room_add(actor=personas["head"], name="Ruang Konseling 1", kind=RoomKind.COUNSELLING)
    session = _book(personas, lc.case, monday, 10, room=room)
    hearing_add(
        actor=personas["head"],
        track=at_prosecution(personas, lc),
        # In her week because she is booked on the session that accompanies it (test_calendar_hearings).
        data=HearingData(
            starts_at=_at(monday + dt.timedelta(days=2), 9),
            court="PN Tenggarong",
            room="Ruang Cakra",
            accompaniment=session,
        ),
    )
    html = _week(personas.client("expert"))
    assert "Counselling" in html and lc.case.number in html and "Ruang Konseling 1" in html
    # A room named "Ruang …" is not prefixed again (walk of #12: "ruang Ruang Konseling 1").
    assert "room Ruang Konseling 1" not in html.replace("\n", " ")
    assert reverse("assistance:session_detail", kwargs={"session_id": session.pk}) in html
    assert "Court hearing" in html
    assert VICTIM_NAME not in html and "PN Tenggarong" not in html and "Ruang Cakra" not in html
    # The day view of Wednesday shows the hearing alone; the navigation goes a day at a time.
    day = _week(personas.client("expert"), day=monday + dt.timedelta(days=2), tampilan="hari")
    assert "Court hearing" in day and "Counselling" not in day
    assert f"hari={(monday + dt.timedelta(days=1)).isoformat()}&amp;tampilan=hari" in day
    # Another week is empty; the previous link goes back seven days.
    later = _week(personas.client("expert"), day=monday + dt.timedelta(days=7))
    assert "Counselling" not in later and f"hari={monday.isoformat()}" in later


def test_missed_cancelled_and_moved_slots_stay_visible_with_their_reason(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    monday = _monday()
    missed = _book(personas, case, monday, 8)
    # Recorded as not held the day after (it was planned in the past: booked, then the clock moves on).
    type(missed).objects.filter(pk=missed.pk).update(status="NOT_HELD", not_held_reason="VICTIM_ABSENT")
    moved = _book(personas, case, monday, 10)
    cancelled = _book(personas, case, monday, 12)
    session_cancel(actor=personas["head"], session=cancelled, note="Tidak diperlukan.")
    session_reschedule(
        actor=personas["head"], session=moved, planned_start=_at(monday, 15), planned_end=_at(monday, 16)
    )
    html = _week(personas.client("expert"))
    assert "The victim did not come" in html
    assert "Cancelled" in html and "Rescheduled" in html and "moved to" in html
    assert missed.pk and html.count("calendar-slot") == 4


def test_an_experts_calendar_hides_the_cases_the_viewer_may_not_see(personas: Any) -> None:
    personas.users["cm2"] = make_user("cm2", personas.kukar, Role.CASE_MANAGER)
    theirs = make_case(personas, victim=victim_data())
    _book(personas, theirs, _monday(), 10)
    url = reverse("assistance:calendar_person", kwargs={"user_id": personas["expert"].pk})
    hidden = _week(personas.client("cm2"), url)
    assert "Booked (another case)" in hidden and theirs.number not in hidden and "Counselling" not in hidden
    shown = _week(personas.client("case_manager"), url)
    assert theirs.number in shown and "Counselling" in shown


def test_the_unit_and_room_calendars(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    room = room_add(actor=personas["head"], name="Ruang Bermain", kind=RoomKind.PLAYROOM)
    _book(personas, case, _monday(), 10, room=room)
    assert case.number in _week(personas.client("head"), reverse("assistance:calendar_unit"))
    room_url = reverse("assistance:calendar_room", kwargs={"room_id": room.pk})
    assert case.number in _week(personas.client("case_manager"), room_url)
    assert personas.client("other_head").get(room_url).status_code == 404


def test_a_malformed_day_shows_this_week(personas: Any) -> None:
    for bad in ("2026-13-45", "x", "9999-01-01", ""):
        assert personas.client("expert").get(MY_WEEK, {"hari": bad, "tampilan": "nope"}).status_code == 200


def test_book_a_session_leads_to_the_plan_page_of_my_case(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    html = _week(personas.client("expert"))
    plan = reverse("assistance:session_plan", kwargs={"case_id": case.pk})
    assert plan in html
    form_page = personas.client("expert").get(plan, {"hari": _monday().isoformat()})
    assert f'value="{_monday().isoformat()}T09:00"' in form_page.content.decode()
    # Walk of #12: the expert is the session's expert unless she unticks herself; the HEAD is preselected
    # as nobody (she is not an expert on the case).
    assert form_page.context["form"]["experts"].value() == [personas["expert"].pk]
    head_form = personas.client("head").get(plan).context["form"]
    assert not head_form["experts"].value()


def test_book_a_session_names_the_client_as_the_case_list_does(personas: Any) -> None:
    """Walk of #12: case numbers alone; the expert sees the adult victim's initials, never the full name."""
    case = make_case(personas, victim=victim_data())
    html = _week(personas.client("expert"))
    booking = html[html.index('id="calendar-book"') : html.index("</details>")]
    assert case.number in booking and "S. C. N." in booking
    assert VICTIM_NAME not in html


# The booking list's rows: cases, managers, victims (selectors.rows); on PostgreSQL the managers and the victims
# are one round trip (D93).
MY_WEEK_QUERIES = 7
UNIT_QUERIES = 6


@pytest.mark.parametrize(
    ("persona", "url", "queries"),
    [("expert", MY_WEEK, MY_WEEK_QUERIES), ("head", reverse("assistance:calendar_unit"), UNIT_QUERIES)],
)
def test_the_week_query_count_is_pinned(
    personas: Any, django_assert_num_queries: Any, persona: str, url: str, queries: int
) -> None:
    lc = legal_case(personas)
    monday = _monday()
    client = personas.client(persona)
    _book(personas, lc.case, monday, 8)
    _week(client, url)
    together = connection.vendor == "postgresql" and url == MY_WEEK
    with django_assert_num_queries(queries - together):
        _week(client, url)
    room = room_add(actor=personas["head"], name="Ruang 2", kind=RoomKind.COUNSELLING)
    track = at_prosecution(personas, lc)
    for n in range(4):
        _book(personas, make_case(personas), monday + dt.timedelta(days=n), 10, room=room)
        hearing_add(actor=personas["head"], track=track, data=HearingData(starts_at=_at(monday, 13 + n), court="PN"))
    with django_assert_num_queries(queries - together):
        _week(client, url)


def test_a_conflict_on_the_plan_page_is_shown_on_top_and_keeps_what_was_typed(personas: Any) -> None:
    first = make_case(personas, victim=victim_data())
    second = make_case(personas)
    _book(personas, first, _monday(), 10)
    start_at = f"{_monday().isoformat()}T10:30"
    response = personas.client("head").post(
        reverse("assistance:session_plan", kwargs={"case_id": second.pk}),
        {
            "kind": "COUNSELLING",
            "planned_start": start_at,
            "planned_end": f"{_monday().isoformat()}T11:30",
            "place": "UNIT_OFFICE",
            "place_detail": "Ruang tamu",
            "experts": [str(personas["expert"].pk)],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This slot is already taken." in html and "Expert is already booked" in html and first.number in html
    assert 'value="Ruang tamu"' in html and f'value="{start_at}"' in html


def test_the_rooms_page_adds_and_takes_a_room_out_of_use(personas: Any) -> None:
    from sigap.assistance.models.room import Room

    client = personas.client("admin")
    page = reverse("assistance:room_list")
    assert client.post(page, {"name": "Ruang Bermain", "kind": "PLAYROOM"}).status_code == 302
    again = client.post(page, {"name": "ruang bermain", "kind": "PLAYROOM"}).content.decode()
    assert "already has a room with this name" in again and 'value="ruang bermain"' in again
    room = Room.objects.get(unit=personas.kukar)
    client.post(reverse("assistance:room_active", kwargs={"room_id": room.pk}), {"active": "0"})
    room.refresh_from_db()
    assert room.active is False
    assert "Put back in use" in client.get(page).content.decode()
