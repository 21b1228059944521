"""The Django admin site of Sigap: reference data and users, for superusers who passed the
second factor (AC-08). It lives at ``settings.SIGAP_ADMIN_PATH``, off the usual /admin/ path.

Its own login form is not used: the admin's login URL sends people to Sigap's login, so the
lockout, the second factor and the security events apply to the admin as well.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from sigap.core.access import mfa_satisfied, public_view


class SigapAdminSite(admin.AdminSite):
    """AdminSite that admits active superusers whose session passed the second factor."""

    site_header = _("Sigap administration")
    site_title = _("Sigap administration")
    index_title = _("Reference data and users")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser and mfa_satisfied(request))

    @public_view  # it only redirects: to Sigap's login, to the second factor, or into the admin
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get("next") or index
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = index
        if not request.user.is_authenticated:
            return redirect_to_login(target, settings.LOGIN_URL)
        if not mfa_satisfied(request):
            return redirect("accounts:mfa_verify")
        if self.has_permission(request):
            return redirect(target)
        raise PermissionDenied
