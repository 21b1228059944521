"""What every staff page needs from the accounts app: the idle warning, and a kept draft to restore."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_shell(request: HttpRequest) -> dict[str, Any]:
    """``session_idle_seconds``/``session_warn_seconds``/``session_left_seconds`` for the idle warning
    (static/sigap/session.js; "left" is the time this page really has: the idle clock moves at most once a
    minute on page reads, sigap.accounts.session_store),
    and ``kept_draft`` ({"action", "fields"}) when this page shows a form whose POST came after the
    session ended (sigap.accounts.drafts)."""
    # Always every key: a variable missing from a template is logged with the whole context (case data).
    context: dict[str, Any] = {
        "session_idle_seconds": 0,
        "session_warn_seconds": 0,
        "session_left_seconds": 0,
        "kept_draft": None,
    }
    user = getattr(request, "user", None)
    from sigap.core.access import mfa_satisfied

    # Staff pages only: before the second factor the ping (a staff view) would be refused.
    if user is None or not user.is_authenticated or not mfa_satisfied(request):
        return context
    from sigap.accounts.drafts import draft_for_page
    from sigap.accounts.middleware import is_unsafe
    from sigap.accounts.session_store import SessionStore

    idle = int(settings.SESSION_COOKIE_AGE)
    context["session_idle_seconds"] = idle
    session = request.session
    left = session.idle_seconds_left(unsafe=is_unsafe(request)) if isinstance(session, SessionStore) else idle
    context["session_left_seconds"] = left
    # Never more than half the idle time (a short test timeout still leaves time to type).
    context["session_warn_seconds"] = min(int(settings.SIGAP_SESSION_WARNING_SECONDS), idle // 2)
    draft = draft_for_page(request)
    if draft is not None:
        context["kept_draft"] = {"action": draft.action, "fields": draft.fields}
    return context
