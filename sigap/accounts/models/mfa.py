"""Hashed backup codes for the second factor (AUTH-06).

django-otp's own static tokens are stored in plain text; these are stored like passwords (the
project's password hashers, Argon2id in production), so a copy of the database gives no usable
code. The device is a django-otp ``Device``: ``django_otp.devices_for_user`` finds it, the OTP
middleware accepts it as the device that verified a session, and an MFA reset deletes it with the
user's other devices. The services that write these rows are in ``sigap.accounts.mfa``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

# Only these characters appear in a code: no 0/o, 1/l/i, so a code read from paper is typed right.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10  # 31**10 ≈ 2**49.5 per code
BACKUP_CODE_COUNT = 10


def normalise_backup_code(value: str) -> str:
    """Lower-case, without spaces or hyphens: codes are shown as ``abcde-fghjk``."""
    return "".join(ch for ch in value.lower() if ch not in " -\t")


class BackupCodeDevice(ThrottlingMixin, Device):
    """One user's set of single-use backup codes (one device per user, confirmed on creation).

    Verifying a code marks it used; a used code never verifies again. Wrong codes are throttled
    like TOTP codes (1, 2, 4 … seconds between attempts).
    """

    # Declared again (same column) without a reverse accessor on User: devices are found through
    # django_otp.devices_for_user, and mypy cannot type a reverse relation to an untyped base.
    user: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The user that this device belongs to.",
    )
    created_at: models.DateTimeField[Any, Any] = models.DateTimeField(_("created"), default=timezone.now)

    class Meta(Device.Meta):
        verbose_name = _("backup-code set")
        verbose_name_plural = _("backup-code sets")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def unused_count(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token: object) -> bool:
        """Accept an unused code and spend it. Caller holds the row lock (django_otp.verify_token)."""
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        candidate = normalise_backup_code(token) if isinstance(token, str) else ""
        matched: BackupCode | None = None
        if len(candidate) == BACKUP_CODE_LENGTH and all(ch in BACKUP_CODE_ALPHABET for ch in candidate):
            # Stops at the first match: codes are random, so which one matched tells nobody anything.
            for code in self.codes.filter(used_at__isnull=True).order_by("pk"):
                if check_password(candidate, code.code_hash):
                    matched = code
                    break
        if matched is None:
            self.throttle_increment(commit=True)
            return False
        matched.used_at = timezone.now()
        matched.save(update_fields=["used_at"])
        self.throttle_reset(commit=True)
        return True


class BackupCode(models.Model):
    """One backup code, stored hashed; ``used_at`` is set when it is spent."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=255)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self) -> str:
        return f"backup code {self.pk} of device {self.device_id}"
