"""Helpers of the login and MFA tests: real logins through the pages, TOTP codes from device keys."""

from __future__ import annotations

import re
import time

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def post_login(client: Client, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The TOTP code the user's app shows now (or ``offset_steps`` time steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps)
    return f"{value:0{device.digits}d}"


def fresh_code(device: TOTPDevice) -> str:
    """A code the device still accepts: the current one, or the next one if the current was used."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    # The device accepts steps now+drift±tolerance, above the last step it verified.
    wanted = max(now_t + device.drift, device.last_t + 1)
    assert wanted <= now_t + device.drift + device.tolerance, "no unused code within the tolerance window"
    return code_for(device, offset_steps=wanted - now_t)


def without_csrf(body: bytes) -> str:
    """The page without the values that differ on every request (CSRF token, CSP nonce)."""
    text = CSRF_VALUE.sub("", body.decode())
    text = re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", text)  # CSRF tokens elsewhere (htmx headers)
    return re.sub(r'nonce="[^"]*"', "", text)


def full_login(client: Client, username: str) -> None:
    """Password step and second factor, through the real pages."""
    response = post_login(client, username)
    assert response.status_code == 302, response.status_code
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    response = client.post(reverse("accounts:mfa_verify"), {"code": fresh_code(device)})
    assert response.status_code == 302, response.content[:500]
