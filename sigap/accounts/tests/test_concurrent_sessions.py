"""Concurrent sessions (SESS-06): at most two browsers; the next login ends the oldest; users list
and end their own sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import SecurityEvent, UserSession
from sigap.accounts.sessions import device_summary
from sigap.accounts.tests.auth_helpers import full_login

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    # Each login uses a new TOTP code: a minute between logins keeps codes single-use (AUTH-06).
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _login(clock, user_agent: str, username: str = "case_manager") -> Client:  # type: ignore[no-untyped-def]
    clock.shift(timedelta(minutes=1))
    client = Client(HTTP_USER_AGENT=user_agent)
    full_login(client, username)
    return client


def _login_mailing(capture, clock, user_agent: str) -> Client:  # type: ignore[no-untyped-def]
    """A login whose after-commit work (the new-device e-mail) runs before the test goes on."""
    with capture(execute=True):
        return _login(clock, user_agent)


def _works(client: Client) -> bool:
    return client.get(reverse("core:home")).status_code == 200


def test_a_third_login_ends_the_oldest_session(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    third = _login(clock, SAFARI_IPHONE)
    assert not _works(first)
    assert _works(second)
    assert _works(third)
    # The replaced browser is told why, and whom to tell if it was not its owner.
    page = first.get(reverse("accounts:login"))
    assert b'id="session-replaced"' in page.content
    assert b"logged in somewhere else" in page.content
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_ENDED)
    assert event.subject == personas["case_manager"]
    assert event.detail["reason"] == "session_limit"


def test_the_limit_follows_the_setting(personas, clock, settings) -> None:
    settings.SIGAP_MAX_SESSIONS = 1
    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    assert not _works(first)
    assert _works(second)


def test_another_users_login_ends_nothing(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    _login(clock, SAFARI_IPHONE, username="head")
    _login(clock, CHROME_WINDOWS, username="head")
    assert _works(first)
    assert _works(second)


def test_sessions_that_ended_on_their_own_do_not_count(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    clock.shift(timedelta(minutes=16))  # idle timeout: that session is over
    second = _login(clock, FIREFOX_ANDROID)
    third = _login(clock, SAFARI_IPHONE)
    assert _works(second)
    assert _works(third)
    assert not _works(first)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_ENDED, detail__reason="session_limit")
    # The dead session was marked at the next login: it stays as history, not as a live session.
    assert UserSession.objects.get(device="Chrome · Windows").end_reason == "expired"
    assert UserSession.objects.filter(user=personas["case_manager"], ended_at__isnull=True).count() == 2


def test_logging_out_frees_a_place(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    second.post(reverse("accounts:logout"))
    _login(clock, SAFARI_IPHONE)
    assert _works(first)
    assert UserSession.objects.get(device="Firefox · Android").end_reason == "logged_out"
    # A logged-out browser is not told it was replaced: it left on its own.
    assert b'id="session-replaced"' not in second.get(reverse("accounts:login")).content


def test_the_list_shows_the_users_own_sessions_and_marks_this_one(personas, clock) -> None:
    _login(clock, CHROME_WINDOWS)
    _login(clock, SAFARI_IPHONE, username="head")
    second = _login(clock, FIREFOX_ANDROID)
    page = second.get(reverse("accounts:session_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('class="session-row"') == 2
    assert text.count('data-current="1"') == 1
    assert "Chrome · Windows" in text
    assert "Firefox · Android" in text
    assert "Safari · iOS" not in text  # the head's session is not the case manager's business
    assert "127.0.0.1" in text


def test_a_user_ends_another_of_their_sessions(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    other = UserSession.objects.get(user=personas["case_manager"], device="Chrome · Windows")
    response = second.post(reverse("accounts:session_end", args=[other.pk]), follow=True)
    assert b"The session has ended" in response.content
    assert not Session.objects.filter(session_key=other.session_key).exists()
    assert not _works(first)
    assert _works(second)
    assert b"ended from another browser" in first.get(reverse("accounts:login")).content
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_ENDED)
    assert event.detail == {"reason": "ended_by_user", "user_session": other.pk}


def test_the_list_does_not_end_the_session_in_use(personas, clock) -> None:
    first = _login(clock, CHROME_WINDOWS)
    mine = UserSession.objects.get(user=personas["case_manager"])
    response = first.post(reverse("accounts:session_end", args=[mine.pk]), follow=True)
    assert b"To end it, log out" in response.content
    assert _works(first)


def test_nobody_ends_another_users_session(personas, clock) -> None:
    victim = _login(clock, CHROME_WINDOWS)
    row = UserSession.objects.get(user=personas["case_manager"])
    head = _login(clock, FIREFOX_ANDROID, username="head")
    assert head.post(reverse("accounts:session_end", args=[row.pk])).status_code == 404
    assert _works(victim)


def test_an_ended_session_cannot_be_ended_twice(personas, clock) -> None:
    _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    other = UserSession.objects.get(device="Chrome · Windows")
    assert second.post(reverse("accounts:session_end", args=[other.pk])).status_code == 302
    assert second.post(reverse("accounts:session_end", args=[other.pk])).status_code == 404


def test_the_list_speaks_indonesian(personas, clock, settings) -> None:
    settings.LANGUAGE_CODE = "id"
    client = _login(clock, CHROME_WINDOWS)
    page = client.get(reverse("accounts:session_list")).content.decode()
    assert "Sesi yang sedang masuk" in page
    assert "Browser ini" in page


@pytest.mark.parametrize(
    ("user_agent", "summary"),
    [
        (CHROME_WINDOWS, "Chrome · Windows"),
        (FIREFOX_ANDROID, "Firefox · Android"),
        (SAFARI_IPHONE, "Safari · iOS"),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36",
            "Samsung Internet · Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge · Windows",
        ),
        ("", ""),
        ("curl/8.5", ""),
    ],
)
def test_the_device_is_named_coarsely(user_agent: str, summary: str) -> None:
    assert device_summary(user_agent) == summary


def _new_device_mails(mailbox) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [message for message in mailbox if "New login" in message.subject]


def test_a_login_from_a_new_kind_of_browser_is_mailed_to_the_owner(
    personas, clock, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # The notice leaves after the login's commit, which a test transaction never reaches.
    _login = partial(_login_mailing, django_capture_on_commit_callbacks)
    _login(clock, CHROME_WINDOWS)  # the first login ever: nothing to compare with, no mail
    assert _new_device_mails(mailoutbox) == []
    _login(clock, CHROME_WINDOWS)  # the same kind of browser again: no mail
    assert _new_device_mails(mailoutbox) == []
    _login(clock, FIREFOX_ANDROID)
    [message] = _new_device_mails(mailoutbox)
    assert message.to == [personas["case_manager"].email]
    assert "Firefox · Android" in message.body
    assert "WITA" in message.body  # the unit's time zone
    assert "Signed-in sessions" in message.body
    # No case data, no address of the browser, no other person.
    assert "127.0.0.1" not in message.body
    assert "PPA-KKR" not in message.body


def test_a_device_seen_within_half_a_year_is_known(
    personas, clock, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _login = partial(_login_mailing, django_capture_on_commit_callbacks)
    _login(clock, CHROME_WINDOWS)
    _login(clock, FIREFOX_ANDROID)
    mailoutbox.clear()
    clock.shift(timedelta(days=100))
    _login(clock, CHROME_WINDOWS)
    assert _new_device_mails(mailoutbox) == []
    clock.shift(timedelta(days=100))  # the Android login is now 200 days old: past the history kept
    _login(clock, FIREFOX_ANDROID)
    assert len(_new_device_mails(mailoutbox)) == 1


def test_the_session_idle_longest_ends_first(personas, clock) -> None:
    # Review finding: the office browser was closed without logging out (its server row lives on until
    # the idle timeout) while the phone kept working; a new login at the office must not end the phone.
    phone = _login(clock, FIREFOX_ANDROID)
    office = _login(clock, CHROME_WINDOWS)
    for _ in range(2):
        clock.shift(timedelta(minutes=3))
        assert _works(phone)
    office_again = _login(clock, CHROME_WINDOWS)
    assert _works(phone)
    assert _works(office_again)
    assert not _works(office)


def test_revoked_sessions_stop_counting_and_are_not_called_replaced(personas, clock) -> None:
    from sigap.accounts.models import Membership, Role
    from sigap.accounts.services.users import user_change_role

    first = _login(clock, CHROME_WINDOWS)
    second = _login(clock, FIREFOX_ANDROID)
    user_change_role(
        actor=personas["admin"], membership=Membership.objects.get(user=personas["case_manager"]), role=Role.INTAKE
    )
    assert set(UserSession.objects.values_list("end_reason", flat=True)) == {"revoked"}
    third = _login(clock, SAFARI_IPHONE)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_ENDED, detail__reason="session_limit")
    page = third.get(reverse("accounts:session_list")).content.decode()
    assert page.count('class="session-row"') == 1
    # The revoked browsers hear "your session has ended", not "someone logged in elsewhere".
    for client in (first, second):
        assert not _works(client)
        login_page = client.get(reverse("accounts:login")).content
        assert b'id="session-ended"' in login_page
        assert b'id="session-replaced"' not in login_page


def test_a_session_past_its_lifetime_is_recorded_as_expired(personas, clock) -> None:
    client = _login(clock, CHROME_WINDOWS)
    for _ in range(53):  # 53 x 14 min > 12 h, active all along
        clock.shift(timedelta(minutes=14))
        client.get(reverse("core:home"))
    assert UserSession.objects.get(user=personas["case_manager"]).end_reason == "expired"


def test_ending_the_same_session_twice_records_it_once(personas, clock, rf) -> None:
    from sigap.accounts.sessions import user_session_end

    _login(clock, CHROME_WINDOWS)
    _login(clock, FIREFOX_ANDROID)
    row = UserSession.objects.get(device="Chrome · Windows")
    request = rf.post("/")
    assert user_session_end(request=request, user=personas["case_manager"], user_session=row) is True
    assert user_session_end(request=request, user=personas["case_manager"], user_session=row) is False
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_ENDED).count() == 1


def test_the_worker_forgets_session_history_after_half_a_year(personas, clock) -> None:
    from sigap.work.scheduler import work_items_tick

    _login(clock, CHROME_WINDOWS)
    clock.shift(timedelta(days=181))
    on_the_hour = datetime(2026, 8, 31, 3, 0, tzinfo=UTC)
    assert work_items_tick(now=on_the_hour - timedelta(minutes=1)).purged == 0  # only on the hour
    assert UserSession.objects.exists()
    assert work_items_tick(now=on_the_hour).purged == 1
    assert not UserSession.objects.exists()


def test_without_a_second_factor_the_limit_holds_from_the_password(personas, clock, settings) -> None:
    # The demo runs without MFA: sessions count from the password step there.
    from sigap.accounts.tests.auth_helpers import post_login

    settings.SIGAP_REQUIRE_MFA = False
    clients = []
    for user_agent in (CHROME_WINDOWS, FIREFOX_ANDROID, SAFARI_IPHONE):
        clock.shift(timedelta(minutes=1))
        client = Client(HTTP_USER_AGENT=user_agent)
        assert post_login(client, "case_manager").status_code == 302
        clients.append(client)
    assert [_works(client) for client in clients] == [False, True, True]


def test_a_request_whose_session_ends_meanwhile_says_so(personas, clock) -> None:
    # Ended (e.g. by a newer login) while this request ran: Django cannot save the session at the end
    # of the request. The page says the session ended, not that the request was invalid. A page read
    # within a minute of the last write writes nothing (issue #22), so it cannot tell; a POST, or a read
    # that moves the idle clock, can.
    client = _login(clock, CHROME_WINDOWS)
    Session.objects.all().delete()  # what ending it does, here just before the response is saved
    response = client.get(reverse("core:home"))
    assert response.status_code == 302  # a plain next request simply goes to the login page

    from unittest import mock

    from django.contrib.sessions.backends.db import SessionStore

    real_save = SessionStore.save

    def save_after_ending(self, must_create: bool = False) -> None:  # type: ignore[no-untyped-def]
        Session.objects.filter(session_key=self.session_key).delete()
        real_save(self, must_create=must_create)

    def ended_meanwhile(send) -> None:  # type: ignore[no-untyped-def]
        with mock.patch.object(SessionStore, "save", save_after_ending):
            response = send()
        assert response.status_code == 400
        assert b"Your session has ended" in response.content
        assert b"What was already saved stays saved" in response.content

    client = _login(clock, FIREFOX_ANDROID)
    clock.shift(timedelta(seconds=61))  # this read moves the idle clock: it writes the session
    ended_meanwhile(lambda: client.get(reverse("core:home")))

    client = _login(clock, SAFARI_IPHONE)  # a POST writes the session whenever it comes
    ended_meanwhile(lambda: client.post(reverse("accounts:session_ping")))
