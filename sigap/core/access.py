"""Deny-by-default access policy for every view (AC-02).

Every view carries exactly one policy, set by one of the decorators below; the middleware refuses
any view without one. A test walks the URLConf and fails when a view has none.

- ``public_view``: no login (login page, health check, public reporting form).
- ``login_only_view``: logged in, second factor not yet passed (MFA enrolment and verification).
- ``staff_view(*roles)``: logged in, active membership in an active unit, second factor passed
  (when ``SIGAP_REQUIRE_MFA``), and a role among ``roles`` (all roles when none is given).

Roles are plain strings here: the accounts app owns them and registers the whole set
(``staff_roles_register``, from ``AccountsConfig.ready``) for ``staff_view()`` without roles. The core
floor names no app (docs/architecture.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

logger = logging.getLogger("sigap.access")

ViewT = TypeVar("ViewT", bound=Callable[..., Any])
# What a policy lets a view rely on is typed by the view itself (``request: StaffRequest`` from
# sigap.accounts.request): core names no app, so the decorators stay generic.

PUBLIC = "public"
LOGIN_ONLY = "login_only"
STAFF = "staff"


# Every staff role, registered by the app that owns the roles (accounts). ``staff_view()`` without
# roles admits each of them; with nothing registered it admits nobody (deny by default).
_STAFF_ROLES: set[str] = set()


def staff_roles_register(roles: Iterable[str]) -> None:
    _STAFF_ROLES.update(str(role) for role in roles)


@dataclass(frozen=True)
class AccessPolicy:
    kind: str
    roles: frozenset[str] = frozenset()
    every_role: bool = False  # staff_view() without roles: each registered staff role

    def admits(self, role: str) -> bool:
        """Whether a staff member with ``role`` passes (PUBLIC and LOGIN_ONLY views admit everyone)."""
        if self.kind in (PUBLIC, LOGIN_ONLY):
            return True
        return role in (_STAFF_ROLES if self.every_role else self.roles)


def _mark(view: ViewT, policy: AccessPolicy) -> ViewT:
    view.sigap_access = policy  # type: ignore[attr-defined]
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view_class.sigap_access = policy
    return view


def public_view(view: ViewT) -> ViewT:
    return _mark(view, AccessPolicy(PUBLIC))


def login_only_view(view: ViewT) -> ViewT:
    return _mark(view, AccessPolicy(LOGIN_ONLY))


def staff_view(*roles: str) -> Callable[[ViewT], ViewT]:
    policy = AccessPolicy(STAFF, frozenset(str(r) for r in roles), every_role=not roles)

    def decorator(view: ViewT) -> ViewT:
        return _mark(view, policy)

    return decorator


def policy_of(view: Any) -> AccessPolicy | None:
    policy = getattr(view, "sigap_access", None)
    if policy is None:
        view_class = getattr(view, "view_class", None)
        policy = getattr(view_class, "sigap_access", None)
    return policy


def mfa_satisfied(request: HttpRequest) -> bool:
    if not settings.SIGAP_REQUIRE_MFA:
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


# Views of third-party apps that bring their own checks (the Django admin is wrapped in an OTP
# admin site that requires a verified superuser).
EXEMPT_MODULE_PREFIXES: tuple[str, ...] = ("django.contrib.admin.", "django.contrib.staticfiles.")


def _is_plain_redirect(view: Any) -> bool:
    """The admin's ``<id>/`` → ``<id>/change/`` redirects: they show nothing and lead to checked views."""
    from django.views.generic import RedirectView

    view_class = getattr(view, "view_class", None)
    return view_class is not None and issubclass(view_class, RedirectView)


class AccessPolicyMiddleware:
    """Applies the view's policy before the view runs; unmarked views are refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Iterable[Any], view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(EXEMPT_MODULE_PREFIXES) or _is_plain_redirect(view_func):
            return None
        policy = policy_of(view_func)
        if policy is None:
            logger.error("view without access policy refused", extra={"view": f"{module}.{view_func.__name__}"})
            raise PermissionDenied
        if policy.kind == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if policy.kind == LOGIN_ONLY:
            return None
        # STAFF from here on.
        if not mfa_satisfied(request):
            # Back to the page asked for once the second factor is passed (GET only: a POST is not replayed).
            target = reverse("accounts:mfa_verify")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        membership = getattr(request, "membership", None)
        if membership is None or not policy.admits(membership.role):
            raise PermissionDenied
        return None
