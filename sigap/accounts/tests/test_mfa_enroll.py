"""MFA enrolment (AUTH-05): QR code and secret, confirmation by a first code, backup codes once."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.mfa import totp_secret_text
from sigap.accounts.models import SecurityEvent
from sigap.accounts.models.mfa import BackupCodeDevice
from sigap.accounts.tests.auth_helpers import code_for, post_login


def _new_user_client(personas, username: str = "head") -> Client:  # type: ignore[no-untyped-def]
    TOTPDevice.objects.filter(user=personas[username]).delete()
    client = Client()
    assert post_login(client, username).status_code == 302
    return client


def test_it_shows_a_qr_code_and_the_secret(personas) -> None:
    client = _new_user_client(personas)
    response = client.get(reverse("accounts:mfa_enroll"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=personas["head"])
    assert device.confirmed is False
    assert b'src="data:image/svg+xml' in response.content
    assert totp_secret_text(device).encode() in response.content
    # A reload shows the same secret (the app scanned it already).
    client.get(reverse("accounts:mfa_enroll"))
    assert TOTPDevice.objects.filter(user=personas["head"]).count() == 1


def test_a_wrong_code_does_not_confirm(personas) -> None:
    client = _new_user_client(personas)
    client.get(reverse("accounts:mfa_enroll"))
    device = TOTPDevice.objects.get(user=personas["head"])
    wrong = f"{(int(code_for(device)) + 5) % 1_000_000:06d}"
    response = client.post(reverse("accounts:mfa_enroll"), {"code": wrong})
    assert response.status_code == 200
    assert b'id="mfa-error"' in response.content
    device.refresh_from_db()
    assert device.confirmed is False
    assert SecurityEvent.objects.filter(kind="MFA_FAILED", detail__step="enrol").count() == 1


def test_the_first_code_confirms_and_shows_ten_backup_codes(personas) -> None:
    client = _new_user_client(personas)
    client.get(reverse("accounts:mfa_enroll"))
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=personas["head"])
    response = client.post(reverse("accounts:mfa_enroll"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert BackupCodeDevice.objects.get(user=personas["head"]).unused_count() == 10
    # The session passed the second factor, under a new key.
    assert client.session.session_key != before
    assert client.get(reverse("core:home")).status_code == 200
    assert SecurityEvent.objects.filter(kind="MFA_ENROLLED", subject=personas["head"]).count() == 1


def test_enrolment_is_closed_once_an_authenticator_exists(personas) -> None:
    client = Client()
    assert post_login(client, "head").status_code == 302
    response = client.get(reverse("accounts:mfa_enroll"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    response = client.post(reverse("accounts:mfa_enroll"), {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=personas["head"]).count() == 1
    assert not TOTPDevice.objects.filter(user=personas["head"], confirmed=False).exists()


def test_it_answers_bad_input_with_a_message(personas) -> None:
    client = _new_user_client(personas)
    for bad in ["", "12345", "1234567", "abcdef", "\x00" * 6]:
        response = client.post(reverse("accounts:mfa_enroll"), {"code": bad})
        assert response.status_code == 200
        assert b'id="mfa-error"' in response.content
