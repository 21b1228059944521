"""Session policy (SESS-01, SESS-03): 15 minutes idle, 12 hours absolute, revocation at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import SecurityEvent, User
from sigap.accounts.tests.auth_helpers import full_login

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def _sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_it_ends_a_session_after_sixteen_idle_minutes(personas) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "head")
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(timedelta(minutes=16))
        assert _sent_to_login(client.get(reverse("core:home")))


def test_activity_keeps_a_session_alive(personas) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "head")
        for _ in range(4):
            clock.shift(timedelta(minutes=14))
            assert client.get(reverse("core:home")).status_code == 200


def test_it_ends_a_busy_session_after_twelve_hours(personas) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "head")
        elapsed = timedelta(0)
        while elapsed + timedelta(minutes=14) < timedelta(hours=12):
            clock.shift(timedelta(minutes=14))
            elapsed += timedelta(minutes=14)
            assert client.get(reverse("core:home")).status_code == 200, elapsed
        clock.shift(timedelta(minutes=14))
        response = client.get(reverse("core:home"))
        assert _sent_to_login(response)
        # The login page says why, once.
        page = client.get(reverse("accounts:login"))
        assert b'id="session-ended"' in page.content
        assert b'id="session-ended"' not in client.get(reverse("accounts:login")).content
    event = SecurityEvent.objects.get(kind="SESSION_ENDED")
    assert event.detail == {"reason": "absolute_lifetime"}
    assert event.subject == personas["head"]


def test_deactivation_ends_open_sessions(personas) -> None:
    client = Client()
    full_login(client, "case_manager")
    assert client.get(reverse("core:home")).status_code == 200
    User.objects.filter(pk=personas["case_manager"].pk).update(is_active=False)
    assert _sent_to_login(client.get(reverse("core:home")))


def test_a_generation_bump_ends_every_open_session(personas) -> None:
    with time_machine.travel(datetime.now(tz=UTC), tick=False) as clock:
        first, second = Client(), Client()
        full_login(first, "head")
        clock.shift(timedelta(seconds=30))
        full_login(second, "head")
        User.objects.filter(pk=personas["head"].pk).update(session_generation=F("session_generation") + 1)
        for client in (first, second):
            assert _sent_to_login(client.get(reverse("core:home")))
        assert SecurityEvent.objects.filter(kind="SESSION_ENDED", detail__reason="revoked").count() == 2
        # A fresh login works again.
        clock.shift(timedelta(seconds=30))
        third = Client()
        full_login(third, "head")
        assert third.get(reverse("core:home")).status_code == 200


def test_sessions_are_server_side_and_end_at_browser_close(personas) -> None:
    client = Client()
    full_login(client, "head")
    cookie = client.cookies["sessionid"]
    assert Session.objects.filter(session_key=cookie.value).exists()
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
