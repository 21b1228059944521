"""Backup codes (AUTH-06): stored hashed, single use, regenerated after a current code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import SecurityEvent
from sigap.accounts.models.mfa import BackupCode, BackupCodeDevice
from sigap.accounts.tests.auth_helpers import code_for, post_login

NOW = datetime(2026, 6, 1, 3, 0, 5, tzinfo=UTC)
CODE = re.compile(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")


def _enrol(personas, client: Client, username: str = "head") -> list[str]:  # type: ignore[no-untyped-def]
    TOTPDevice.objects.filter(user=personas[username]).delete()
    assert post_login(client, username).status_code == 302
    client.get(reverse("accounts:mfa_enroll"))
    device = TOTPDevice.objects.get(user=personas[username])
    response = client.post(reverse("accounts:mfa_enroll"), {"code": code_for(device)})
    return CODE.findall(response.content.decode())


def test_codes_are_stored_hashed(personas) -> None:
    codes = _enrol(personas, Client())
    assert len(codes) == 10
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    text = dump.getvalue()
    for code in codes:
        assert code not in text and code.replace("-", "") not in text
    hashes = list(BackupCode.objects.values_list("code_hash", flat=True))
    assert len(hashes) == 10 and all("$" in h for h in hashes)


def test_a_backup_code_logs_in_once(personas) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        codes = _enrol(personas, Client())
        first = Client()
        post_login(first, "head")
        response = first.post(reverse("accounts:mfa_verify"), {"code": codes[0].upper().replace("-", " ")})
        assert response.status_code == 302
        assert first.get(reverse("core:home")).status_code == 200
        assert SecurityEvent.objects.filter(kind="BACKUP_CODE_USED", subject=personas["head"]).count() == 1
        clock.shift(timedelta(minutes=1))
        second = Client()
        post_login(second, "head")
        response = second.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
        assert response.status_code == 200 and b'id="mfa-error"' in response.content
        clock.shift(timedelta(minutes=1))
        response = second.post(reverse("accounts:mfa_verify"), {"code": codes[1]})
        assert response.status_code == 302
    assert BackupCodeDevice.objects.get(user=personas["head"]).unused_count() == 8


def test_the_management_page_shows_the_status(personas) -> None:
    client = Client()
    _enrol(personas, client)
    response = client.get(reverse("accounts:mfa_manage"))
    assert response.status_code == 200
    assert re.search(rb'id="backup-codes-left">\s*10\s*<', response.content)


def test_regeneration_needs_a_current_code_and_replaces_the_old_codes(personas) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        client = Client()
        old = _enrol(personas, client)
        response = client.post(reverse("accounts:mfa_backup_codes_regenerate"), {"code": "000000"})
        assert response.status_code == 200 and b'id="mfa-error"' in response.content
        clock.shift(timedelta(seconds=40))
        device = TOTPDevice.objects.get(user=personas["head"])
        response = client.post(reverse("accounts:mfa_backup_codes_regenerate"), {"code": code_for(device)})
        assert response.status_code == 200
        new = CODE.findall(response.content.decode())
        assert len(new) == 10 and not set(new) & set(old)
        assert SecurityEvent.objects.filter(kind="BACKUP_CODES_REGENERATED").count() == 1
        clock.shift(timedelta(minutes=1))
        other = Client()
        post_login(other, "head")
        assert other.post(reverse("accounts:mfa_verify"), {"code": old[0]}).status_code == 200
        clock.shift(timedelta(minutes=1))
        assert other.post(reverse("accounts:mfa_verify"), {"code": new[0]}).status_code == 302


def test_devices_for_user_finds_the_backup_codes(personas) -> None:
    _enrol(personas, Client())
    kinds = {type(d).__name__ for d in devices_for_user(personas["head"])}
    assert kinds == {"TOTPDevice", "BackupCodeDevice"}
