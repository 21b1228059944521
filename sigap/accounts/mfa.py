"""Second factor (AUTH-05, AUTH-06): TOTP enrolment, verification, hashed backup codes, reset.

Every write is a keyword-only service under ``transaction.atomic`` that records its security event
in the same transaction. Codes and secrets are never logged nor written to an event.

Rules worth knowing:

- Enrolment is possible only while the user has no confirmed TOTP device: someone holding just the
  password must not be able to add their own authenticator to an enrolled account.
- A TOTP code verifies at most once (django-otp's ``last_t``) and wrong codes are throttled
  (1, 2, 4 … seconds); backup codes are single-use and throttled the same way.
- After a successful second factor the session gets a new key (SESS-02).
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import segno
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import SecurityEvent, User
from sigap.accounts.models.mfa import (
    BACKUP_CODE_ALPHABET,
    BACKUP_CODE_COUNT,
    BACKUP_CODE_LENGTH,
    BackupCode,
    BackupCodeDevice,
)
from sigap.accounts.services.security import security_event_record
from sigap.accounts.sessions import user_session_start

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"


class VerifyOutcome(StrEnum):
    """What happened to one submitted second-factor code."""

    TOTP = "totp"
    BACKUP_CODE = "backup_code"
    INVALID = "invalid"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class MfaStatus:
    """What the "Two-factor login" page shows."""

    enrolled: bool
    enrolled_at: datetime | None
    last_used_at: datetime | None
    backup_codes_left: int
    verified_now: bool


# --- Reads -----------------------------------------------------------------------------------


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_status(*, user: User, request: HttpRequest) -> MfaStatus:
    device = confirmed_totp_device(user)
    backup = BackupCodeDevice.objects.filter(user=user).first()
    is_verified = getattr(request.user, "is_verified", None)
    return MfaStatus(
        enrolled=device is not None,
        enrolled_at=device.created_at if device is not None else None,
        last_used_at=device.last_used_at if device is not None else None,
        backup_codes_left=backup.unused_count() if backup is not None else 0,
        verified_now=bool(is_verified and is_verified()),
    )


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (CSP allows img-src data:)."""
    return str(segno.make_qr(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def format_backup_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# --- Writes ----------------------------------------------------------------------------------


@transaction.atomic
def mfa_enrolment_start(*, user: User) -> TOTPDevice | None:
    """The unconfirmed TOTP device to enrol, created once and reused on reload (same QR code).

    Returns None when the user already has a confirmed device (enrolment is closed).
    """
    if has_confirmed_totp(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_backup_codes(*, user: User) -> list[str]:
    """Replace the user's backup codes with ten fresh ones; return them in clear (shown once)."""
    BackupCodeDevice.objects.filter(user=user).delete()
    device = BackupCodeDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    BackupCode.objects.bulk_create(BackupCode(device=device, code_hash=make_password(code)) for code in codes)
    return [format_backup_code(code) for code in codes]


def _mark_verified(request: HttpRequest, device: TOTPDevice | BackupCodeDevice) -> None:
    otp_login(request, device)
    # New session key once the second factor is passed (SESS-02): a key seen before MFA is useless.
    request.session.cycle_key()
    # Only now does the session count towards the concurrent-session limit (SESS-06).
    user = request.user
    assert isinstance(user, User)  # the second factor follows a password login
    user_session_start(request=request, user=user)


def mfa_enrolment_confirm(*, user: User, code: str, request: HttpRequest) -> list[str] | None:
    """Confirm the pending TOTP device with its first code.

    On success: the device is confirmed, the session is verified (new key), ten backup codes are
    made, MFA_ENROLLED is recorded, and the backup codes are returned in clear to show once.
    On a wrong code: MFA_FAILED is recorded and None is returned.
    """
    codes: list[str] | None = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        # verify_token counts a wrong code on the device (throttle) and commits it with this block.
        if device is not None and not has_confirmed_totp(user) and device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Leftover unconfirmed devices (several tabs) must not stay around as spare secrets.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _new_backup_codes(user=user)
            security_event_record(kind=SecurityEvent.Kind.MFA_ENROLLED, request=request, actor=user, subject=user)
        else:
            security_event_record(
                kind=SecurityEvent.Kind.MFA_FAILED,
                request=request,
                actor=user,
                subject=user,
                detail={"step": "enrol"},
            )
    if codes is not None and device is not None:
        _mark_verified(request, device)
    return codes


def mfa_verify(*, user: User, code: str, request: HttpRequest) -> VerifyOutcome:
    """Check a code at login: six or eight digits go to the authenticator, anything else to the
    backup codes. Records MFA_VERIFIED (and BACKUP_CODE_USED) or MFA_FAILED."""
    candidate = code.strip().replace(" ", "")
    totp = confirmed_totp_device(user)
    device: TOTPDevice | BackupCodeDevice | None
    if candidate.isdigit() and len(candidate) in (6, 8):
        device = totp
    else:
        device = BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
    outcome = VerifyOutcome.INVALID
    with transaction.atomic():
        if device is not None:
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _info = locked.verify_is_allowed()
            if not allowed:
                outcome = VerifyOutcome.THROTTLED
            elif verify_token(user, device.persistent_id, candidate) is not None:
                outcome = VerifyOutcome.TOTP if isinstance(device, TOTPDevice) else VerifyOutcome.BACKUP_CODE
    if outcome in (VerifyOutcome.TOTP, VerifyOutcome.BACKUP_CODE):
        assert device is not None
        with transaction.atomic():
            security_event_record(
                kind=SecurityEvent.Kind.MFA_VERIFIED,
                request=request,
                actor=user,
                subject=user,
                detail={"method": outcome.value},
            )
            if outcome is VerifyOutcome.BACKUP_CODE:
                security_event_record(
                    kind=SecurityEvent.Kind.BACKUP_CODE_USED, request=request, actor=user, subject=user
                )
        _mark_verified(request, device)
    else:
        security_event_record(
            kind=SecurityEvent.Kind.MFA_FAILED,
            request=request,
            actor=user,
            subject=user,
            detail={"step": "verify", "reason": outcome.value},
        )
    return outcome


def backup_codes_regenerate(*, user: User, code: str, request: HttpRequest) -> list[str] | None:
    """New backup codes (the old ones stop working), after a current authenticator code.

    The code is asked again so that an unlocked, unattended session cannot mint codes. Returns the
    new codes in clear (shown once), or None when the code is wrong or throttled.
    """
    device = confirmed_totp_device(user)
    candidate = code.strip().replace(" ", "")
    if device is None or verify_token(user, device.persistent_id, candidate) is None:
        security_event_record(
            kind=SecurityEvent.Kind.MFA_FAILED,
            request=request,
            actor=user,
            subject=user,
            detail={"step": "regenerate_backup_codes"},
        )
        return None
    with transaction.atomic():
        codes = _new_backup_codes(user=user)
        security_event_record(
            kind=SecurityEvent.Kind.BACKUP_CODES_REGENERATED, request=request, actor=user, subject=user
        )
    return codes


@transaction.atomic
def mfa_reset(*, user: User, actor: User | None, request: HttpRequest | None = None) -> None:
    """Remove every second-factor device of ``user`` and end their open sessions (SESS-03).

    The user enrols again at their next login. For user administration (lost phone).
    """
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    security_event_record(kind=SecurityEvent.Kind.MFA_RESET, request=request, actor=actor, subject=user)
