"""User administration by the unit admin, and the one-time "choose your password" page.

Every page is ``staff_view(Role.UNIT_ADMIN)`` and scoped to the admin's own unit: a user of another
unit gives 404, before any step-up is asked for (``_member_view``). Actions are POST only (GET gives 405); each asks for confirmation on the page and
calls one service of ``services_users``. A password link is shown to the admin only when the user
has no e-mail address (AUTH-08); the privileged roles are left to the system superuser (see
``services_users``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts import selectors
from sigap.accounts.forms.users import PasswordSetForm, UserContactForm, UserCreateForm, UserFilterForm, UserRoleForm
from sigap.accounts.models import Membership, Role, Unit, User
from sigap.accounts.request import StaffRequest
from sigap.accounts.services import users as services_users
from sigap.accounts.services.users import (
    SECOND_PERSON_RESET,
    SECOND_PERSON_ROLE,
    PasswordLink,
    UserAdminError,
    role_is_privileged,
)
from sigap.accounts.stepup import step_up_marked, step_up_required, step_up_response
from sigap.accounts.user_facts import user_facts
from sigap.core.access import public_view, staff_view

PAGE_SIZE = 25
# The freshly issued link waits here until the detail page shows it once, then it is gone.
LINK_SESSION_KEY = "sigap_password_link"


def _admin(request: StaffRequest) -> tuple[User, Unit]:
    """The acting admin and their unit."""
    return request.user, request.membership.unit


def _member(request: StaffRequest, pk: int) -> tuple[User, Membership]:
    actor, unit = _admin(request)
    return actor, selectors.unit_member_get(unit=unit, user_id=pk)


def _detail(pk: int) -> HttpResponse:
    return redirect("accounts:user_detail", pk=pk)


MemberView = Callable[[StaffRequest, User, Membership], HttpResponse]


def _member_view(view: MemberView) -> Callable[[StaffRequest, int], HttpResponse]:
    """A page about the member ``pk`` that asks for a fresh step-up (SESS-05), in this order: the member
    in the admin's unit (404 for anyone else, so another unit's user id never reaches the step-up page,
    issue #12), then the step-up, then ``view(request, actor, membership)``."""

    @functools.wraps(view)
    def wrapper(request: StaffRequest, pk: int) -> HttpResponse:
        actor, membership = _member(request, pk)
        return step_up_response(request) or view(request, actor, membership)

    return step_up_marked(wrapper)


def _member_act(
    request: StaffRequest, actor: User, membership: Membership, service: Callable[..., object], done: str
) -> HttpResponse:
    """Run a one-button ``service`` on the member; its refusal or ``done`` is shown on the detail page."""
    try:
        service(actor=actor, membership=membership, request=request)
    except UserAdminError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _detail(membership.user_id)


def _keep_link(request: HttpRequest, user_id: int, link: PasswordLink) -> bool:
    """Keep the link for the detail page when the admin must hand it over; True when kept.

    An e-mailed link is never shown: the admin could otherwise open it and choose the password.
    """
    if link.emailed:
        return False
    request.session[LINK_SESSION_KEY] = {"user": user_id, "url": link.url}
    return True


@staff_view(Role.UNIT_ADMIN)
@require_GET
def user_list(request: StaffRequest) -> HttpResponse:
    _, unit = _admin(request)
    filter_form = UserFilterForm(request.GET)
    members = selectors.unit_member_list(unit=unit, **filter_form.filters())
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/users/list.html", {"filter_form": filter_form, "page": page})


@staff_view(Role.UNIT_ADMIN)
@require_http_methods(["GET", "POST"])
@step_up_required
def user_create(request: StaffRequest) -> HttpResponse:
    actor, unit = _admin(request)
    form = UserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            user = services_users.user_create(
                actor=actor,
                unit=unit,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                role=data["role"],
                request=request,
            )
        except UserAdminError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            membership = selectors.unit_member_get(unit=unit, user_id=user.pk)
            link = services_users.user_password_link_issue(actor=actor, membership=membership, request=request)
            if _keep_link(request, user.pk, link):
                messages.success(request, _("The user was created."))
            else:
                messages.success(request, _("The user was created. Their password link was e-mailed to them."))
            return _detail(user.pk)
    return render(request, "accounts/users/create.html", {"form": form})


