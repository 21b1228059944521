"""Session policy and the user's membership on the request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "sigap_login_at"
SESSION_GENERATION = "sigap_generation"


class SessionPolicyMiddleware:
    """Ends a session after the absolute lifetime, or when the user's sessions were revoked.

    Idle expiry is Django's own: ``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST`` slides a
    15-minute window on the server-side session row. Revocation compares the generation stored at
    login with ``User.session_generation`` on every request, so it takes effect at once (SESS-03).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            reason = self._end_reason(request)
            if reason:
                from sigap.accounts.services import security_event_record

                security_event_record(
                    kind="SESSION_ENDED", request=request, subject=user, actor=user, detail={"reason": reason}
                )
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _end_reason(request: HttpRequest) -> str:
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        if login_at is None or time.time() - float(login_at) > settings.SIGAP_SESSION_ABSOLUTE_SECONDS:
            return "absolute_lifetime"
        if session.get(SESSION_GENERATION) != request.user.session_generation:  # type: ignore[union-attr]
            return "revoked"
        return ""


class MembershipMiddleware:
    """Puts the user's active membership (role + unit) on ``request.membership``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.membership = user.membership if user.is_authenticated else None  # type: ignore[attr-defined, union-attr]
        return self.get_response(request)
