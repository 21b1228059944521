"""No input to the second-factor forms gives a 500 (hypothesis)."""

from __future__ import annotations

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.accounts.models.mfa import BackupCodeDevice

codes = st.text(max_size=80) | st.from_regex(r"[0-9]{6}", fullmatch=True) | st.from_regex(r"[a-z2-9]{5}-[a-z2-9]{5}")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _reset_throttles() -> None:
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    BackupCodeDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


@FUZZ
@given(code=codes)
def test_no_code_gives_a_server_error_at_verification(personas, code: str) -> None:
    _reset_throttles()
    client = personas.client("unverified")
    response = client.post(reverse("accounts:mfa_verify"), {"code": code})
    assert response.status_code in (200, 302)


@FUZZ
@given(code=codes)
def test_no_code_gives_a_server_error_at_enrolment(personas, code: str) -> None:
    _reset_throttles()
    TOTPDevice.objects.filter(user=personas["unverified"]).delete()
    client = personas.client("unverified")
    response = client.post(reverse("accounts:mfa_enroll"), {"code": code})
    assert response.status_code == 200


@FUZZ
@given(code=codes)
def test_no_code_gives_a_server_error_at_regeneration(personas, code: str) -> None:
    _reset_throttles()
    response = personas.client("head").post(reverse("accounts:mfa_backup_codes_regenerate"), {"code": code})
    assert response.status_code == 200
