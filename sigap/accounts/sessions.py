"""Signed-in sessions of a user: the concurrent-session limit and the user's own list (SESS-06).

Policy: a user may be signed in in at most ``SIGAP_MAX_SESSIONS`` browsers (2 unless configured).
The login that would be one too many ends the session idle longest: a worker who forgot to log out at
the office can still log in at the police station, and a stolen session left idle does not outlive the
owner's next logins. Refusing the new login instead would let anyone holding a stolen session lock the owner out.
Users see their sessions (device, address, start, last activity) and can end any other one.

Sessions are Django's database sessions (``SESSION_ENGINE``): a session ends when its row is deleted,
and ``expire_date`` minus the idle timeout is its last activity, so no request writes anything extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from sigap.accounts.models import SecurityEvent, User, UserSession
from sigap.accounts.notices import Notice, account_notice_mail
from sigap.accounts.services.security import security_event_record
from sigap.core.net import client_ip

# Past sessions are kept this long: their devices tell a new device from a known one (AUTH-10), and
# an ended session's browser learns at its login page why it was ended.
HISTORY_KEPT = timedelta(days=180)

_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("ChromeOS", r"CrOS"),
    ("macOS", r"Macintosh|Mac OS X"),
    ("Linux", r"Linux"),
)


def device_summary(user_agent: str) -> str:
    """ "Chrome · Android": enough to recognise one's own browser, without keeping the whole header."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), "")
    return " · ".join(part for part in (browser, system) if part)[:80]


@dataclass(frozen=True)
class LiveSession:
    """A session that still works, with what its owner needs to recognise it."""

    row: UserSession
    last_active_at: datetime
    is_current: bool


def _absolute_start_after(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.SIGAP_SESSION_ABSOLUTE_SECONDS)


def user_sessions_live(user: User, *, current_key: str | None = None, now: datetime | None = None) -> list[LiveSession]:
    """The user's sessions that still work, newest first (two queries, whatever their number)."""
    now = now or timezone.now()
    rows = list(
        UserSession.objects.filter(
            user=user, ended_at__isnull=True, started_at__gt=_absolute_start_after(now)
        ).order_by("-started_at", "-pk")
    )
    expiry = dict(
        Session.objects.filter(session_key__in=[row.session_key for row in rows], expire_date__gt=now).values_list(
            "session_key", "expire_date"
        )
    )
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return [
        LiveSession(row=row, last_active_at=expiry[row.session_key] - idle, is_current=row.session_key == current_key)
        for row in rows
        if row.session_key in expiry
    ]


def _prune(user: User, *, live_keys: set[str], now: datetime) -> None:
    """Mark the user's sessions that ended on their own (idle, lifetime) and forget old history."""
    UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(session_key__in=live_keys).update(
        ended_at=now, end_reason=UserSession.EndReason.EXPIRED
    )
    UserSession.objects.filter(user=user, started_at__lt=now - HISTORY_KEPT).delete()


def _is_new_device(user: User, *, device: str, key: str, now: datetime) -> bool:
    """True when the user logged in before, but never from this kind of browser in the kept history."""
    earlier = UserSession.objects.filter(user=user, started_at__gte=now - HISTORY_KEPT).exclude(session_key=key)
    return earlier.exists() and not earlier.filter(device=device).exists()


def _end(row: UserSession, *, reason: str, request: HttpRequest, actor: User, now: datetime) -> None:
    Session.objects.filter(session_key=row.session_key).delete()
    row.ended_at = now
    row.end_reason = reason
    row.save(update_fields=["ended_at", "end_reason"])
    security_event_record(
        kind=SecurityEvent.Kind.SESSION_ENDED,
        request=request,
        actor=actor,
        subject=row.user,
        detail={"reason": reason, "user_session": row.pk},
    )


def user_session_start(*, request: HttpRequest, user: User) -> UserSession:
    """Register the session that just passed the second factor; past the limit, end the idlest.

    Called once the session has its final key (after the second factor cycles it, SESS-02). The
    user's row is locked first, so two logins at the same moment cannot both stay under the limit.
    """
    key = request.session.session_key
    assert key, "the session is saved (cycle_key) before it is registered"
    now = timezone.now()
    device = device_summary(request.META.get("HTTP_USER_AGENT", ""))
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        if _is_new_device(user, device=device, key=key, now=now):
            # AUTH-10: tell the owner, after the commit, without any case data.
            notice = partial(account_notice_mail, user_id=user.pk, notice=Notice.NEW_DEVICE, device=device, when=now)
            transaction.on_commit(notice)
        row, _created = UserSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user": user,
                "started_at": now,
                "device": device,
                "ip_address": client_ip(request) or None,
                "ended_at": None,
                "end_reason": "",
            },
        )
        live = user_sessions_live(user, current_key=key, now=now)
        _prune(user, live_keys={session.row.session_key for session in live}, now=now)
        # Past the limit, the sessions idle longest end first: a browser closed without logging out
        # (its server row lives on until the idle timeout) goes before a phone still in use.
        others = sorted(
            (session for session in live if not session.is_current),
            key=lambda session: (session.last_active_at, session.row.started_at),
        )
        for extra in others[: max(0, len(live) - settings.SIGAP_MAX_SESSIONS)]:
            _end(extra.row, reason=UserSession.EndReason.SESSION_LIMIT, request=request, actor=user, now=now)
    return row


def user_session_get_for_owner(user: User, pk: int) -> UserSession:
    """One of the user's own live sessions; 404 for anyone else's, or one that has ended."""
    for session in user_sessions_live(user):
        if session.row.pk == pk:
            return session.row
    raise Http404


def user_session_end(*, request: HttpRequest, user: User, user_session: UserSession) -> bool:
    """End one of the user's other sessions: that browser is at the login page at its next request.

    False when it had ended meanwhile (a second click, or its own logout): nothing more is recorded.
    """
    with transaction.atomic():
        row = UserSession.objects.select_for_update().filter(pk=user_session.pk, ended_at__isnull=True).first()
        if row is None:
            return False
        _end(row, reason=UserSession.EndReason.ENDED_BY_USER, request=request, actor=user, now=timezone.now())
    return True


def user_session_forget(request: HttpRequest, reason: str = UserSession.EndReason.LOGGED_OUT) -> None:
    """The session is over: logged out, or ended by the session policy (its row stays as history)."""
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key, ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=reason
        )


def user_sessions_revoke(user: User) -> None:
    """The user's sessions were revoked (SESS-03: deactivated, new role, new password or second factor).

    They stop counting and showing at once; each browser still learns at its next request, from the
    session policy, that its session has ended.
    """
    UserSession.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=UserSession.EndReason.REVOKED
    )


def session_history_purge(*, now: datetime | None = None) -> int:
    """Forget sessions older than the history kept (they hold network addresses): run by the worker."""
    cutoff = (now or timezone.now()) - HISTORY_KEPT
    deleted, _by_model = UserSession.objects.filter(started_at__lt=cutoff).delete()
    return deleted


def ended_session_reason(session_key: str) -> str:
    """Why the session with this key was ended by another login or from the list ("" if it was not)."""
    if not session_key or len(session_key) > 40:
        return ""
    reason = UserSession.objects.filter(
        session_key=session_key,
        end_reason__in=[UserSession.EndReason.SESSION_LIMIT, UserSession.EndReason.ENDED_BY_USER],
    ).values_list("end_reason", flat=True)
    return next(iter(reason), "")
