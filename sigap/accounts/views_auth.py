"""Login, logout and the second factor. (Minimal first version; MFA flow comes next.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sigap.core.access import login_only_view, public_view

login_view = public_view(auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True))
logout_view = login_only_view(require_POST(auth_views.LogoutView.as_view()))


@login_only_view
def mfa_verify(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_verify.html", {})


def lockout_response(request: HttpRequest, credentials: dict[str, Any], *args: Any, **kwargs: Any) -> HttpResponse:
    return render(request, "accounts/login.html", {"locked_out": True}, status=429)
