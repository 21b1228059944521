"""Step-up re-authentication (SESS-05): password and a second-factor code, at most five minutes old.

Before the actions that do the most harm in a stolen or borrowed session — bulk exports, a consent
override, user and role administration — Sigap asks again for the password and a code, even though
the session already passed the second factor at login. A successful step-up is remembered in the
session for ``SIGAP_STEP_UP_SECONDS`` (default 300 s).

How a protected view behaves without a fresh step-up:

- GET: redirect to the step-up page, which returns to the same address afterwards.
- POST: the step-up page is shown *instead of* the action, carrying the submitted fields along (hidden,
  never logged); after a correct password and code a "Continue" button submits them again to the same
  address, so nothing typed is lost. Nothing is written before the step-up succeeds.

Wrong answers are security events; after ``MAX_FAILURES`` in one session the session ends (a borrowed
session cannot be used to guess the password). Views are marked with :func:`step_up_required`;
``sigap/accounts/tests/test_step_up.py`` lists every marked URL so a lost decorator fails a test.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import SecurityEvent, User
from sigap.accounts.models.mfa import BackupCodeDevice
from sigap.accounts.services.security import security_event_record

SESSION_KEY = "sigap_step_up_at"
FAILURES_KEY = "sigap_step_up_failures"
MAX_FAILURES = 5
# Fields a replayed POST never carries: the old CSRF token (the continue form has a fresh one) and
# the step-up form's own fields.
NOT_REPLAYED = frozenset({"csrfmiddlewaretoken", "password", "code", "replay_to"})
REPLAY_PREFIX = "replay__"

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponse])


class StepUpOutcome(StrEnum):
    """What one step-up attempt gave."""

    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"
    ENDED = "ended"


def step_up_window() -> int:
    return int(getattr(settings, "SIGAP_STEP_UP_SECONDS", 300))


def step_up_is_fresh(request: HttpRequest) -> bool:
    """Did this session pass a step-up within the window?"""
    done_at = request.session.get(SESSION_KEY)
    return isinstance(done_at, int | float) and 0 <= time.time() - done_at <= step_up_window()


def step_up_mark(session: Any) -> None:
    """Remember a successful step-up in ``session`` (also used by the test personas)."""
    session[SESSION_KEY] = time.time()
    session.pop(FAILURES_KEY, None)


def _code_is_valid(user: User, code: str) -> bool | None:
    """True/False for the code; None when the device is throttled after earlier wrong codes."""
    candidate = code.strip().replace(" ", "")
    device: TOTPDevice | BackupCodeDevice | None
    if candidate.isdigit() and len(candidate) in (6, 8):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    else:
        device = BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return False
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _info = locked.verify_is_allowed()
        if not allowed:
            return None
        return verify_token(user, device.persistent_id, candidate) is not None


def step_up_verify(*, user: User, password: str, code: str, request: HttpRequest) -> StepUpOutcome:
    """Check the password and (when MFA is required) a code; record the outcome as a security event.

    The code is checked even when the password is wrong, so the answer does not tell which was wrong.
    """
    password_ok = user.check_password(password)
    code_ok: bool | None = True
    if settings.SIGAP_REQUIRE_MFA:
        code_ok = _code_is_valid(user, code)
    if password_ok and code_ok:
        with transaction.atomic():
            security_event_record(kind=SecurityEvent.Kind.STEP_UP, request=request, actor=user, subject=user)
        step_up_mark(request.session)
        return StepUpOutcome.OK
    failures = int(request.session.get(FAILURES_KEY, 0)) + 1
    reason = "throttled" if code_ok is None else "wrong"
    with transaction.atomic():
        security_event_record(
            kind=SecurityEvent.Kind.STEP_UP_FAILED,
            request=request,
            actor=user,
            subject=user,
            detail={"reason": reason, "failures": failures},
        )
    if failures >= MAX_FAILURES:
        logout(request)  # flushes the session: a borrowed session cannot keep guessing
        return StepUpOutcome.ENDED
    request.session[FAILURES_KEY] = failures
    return StepUpOutcome.THROTTLED if code_ok is None else StepUpOutcome.WRONG


def replay_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The submitted fields a POST will carry through the step-up page (files cannot be carried)."""
    return [(key, value) for key, values in request.POST.lists() if key not in NOT_REPLAYED for value in values]


def step_up_page(request: HttpRequest, *, form: Any, replay_to: str, replay: list[tuple[str, str]]) -> HttpResponse:
    return render(
        request,
        "accounts/step_up.html",
        {"form": form, "replay_to": replay_to, "replay": [(REPLAY_PREFIX + k, v) for k, v in replay]},
    )


def step_up_response(request: HttpRequest) -> HttpResponse | None:
    """None when the step-up is fresh; otherwise the answer that asks for it (see the module).

    For a view where only some submissions are sensitive (a consent *override*), call this when the
    sensitive option is chosen, before any write.
    """
    if step_up_is_fresh(request):
        return None
    if request.method == "POST":
        from sigap.accounts.forms.auth import StepUpForm

        return step_up_page(request, form=StepUpForm(), replay_to=request.path, replay=replay_fields(request))
    return redirect(reverse("accounts:step_up") + "?" + urlencode({"next": request.get_full_path()}))


def step_up_marked(view: ViewT) -> ViewT:
    """Mark ``view`` as one that asks for a fresh step-up (what :func:`needs_step_up` and the list of
    protected URLs in the tests read). For views that call :func:`step_up_response` on every request
    themselves, after their scope check."""
    vars(view)["sigap_step_up"] = True
    return view


def step_up_required(view: ViewT) -> ViewT:
    """Mark ``view`` as needing a fresh step-up (place it under the access decorator).

    The step-up comes before the view's own code: a view about one object checks the object's scope
    first and uses :func:`step_up_marked` with :func:`step_up_response` instead (a user outside the
    scope gets 404, not the step-up page).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return step_up_response(request) or view(request, *args, **kwargs)

    return step_up_marked(cast(ViewT, wrapper))


def needs_step_up(view: Any) -> bool:
    return bool(getattr(view, "sigap_step_up", False))
