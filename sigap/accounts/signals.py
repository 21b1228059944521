"""Login bookkeeping: session start marks, and security events for logins and logouts."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from sigap.accounts.middleware import SESSION_GENERATION, SESSION_LOGIN_AT
from sigap.accounts.services import security_event_record


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = time.time()
        request.session[SESSION_GENERATION] = user.session_generation
    security_event_record(kind="LOGIN", request=request, actor=user, subject=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind="LOGOUT", request=request, actor=user, subject=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # The attempted username is not stored: it may be a mistyped password or a victim's name.
    security_event_record(kind="LOGIN_FAILED", request=request)
