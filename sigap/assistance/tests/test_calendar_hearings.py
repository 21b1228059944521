"""Court hearings on the calendars (fresh-eyes walk of #12, finding 12): a label that says which hearing
("Court hearing no. 2", not "Sidang / Sidang"), a link to the legal track, and in "My week" only for those who
follow the legal process (the case manager, a legal counsellor of the team, the HEAD on the team, whoever
accompanies that hearing), never for another team expert; the case calendar keeps the existing scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.services.feed import calendar_feed_create
from sigap.assistance.services.legal import HearingData, hearing_add
from sigap.assistance.services.session import SessionPlanData, session_plan
from sigap.assistance.tests.legal_steps import at_prosecution, legal_case

pytestmark = pytest.mark.django_db

MY_WEEK = reverse("assistance:calendar_mine")


def _monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _two_hearings(personas: Any) -> tuple[Any, Any]:
    lc = legal_case(personas)
    track = at_prosecution(personas, lc)
    for n in (0, 2):
        hearing_add(
            actor=personas["head"],
            track=track,
            data=HearingData(starts_at=_at(_monday() + dt.timedelta(days=n), 9), court="PN", agenda="Saksi Budi"),
        )
    return lc, track


def _week(client: Any, url: str = MY_WEEK) -> str:
    response = client.get(url, {"hari": _monday().isoformat()})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["legal", "case_manager"])
def test_a_hearing_says_which_one_and_links_to_its_legal_track(personas: Any, persona: str) -> None:
    lc, track = _two_hearings(personas)
    html = _week(personas.client(persona))
    assert "Court hearing no. 1" in html and "Court hearing no. 2" in html
    assert reverse("assistance:legal_track_go", kwargs={"track_id": track.pk}) in html
    assert html.count(lc.case.number) >= 2
    assert "Saksi Budi" not in html  # the agenda is encrypted free text: never on a calendar
    assert ">Hearing<" not in html


def test_my_week_holds_no_hearing_of_a_team_expert_who_does_not_follow_the_legal_process(personas: Any) -> None:
    lc, track = _two_hearings(personas)
    assert "Court hearing" not in _week(personas.client("expert"))
    # The case calendar and the legal track stay open to her as before (the team reads the track).
    case_calendar = reverse("assistance:calendar_case", kwargs={"case_id": lc.case.pk})
    assert "Court hearing no. 1" in _week(personas.client("expert"), case_calendar)
    assert (
        personas.client("expert").get(reverse("assistance:legal_track_go", kwargs={"track_id": track.pk})).status_code
        == 302
    )


def test_the_expert_who_accompanies_a_hearing_has_it_in_her_week_and_feed(personas: Any, client: Any) -> None:
    lc, track = _two_hearings(personas)
    begin = _at(_monday() + dt.timedelta(days=4), 9)
    session = session_plan(
        actor=personas["head"],
        case=lc.case,
        data=SessionPlanData(
            kind="COUNSELLING",
            planned_start=begin,
            planned_end=begin + dt.timedelta(hours=2),
            place="UNIT_OFFICE",
            experts=[personas["expert"]],
        ),
    )
    hearing_add(
        actor=personas["head"], track=track, data=HearingData(starts_at=begin, court="PN", accompaniment=session)
    )
    html = _week(personas.client("expert"))
    assert "Court hearing no. 3" in html and "Court hearing no. 1" not in html
    _feed, token = calendar_feed_create(actor=personas["expert"])
    body = client.get(reverse("assistance:calendar_feed", kwargs={"token": token})).content.decode()
    assert body.count("hearing-") == 1


def test_another_units_head_sees_no_hearing(personas: Any) -> None:
    _two_hearings(personas)
    assert "Court hearing" not in _week(personas.client("other_head"), reverse("assistance:calendar_unit"))
