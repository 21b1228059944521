"""The iCalendar feed (calendar, issue #12): a secret, revocable address; only "Sesi pendampingan" or "Sidang",
the case number and the room; no personal data; RFC 5545 line folding and CRLF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.models.feed import CalendarFeed
from sigap.assistance.models.room import RoomKind
from sigap.assistance.selectors.feed import fold
from sigap.assistance.services.feed import calendar_feed_create, calendar_feed_revoke
from sigap.assistance.services.legal import HearingData, hearing_add
from sigap.assistance.services.room import room_add
from sigap.assistance.services.session import SessionPlanData, session_plan
from sigap.assistance.tests.legal_steps import at_prosecution, legal_case
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, VICTIM_PHONE

pytestmark = pytest.mark.django_db

PLACE = "Polres Kukar lantai dua"


def _url(token: str) -> str:
    return reverse("assistance:calendar_feed", kwargs={"token": token})


def test_the_feed_holds_only_the_kind_the_case_number_and_the_room(personas: Any, client: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"  # the feed speaks the installation's language (phones send no preference)
    lc = legal_case(personas)
    room = room_add(actor=personas["head"], name="Ruang Konseling 1", kind=RoomKind.COUNSELLING)
    begin = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    session = session_plan(
        actor=personas["head"],
        case=lc.case,
        data=SessionPlanData(
            kind="COUNSELLING",
            planned_start=begin,
            planned_end=begin + dt.timedelta(hours=1),
            place="UNIT_OFFICE",
            place_detail=PLACE,
            experts=[personas["expert"]],
            room=room,
        ),
    )
    hearing_add(
        actor=personas["head"],
        track=at_prosecution(personas, lc),
        # In her feed because she is booked on the session that accompanies it (test_calendar_hearings).
        data=HearingData(
            starts_at=begin + dt.timedelta(days=1), court="PN Tenggarong", room="Ruang Cakra", accompaniment=session
        ),
    )
    _feed, token = calendar_feed_create(actor=personas["expert"])
    response = client.get(_url(token))  # no login: the token alone
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert f"SUMMARY:Sesi pendampingan · {lc.case.number}" in unfolded
    assert f"SUMMARY:Sidang · {lc.case.number}" in unfolded
    assert "LOCATION:Ruang Konseling 1" in unfolded
    for secret in (VICTIM_NAME, VICTIM_NIK, VICTIM_PHONE, PLACE, "PN Tenggarong", "Ruang Cakra", "Pelaku", "Expert"):
        assert secret not in unfolded, secret
    assert token not in unfolded


def test_only_the_hash_is_stored_and_a_revoked_or_replaced_address_answers_404(personas: Any, client: Any) -> None:
    feed, token = calendar_feed_create(actor=personas["expert"])
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    assert client.get(_url(token)).status_code == 200
    _new, newer = calendar_feed_create(actor=personas["expert"])
    assert client.get(_url(token)).status_code == 404
    assert client.get(_url(newer)).status_code == 200
    assert calendar_feed_revoke(actor=personas["expert"]) == 1
    assert client.get(_url(newer)).status_code == 404
    assert client.get(_url("not-a-token")).status_code == 404
    assert CalendarFeed.objects.filter(user=personas["expert"]).count() == 2


def test_the_feed_page_shows_the_address_once(personas: Any) -> None:
    page = reverse("assistance:calendar_feed_page")
    browser = personas.client("expert")
    made = browser.post(page, {"action": "create"}).content.decode()
    assert "/pendampingan/kalender/ics/" in made
    again = browser.get(page).content.decode()
    assert "/pendampingan/kalender/ics/" not in again and "You have a feed address" in again
    browser.post(page, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=personas["expert"], revoked_at__isnull=True).exists()


def test_a_flood_of_guesses_is_limited(personas: Any, client: Any, monkeypatch: Any) -> None:
    from sigap.assistance.views import calendar

    monkeypatch.setattr(calendar, "FEED_LIMIT", 3)
    answers = [client.get(_url(f"guess-{n}")).status_code for n in range(5)]
    assert answers == [404, 404, 404, 429, 429]


def test_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts[:1]) and all(len(p.encode()) <= 74 for p in parts[1:])
