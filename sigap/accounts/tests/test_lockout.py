"""Login lockout (AUTH-07, AUTH-09): 5 failures on username + IP, 30 minutes cool-off, never
permanent, and the same answer whether the account exists or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from sigap.accounts.models import SecurityEvent
from sigap.accounts.tests.auth_helpers import post_login, without_csrf

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _fail(client: Client, username: str, times: int) -> list:  # type: ignore[type-arg]
    return [post_login(client, username, "wrong-password-123") for _ in range(times)]


def test_it_locks_after_five_failures_even_with_the_right_password(personas) -> None:
    client = Client()
    answers = _fail(client, "head", 5)
    assert [r.status_code for r in answers[:4]] == [200, 200, 200, 200]
    assert answers[4].status_code == 429
    response = post_login(client, "head", PASSWORD)
    assert response.status_code == 429
    assert b'id="login-locked"' in response.content
    assert "_auth_user_id" not in client.session


def test_it_unlocks_after_the_cool_off(personas) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        _fail(client, "head", 5)
        clock.shift(timedelta(minutes=29))
        assert post_login(client, "head", PASSWORD).status_code == 429
        # Trying during the lockout restarts the 30 minutes; after them, the right password works.
        clock.shift(timedelta(minutes=31))
        response = post_login(client, "head", PASSWORD)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:mfa_verify"))


def test_the_lockout_page_is_the_same_for_an_unknown_user(personas) -> None:
    known = _fail(Client(), "head", 5)[-1]
    unknown = _fail(Client(), "nobody-at-all", 5)[-1]
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known.content) == without_csrf(unknown.content)
    # Nothing in the page echoes the username.
    assert b"nobody-at-all" not in unknown.content


def test_it_locks_per_username_and_ip(personas) -> None:
    client = Client()
    _fail(client, "head", 5)
    # Same IP, other account: not locked.
    assert post_login(Client(), "intake", PASSWORD).status_code == 302
    # Same account, other IP: not locked either (no malicious lockout from one address).
    other_ip = Client(REMOTE_ADDR="10.9.8.7")
    assert post_login(other_ip, "head", PASSWORD).status_code == 302


def test_it_records_the_lockout_without_storing_the_username(personas) -> None:
    _fail(Client(), "head", 5)
    event = SecurityEvent.objects.filter(kind="LOCKOUT").first()
    assert event is not None
    assert event.subject == personas["head"]
    assert event.unit == personas.kukar
    assert "head" not in str(event.detail.values())
    assert SecurityEvent.objects.filter(kind="LOGIN_FAILED", subject=personas["head"]).count() == 5
    # Axes counts a keyed digest, never the typed name.
    assert AccessAttempt.objects.count() == 1
    attempt = AccessAttempt.objects.get()
    assert attempt.username != "head" and len(attempt.username) == 40
    assert "head" not in attempt.post_data


def test_a_successful_login_resets_the_count(personas) -> None:
    client = Client()
    _fail(client, "head", 4)
    assert post_login(client, "head", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    answers = _fail(client, "head", 4)
    assert all(r.status_code == 200 for r in answers)
