"""The signed-in browsers of each user, for the concurrent-session limit (SESS-06)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One browser in which a user passed both login steps (password and second factor).

    A row is made when the second factor is passed (``sigap.accounts.sessions.user_session_start``),
    so a session that only knows the password neither counts nor shows. ``session_key`` is the key of
    the server-side session row (``django_session`` holds the same key, so this table is no more
    sensitive than that one); ending the session deletes that row, and the browser is at the login
    page at its next request. The row itself stays, marked ended with the reason, so that browser's
    login page can say why (another login took its place, or the user ended it), and as the history of
    the user's devices: a login from a device not in it is mailed to the user (AUTH-10). Rows older
    than ``HISTORY_KEPT`` (180 days) are removed at the user's next login.
    """

    class EndReason(models.TextChoices):
        SESSION_LIMIT = "session_limit", _("Another login took its place")
        ENDED_BY_USER = "ended_by_user", _("Ended from the list of sessions")
        LOGGED_OUT = "logged_out", _("Logged out")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="browser_sessions", db_index=False
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()
    # What the user needs to recognise the browser: a coarse "Chrome · Android", never the raw header.
    device = models.CharField(max_length=80, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "started_at"], name="user_session_user_started_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M} {self.device}"
