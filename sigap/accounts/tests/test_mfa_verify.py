"""The second step of the login (AUTH-05, AUTH-06, SESS-02)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import SecurityEvent
from sigap.accounts.tests.auth_helpers import code_for, fresh_code, post_login

NOW = datetime(2026, 5, 4, 2, 0, 5, tzinfo=UTC)


def _password_step(username: str = "head") -> Client:
    client = Client()
    assert post_login(client, username).status_code == 302
    return client


def test_it_shows_the_code_form(personas) -> None:
    response = _password_step().get(reverse("accounts:mfa_verify"))
    assert response.status_code == 200
    assert b'id="mfa-verify-form"' in response.content


def test_a_right_code_opens_the_staff_pages_with_a_new_session_key(personas) -> None:
    client = _password_step()
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=personas["head"])
    response = client.post(reverse("accounts:mfa_verify"), {"code": fresh_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session.session_key != before
    assert client.get(reverse("core:home")).status_code == 200
    event = SecurityEvent.objects.get(kind="MFA_VERIFIED")
    assert event.subject == personas["head"] and event.detail == {"method": "totp"}


def test_it_follows_a_local_next(personas) -> None:
    client = _password_step()
    device = TOTPDevice.objects.get(user=personas["head"])
    target = reverse("accounts:mfa_manage")
    response = client.post(reverse("accounts:mfa_verify"), {"code": fresh_code(device), "next": target})
    assert response["Location"] == target


def test_a_code_works_only_once(personas) -> None:
    with time_machine.travel(NOW, tick=False):
        device = TOTPDevice.objects.get(user=personas["head"])
        code = code_for(device)
        first = _password_step()
        assert first.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
        second = _password_step()
        response = second.post(reverse("accounts:mfa_verify"), {"code": code})
        assert response.status_code == 200
        assert b'id="mfa-error"' in response.content
        assert second.get(reverse("core:home")).status_code == 302


def test_wrong_codes_are_refused_recorded_and_throttled(personas) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        client = _password_step()
        device = TOTPDevice.objects.get(user=personas["head"])
        right = code_for(device)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        response = client.post(reverse("accounts:mfa_verify"), {"code": wrong})
        assert response.status_code == 200 and b'id="mfa-error"' in response.content
        # Right away, even the right code is refused: the device waits after a failure.
        response = client.post(reverse("accounts:mfa_verify"), {"code": right})
        assert response.status_code == 200
        assert client.get(reverse("core:home")).status_code == 302
        clock.shift(timedelta(seconds=2))
        response = client.post(reverse("accounts:mfa_verify"), {"code": right})
        assert response.status_code == 302
    reasons = list(SecurityEvent.objects.filter(kind="MFA_FAILED").values_list("detail__reason", flat=True))
    assert sorted(reasons) == ["invalid", "throttled"]


def test_a_malformed_code_gets_a_message(personas) -> None:
    client = _password_step()
    for bad in ["", "12", "abc!def", "x" * 100]:
        response = client.post(reverse("accounts:mfa_verify"), {"code": bad})
        assert response.status_code == 200
        assert b'id="mfa-error"' in response.content


def test_a_user_without_an_authenticator_is_sent_to_enrolment(personas) -> None:
    TOTPDevice.objects.filter(user=personas["head"]).delete()
    client = _password_step()
    response = client.get(reverse("accounts:mfa_verify"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_enroll")


def test_a_verified_user_is_sent_on(personas) -> None:
    response = personas.client("head").get(reverse("accounts:mfa_verify"))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_the_step_is_skipped_when_mfa_is_off(personas, settings) -> None:
    settings.SIGAP_REQUIRE_MFA = False
    client = personas.client("unverified")
    response = client.get(reverse("accounts:mfa_verify"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_anonymous_users_are_sent_to_login() -> None:
    response = Client().get(reverse("accounts:mfa_verify"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
