"""Login, logout, lockout and the second factor (enrolment, verification, management).

Flow: the login page checks the password (django-axes counts failures on username + IP) and sends
the user on to the second-factor step; that step sends a user without an authenticator to the
enrolment page. Staff pages stay closed until the second factor is passed (sigap.core.access).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import mfa, stepup
from sigap.accounts.forms.auth import LoginForm, MfaVerifyForm, StepUpForm, TotpCodeForm
from sigap.accounts.middleware import SESSION_ENDED_FLAG
from sigap.accounts.request import AuthenticatedRequest, StaffRequest
from sigap.core.access import login_only_view, mfa_satisfied, public_view, staff_view


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _next_url(request: HttpRequest) -> str:
    """The page to go to after the second factor: a local ``next`` or the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    if next_url and next_url != reverse(settings.LOGIN_REDIRECT_URL):
        url += "?" + urlencode({"next": next_url})
    return url


class SigapLoginView(auth_views.LoginView):
    """Password step. New session key at login (Django's login() cycles it)."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if not mfa_satisfied(self.request):
            return _with_next("accounts:mfa_verify", target)
        return target

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Why the last session ended: policy (idle, lifetime, revoked) or SESS-06 (replaced, ended).
        context["session_ended"] = self.request.session.pop(SESSION_ENDED_FLAG, "")
        return context


login_view = public_view(SigapLoginView.as_view())
logout_view = login_only_view(require_POST(auth_views.LogoutView.as_view()))


@login_only_view
@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Second step of the login: a code from the app or a backup code."""
    user = request.user
    next_url = _next_url(request)
    if not settings.SIGAP_REQUIRE_MFA or _is_verified(request):
        return redirect(next_url)
    if not mfa.has_confirmed_totp(user):
        return redirect(_with_next("accounts:mfa_enroll", next_url))
    form = MfaVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = mfa.mfa_verify(user=user, code=form.cleaned_data["code"], request=request)
        if outcome is mfa.VerifyOutcome.BACKUP_CODE:
            messages.warning(
                request,
                _("You logged in with a backup code. It cannot be used again; make new codes when few are left."),
            )
            return redirect(next_url)
        if outcome is mfa.VerifyOutcome.TOTP:
            return redirect(next_url)
        if outcome is mfa.VerifyOutcome.THROTTLED:
            form.add_error("code", _("Too many wrong codes. Wait a little, then try again."))
        else:
            form.add_error("code", _("The code is not correct, or it was already used. Try the next code."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


@login_only_view
@require_http_methods(["GET", "POST"])
def mfa_enroll(request: AuthenticatedRequest) -> HttpResponse:
    """Set up the authenticator app: QR code and secret, then a first code to confirm it."""
    user = request.user
    next_url = _next_url(request)
    if mfa.has_confirmed_totp(user):
        # Enrolment is closed once an authenticator exists; a reset by an administrator reopens it.
        return redirect("accounts:mfa_manage" if _is_verified(request) else _with_next("accounts:mfa_verify", next_url))
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.mfa_enrolment_confirm(user=user, code=form.cleaned_data["code"], request=request)
        if codes is not None:
            messages.success(request, _("Two-factor login is set up."))
            return render(request, "accounts/mfa_backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", _("The code is not correct. Check the time on your phone and try the next code."))
    device = mfa.mfa_enrolment_start(user=user)
    if device is None:  # confirmed meanwhile in another tab
        return redirect(_with_next("accounts:mfa_verify", next_url))
    context = {
        "form": form,
        "next": next_url,
        "qr_data_uri": mfa.totp_qr_data_uri(device),
        "secret": mfa.totp_secret_text(device),
    }
    return render(request, "accounts/mfa_enroll.html", context)


@staff_view()
@require_http_methods(["GET"])
def mfa_manage(request: StaffRequest) -> HttpResponse:
    """The "Two-factor login" page: status, and new backup codes."""
    user = request.user
    return render(
        request,
        "accounts/mfa_manage.html",
        {"status": mfa.mfa_status(user=user, request=request), "form": TotpCodeForm()},
    )


@staff_view()
@require_POST
def mfa_backup_codes_regenerate(request: StaffRequest) -> HttpResponse:
    """Replace the backup codes after a current code from the app; show the new ones once."""
    user = request.user
    form = TotpCodeForm(request.POST)
    if form.is_valid():
        codes = mfa.backup_codes_regenerate(user=user, code=form.cleaned_data["code"], request=request)
        if codes is not None:
            messages.success(request, _("New backup codes are made. The old ones no longer work."))
            return render(
                request, "accounts/mfa_backup_codes.html", {"codes": codes, "next": reverse("accounts:mfa_manage")}
            )
        form.add_error("code", _("The code is not correct, or it was already used. Wait for the next code."))
    status = mfa.mfa_status(user=user, request=request)
    return render(request, "accounts/mfa_manage.html", {"status": status, "form": form}, status=200)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' answer to a locked username + IP: the same page for every username (AUTH-09)."""
    return render(request, "accounts/login.html", {"form": LoginForm(request), "locked_out": True}, status=429)


def username_digest(raw: object) -> str:
    """A keyed hash of an attempted username: lets axes and the event log count attempts per
    account without storing what was typed (often a mistyped password or someone's name)."""
    value = raw.strip().lower() if isinstance(raw, str) else ""
    return salted_hmac("sigap.accounts.attempted-username", value, algorithm="sha256").hexdigest()[:40]


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: axes stores and compares this digest instead of the username."""
    if credentials:
        raw = credentials.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    else:
        raw = request.POST.get("username")
    return username_digest(raw)


# --- step-up (SESS-05) ------------------------------------------------------------------------


def _local_path(candidate: str) -> str:
    """``candidate`` when it is a path of this site, else ''."""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return candidate
    return ""


@staff_view()
@require_http_methods(["GET", "POST"])
def step_up(request: StaffRequest) -> HttpResponse:
    """Password and code again before a sensitive action; then back to it (GET) or resubmit it (POST)."""
    user = request.user
    next_url = _next_url(request)
    replay_to = _local_path(request.POST.get("replay_to", ""))
    replay = [
        (key.removeprefix(stepup.REPLAY_PREFIX), value)
        for key, values in request.POST.lists()
        if key.startswith(stepup.REPLAY_PREFIX)
        for value in values
    ]
    form = StepUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = stepup.step_up_verify(
            user=user,
            password=form.cleaned_data["password"],
            code=form.cleaned_data.get("code", ""),
            request=request,
        )
        if outcome is stepup.StepUpOutcome.OK:
            if replay_to:
                return render(request, "accounts/step_up_continue.html", {"replay_to": replay_to, "replay": replay})
            return redirect(next_url)
        if outcome is stepup.StepUpOutcome.ENDED:
            messages.error(request, _("Too many wrong answers: you were logged out. Log in again to continue."))
            return redirect(settings.LOGIN_URL)
        if outcome is stepup.StepUpOutcome.THROTTLED:
            form.add_error(None, _("Too many wrong codes. Wait a little, then try again."))
        else:
            form.add_error(None, _("The password or the code is not correct."))
    if replay_to:
        return stepup.step_up_page(request, form=form, replay_to=replay_to, replay=replay)
    return render(request, "accounts/step_up.html", {"form": form, "next": next_url})
