"""Login bookkeeping: session start marks, and security events for logins, logouts and lockouts."""

from __future__ import annotations

import time
from typing import Any, cast

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from sigap.accounts.middleware import SESSION_GENERATION, SESSION_LOGIN_AT
from sigap.accounts.models import SecurityEvent, User
from sigap.accounts.request import SigapRequest
from sigap.accounts.services.security import security_event_record
from sigap.accounts.sessions import user_session_forget, user_session_start


def _account(raw_username: object) -> User | None:
    """The account an attempt was aimed at, if it exists (so its unit sees the attack)."""
    if not isinstance(raw_username, str) or not raw_username or len(raw_username) > 150 or "\x00" in raw_username:
        return None
    return User.objects.filter(username=raw_username).first()


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = time.time()
        request.session[SESSION_GENERATION] = user.session_generation
    security_event_record(kind=SecurityEvent.Kind.LOGIN, request=request, actor=user, subject=user)
    if request is not None and hasattr(request, "session") and not settings.SIGAP_REQUIRE_MFA:
        # Without a second factor (the demo only) the session is complete now (SESS-06); with one, it
        # counts once the second factor is passed (sigap.accounts.mfa).
        user_session_start(request=request, user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.LOGOUT, request=request, actor=user, subject=user)
    if request is not None and hasattr(request, "session"):
        # A form still open in another tab of this browser may be sent after this logout: its text is kept
        # for this user (sigap.accounts.drafts, walk #13 finding 2), who is known from this key.
        if request.session.session_key:
            cast("SigapRequest", request).sigap_signed_out_key = request.session.session_key
        user_session_forget(request)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted username is not stored: it may be a mistyped password or a victim's name.
    # Its keyed digest lets a reviewer count attempts on one name.
    from sigap.accounts.views.auth import username_digest

    raw = credentials.get("username")
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        subject=_account(raw),
        detail={"username_digest": username_digest(raw)},
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any) -> None:
    # ``username`` is already axes' digest (AXES_USERNAME_CALLABLE); the account comes from the form.
    raw = request.POST.get("username") if request is not None else None
    security_event_record(
        kind=SecurityEvent.Kind.LOCKOUT,
        request=request,
        subject=_account(raw),
        detail={"username_digest": username or ""},
    )
