"""The user's own signed-in sessions: the list, and ending one of the others (SESS-06)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts import sessions
from sigap.accounts.middleware import SESSION_LOGIN_AT
from sigap.accounts.request import StaffRequest
from sigap.core.access import staff_view
from sigap.core.net import client_ip


@staff_view()
def session_list(request: StaffRequest) -> HttpResponse:
    """Where the user is signed in now: this browser first marked, the others with an "End" button."""
    current_key = request.session.session_key
    live = sessions.user_sessions_live(request.user, current_key=current_key)
    # A session from before this list existed (or from a test login) has no row: show it all the same.
    current_known = any(session.is_current for session in live)
    login_at = request.session.get(SESSION_LOGIN_AT)
    current_login_at = datetime.fromtimestamp(float(login_at), tz=UTC) if login_at is not None else None
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": live,
            "current_unlisted": not current_known,
            "current_device": sessions.device_summary(request.META.get("HTTP_USER_AGENT", "")),
            "current_ip": client_ip(request),
            "current_login_at": current_login_at,
            "max_sessions": settings.SIGAP_MAX_SESSIONS,
        },
    )


@staff_view()
@require_POST
def session_end(request: StaffRequest, pk: int) -> HttpResponse:
    """End another of the user's sessions (404 for anyone else's session or one already ended)."""
    user = request.user
    user_session = sessions.user_session_get_for_owner(user, pk)
    if user_session.session_key == request.session.session_key:
        messages.error(request, _("This is the session you are using. To end it, log out."))
        return redirect("accounts:session_list")
    if sessions.user_session_end(request=request, user=user, user_session=user_session):
        messages.success(request, _("The session has ended. That browser must log in again."))
    return redirect("accounts:session_list")


@staff_view()
@require_POST
def session_ping(request: StaffRequest) -> JsonResponse:
    """The idle warning's "Continue", or typing in a form: the request itself restarts the idle clock (a POST
    always writes the session, IdleClockSessionMiddleware); the answer says how long the session now lasts
    without activity."""
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})
