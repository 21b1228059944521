"""Session policy and the user's membership on the request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from sigap.accounts.session_store import SessionStore

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.accounts.request import SigapRequest

SESSION_LOGIN_AT = "sigap_login_at"
# The seconds a session has left without another request, on a partial (htmx) response: the idle warning
# of the page (static/sigap/session.js) restarts its clock from it.
IDLE_LEFT_HEADER = "X-Sigap-Idle-Left"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_GENERATION = "sigap_generation"
# Read once by the login page ("your session has ended").
SESSION_ENDED_FLAG = "sigap_session_ended"


# Set by ``search_post``: this POST only reads (a search sent by POST so that a NIK or a name stays out of
# addresses and logs). For the idle clock it is a page read: the session is written only when it changed or
# its clock is a minute old (D90).
POST_READS_ONLY = "sigap_post_reads_only"


def is_unsafe(request: HttpRequest) -> bool:
    return request.method not in SAFE_METHODS and not getattr(request, POST_READS_ONLY, False)


def search_post(request: HttpRequest) -> None:
    """Mark this POST as a search that changes nothing (see ``POST_READS_ONLY``); call it only from a view whose
    POST writes nothing but its audit event."""
    setattr(request, POST_READS_ONLY, True)


class IdleClockSessionMiddleware(SessionMiddleware):
    """Django's session middleware, writing the session when it changed or its idle clock must move.

    ``SESSION_SAVE_EVERY_REQUEST`` wrote it (an UPDATE and a COMMIT) on every request; a page read within
    a minute of the last write now sends no write at all (sigap.accounts.session_store). A write that finds
    the row gone still gives the "Your session has ended" page (SessionInterrupted), as before.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and not session.modified:
            unsafe = is_unsafe(request)
            if session.idle_clock_due(unsafe=unsafe):
                session.modified = True
            if request.headers.get("HX-Request") and session.stored_expiry is not None:
                response.headers[IDLE_LEFT_HEADER] = str(session.idle_seconds_left(unsafe=unsafe))
        return super().process_response(request, response)


class RequestUserMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware`` in one: ``request.user``,
    its second-factor device and its active membership come from one SELECT (sigap.accounts.request_user).
    A subclass, so that the admin's check for the authentication middleware still finds it."""

    def process_request(self, request: HttpRequest) -> None:
        from sigap.accounts.request_user import request_user

        user = SimpleLazyObject(lambda: request_user(request))

        async def auser() -> object:
            return await sync_to_async(lambda: user)()

        # Django's own attributes, typed by django-stubs as a plain user and method.
        vars(request).update(user=user, auser=auser)


class SessionPolicyMiddleware:
    """Ends a session after the absolute lifetime, or when the user's sessions were revoked.

    Idle expiry is Django's own: ``SESSION_COOKIE_AGE`` slides a 15-minute window on the server-side
    session row, moved by ``IdleClockSessionMiddleware`` (at most once a minute on page reads).
    Revocation compares the generation stored at login with ``User.session_generation`` on every request, so it takes effect at once (SESS-03).
    A deactivated user needs nothing here: Django's ModelBackend no longer loads them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            reason = self._end_reason(request, user)
            if reason:
                from sigap.accounts.models import UserSession
                from sigap.accounts.services.security import security_event_record
                from sigap.accounts.sessions import user_session_forget

                security_event_record(
                    kind="SESSION_ENDED", request=request, subject=user, actor=user, detail={"reason": reason}
                )
                ended = (
                    UserSession.EndReason.EXPIRED if reason == "absolute_lifetime" else UserSession.EndReason.REVOKED
                )
                user_session_forget(request, reason=ended)
                # Whose session it was, for the draft of a POST refused here (sigap.accounts.drafts).
                cast("SigapRequest", request).sigap_ended_user_id = user.pk
                logout(request)
                # The message middleware runs after this one, so the login page shows the notice
                # from a flag in the new, empty session instead of the messages framework.
                request.session[SESSION_ENDED_FLAG] = reason
                return redirect_to_login(request.get_full_path())
        else:
            self._note_replaced_session(request)
        return self.get_response(request)

    @staticmethod
    def _note_replaced_session(request: HttpRequest) -> None:
        """A cookie naming a session that no longer exists: if a newer login or the owner ended it
        (SESS-06), keep the reason for the login page. Django drops the stale cookie on this very
        response, so this is the only request that can still tell."""
        cookie_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not cookie_key or request.session.session_key is not None:
            return
        from sigap.accounts.sessions import ended_session_reason

        reason = ended_session_reason(cookie_key)
        if reason:
            request.session[SESSION_ENDED_FLAG] = reason

    @staticmethod
    def _end_reason(request: HttpRequest, user: User) -> str:
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        if login_at is None or time.time() - float(login_at) > settings.SIGAP_SESSION_ABSOLUTE_SECONDS:
            return "absolute_lifetime"
        if session.get(SESSION_GENERATION) != user.session_generation:
            return "revoked"
        return ""


class MembershipMiddleware:
    """Puts the user's active membership (role + unit) on ``request.membership``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        cast("SigapRequest", request).membership = user.membership if user.is_authenticated else None
        return self.get_response(request)