@staff_view(Role.UNIT_ADMIN)
@require_GET
def user_detail(request: StaffRequest, pk: int) -> HttpResponse:
    actor, membership = _member(request, pk)
    link = request.session.pop(LINK_SESSION_KEY, None)
    if not isinstance(link, dict) or link.get("user") != membership.user_id or membership.user.email:
        link = None
    context: dict[str, Any] = {
        "member": membership,
        "subject": membership.user,
        "is_self": membership.user_id == actor.pk,
        # HEAD, UNIT_ADMIN, AUDITOR: role, MFA and password link are left to the system superuser.
        "privileged": role_is_privileged(membership.role),
        "second_person_role": SECOND_PERSON_ROLE,
        "second_person_reset": SECOND_PERSON_RESET,
        "role_form": UserRoleForm(initial={"role": membership.role}),
        "events": selectors.user_security_events(user=membership.user, unit=membership.unit),
        "extra_facts": user_facts(membership),
        "link": link,
        "link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    return render(request, "accounts/users/detail.html", context)


@staff_view(Role.UNIT_ADMIN)
@require_http_methods(["GET", "POST"])
@_member_view
def user_edit(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    """Correct a member's name, e-mail and phone (not a privileged member's: the system administrator's)."""
    user = membership.user
    if role_is_privileged(membership.role):
        messages.error(request, str(services_users.SECOND_PERSON_EDIT))
        return _detail(user.pk)
    initial = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    form = UserContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services_users.user_update_contact(
                actor=actor,
                membership=membership,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                request=request,
            )
        except UserAdminError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The name and contact details were corrected."))
            else:
                messages.info(request, _("Nothing was changed."))
            return _detail(user.pk)
    return render(request, "accounts/users/edit.html", {"form": form, "subject": user, "member": membership})


@staff_view(Role.UNIT_ADMIN)
@require_POST
@_member_view
def user_change_role(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    form = UserRoleForm(request.POST)
    if not form.is_valid():
        if form.has_error("role", code=UserRoleForm.SECOND_PERSON):
            messages.error(request, str(SECOND_PERSON_ROLE))
        else:
            messages.error(request, _("Choose a role from the list."))
        return _detail(membership.user_id)
    try:
        changed = services_users.user_change_role(
            actor=actor, membership=membership, role=form.cleaned_data["role"], request=request
        )
    except UserAdminError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(request, _("The role was changed. The user's open sessions have ended."))
        else:
            messages.info(request, _("The user already has this role: nothing changed."))
    return _detail(membership.user_id)


@staff_view(Role.UNIT_ADMIN)
@require_POST
@_member_view
def user_deactivate(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    done = _("The user was deactivated. Their open sessions have ended.")
    return _member_act(request, actor, membership, services_users.user_deactivate, done)


@staff_view(Role.UNIT_ADMIN)
@require_POST
@_member_view
def user_reactivate(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    done = _("The user was reactivated and can log in again.")
    return _member_act(request, actor, membership, services_users.user_reactivate, done)


@staff_view(Role.UNIT_ADMIN)
@require_POST
@_member_view
def user_reset_mfa(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    done = _("Two-factor login was reset. The user sets it up again at their next login.")
    return _member_act(request, actor, membership, services_users.user_reset_mfa, done)


@staff_view(Role.UNIT_ADMIN)
@require_POST
@_member_view
def user_password_link(request: StaffRequest, actor: User, membership: Membership) -> HttpResponse:
    try:
        link = services_users.user_password_link_issue(actor=actor, membership=membership, request=request)
    except UserAdminError as error:
        messages.error(request, error.message)
    else:
        if _keep_link(request, membership.user_id, link):
            messages.success(
                request, _("A new password link was issued. Earlier links and the old password no longer work.")
            )
        else:
            messages.success(
                request,
                _("A new password link was e-mailed to the user. Earlier links and the old password no longer work."),
            )
    return _detail(membership.user_id)


class PasswordSetView(PasswordResetConfirmView):
    """The one-time link: the user chooses their own password (Django's token checks, our service).

    Django's view moves the token from the URL into the session and redirects, so the token never
    sits in a Referer header. An expired, used or garbled link renders the "link not valid" page.
    """

    form_class = PasswordSetForm
    template_name = "accounts/users/password_set.html"
    title = gettext_lazy("Choose your password")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        # A deactivated user's link is refused like an expired one.
        return user if user is not None and user.is_active else None

    def form_valid(self, form: Form) -> HttpResponse:
        user = cast(User, self.user)
        services_users.user_password_set(user=user, password=form.cleaned_data["new_password1"], request=self.request)
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("Your password is set. Log in with your username and new password."))
        return redirect(reverse(settings.LOGIN_URL))


password_set = public_view(PasswordSetView.as_view())
