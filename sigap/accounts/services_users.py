"""Writes of user administration by the unit admin (create, role, deactivate, MFA reset, password link).

Every function is keyword-only, runs under ``transaction.atomic`` and records its security event in
the same transaction. Guards raise :class:`UserAdminError` with a message for the admin. Nobody ever
sees or sets another person's password: new users get an unusable password and choose their own
through a one-time link (``PasswordResetTokenGenerator``, valid ``PASSWORD_RESET_TIMEOUT`` = 1 h).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from sigap.accounts.models import Membership, Role, SecurityEvent, Unit, User
from sigap.accounts.services import security_event_record

logger = logging.getLogger("sigap.accounts")

# Shared or default account names are refused (AUTH-01: named individual accounts only).
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "test", "demo", "guest", "user", "sigap", "superuser", "operator", "staff"}
)


class UserAdminError(Exception):
    """A guard refused the action; ``message`` is shown to the admin as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PasswordLink:
    """A freshly issued one-time link. ``emailed`` says whether an e-mail was queued to the user."""

    url: str
    emailed: bool


def _locked_user(membership: Membership) -> User:
    """The member's user row, locked for the rest of the transaction (no-op lock on SQLite)."""
    return User.objects.select_for_update().get(pk=membership.user_id)


def _bump_session_generation(user: User) -> None:
    # The SessionPolicyMiddleware compares this with the value stored at login: every open session
    # of the user ends at its next request, on every web node, without hunting for session rows.
    user.session_generation += 1
    user.save(update_fields=["session_generation"])


def _refuse_self(actor: User, user: User, message: str) -> None:
    if actor.pk == user.pk:
        raise UserAdminError(message)


@transaction.atomic
def user_create(
    *,
    actor: User,
    unit: Unit,
    username: str,
    full_name: str,
    email: str,
    phone: str,
    role: str,
    request: HttpRequest | None = None,
) -> User:
    """Create a user of ``unit`` with ``role`` and no usable password (they set it through a link)."""
    if role not in Role.values:
        raise UserAdminError(_("Choose a role from the list."))
    username = username.strip()
    if username.lower() in RESERVED_USERNAMES:
        raise UserAdminError(_("This username is reserved. Use a name that identifies one person."))
    if User.objects.filter(username__iexact=username).exists():
        raise UserAdminError(_("This username is already taken."))
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), phone=phone.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    security_event_record(
        kind=SecurityEvent.Kind.USER_CREATED,
        request=request,
        actor=actor,
        subject=user,
        unit=unit,
        detail={"role": role},
    )
    return user


@transaction.atomic
def user_change_role(*, actor: User, membership: Membership, role: str, request: HttpRequest | None = None) -> bool:
    """Give the member a new role; their open sessions end. Returns False when the role is unchanged."""
    if role not in Role.values:
        raise UserAdminError(_("Choose a role from the list."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    user = _locked_user(membership)
    _refuse_self(actor, user, _("You cannot change your own role. Ask another unit administrator."))
    old_role = membership.role
    if old_role == role:
        return False
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    _bump_session_generation(user)
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_CHANGED,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail={"from": old_role, "to": role},
    )
    return True


@transaction.atomic
def user_deactivate(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    """Switch the user off: they cannot log in and every open session of theirs ends at once."""
    user = _locked_user(membership)
    _refuse_self(actor, user, _("You cannot deactivate your own account. Ask another unit administrator."))
    if not user.is_active:
        raise UserAdminError(_("This user is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _bump_session_generation(user)
    security_event_record(
        kind=SecurityEvent.Kind.USER_DEACTIVATED, request=request, actor=actor, subject=user, unit=membership.unit
    )


@transaction.atomic
def user_reactivate(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    """Let a deactivated user log in again (with their existing password and second factor)."""
    user = _locked_user(membership)
    if user.is_active:
        raise UserAdminError(_("This user is already active."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    security_event_record(
        kind=SecurityEvent.Kind.USER_REACTIVATED, request=request, actor=actor, subject=user, unit=membership.unit
    )


@transaction.atomic
def user_reset_mfa(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> int:
    """Delete every second-factor device of the user (TOTP, backup codes); they enrol again at next login.

    Returns the number of devices removed. The admin's own factor is managed on their own MFA page:
    resetting it here from a possibly stolen session would let an intruder enrol their own device.
    """
    user = _locked_user(membership)
    _refuse_self(actor, user, _("You cannot reset your own two-factor login here."))
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    _bump_session_generation(user)
    security_event_record(
        kind=SecurityEvent.Kind.MFA_RESET,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail={"devices": removed},
    )
    return removed


def _send_link_email(*, user_id: int, url: str) -> None:
    """Send the link to the user's own address: their name and the link only, no unit or case data."""
    user = User.objects.filter(pk=user_id).only("email", "full_name", "username").first()
    if user is None or not user.email:
        return
    context = {"name": user.full_name or user.username, "url": url, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    subject = render_to_string("accounts/users/password_link_subject.txt", context).strip()
    body = render_to_string("accounts/users/password_link_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as exc:  # noqa: BLE001 - a mail failure must not break the page; the admin has the link
        # The exception text may carry the address: log its type and the user id only.
        logger.error("password link e-mail failed", extra={"user_id": user_id, "error": type(exc).__name__})


@transaction.atomic
def user_password_link_issue(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> PasswordLink:
    """Issue a one-time "set your password" link, e-mail it to the user and return it for the admin.

    The user's current password stops working and earlier links die with it: the token is derived
    from the password hash, which ``set_unusable_password`` replaces with a fresh random value.
    The user's open sessions end too (a password reset ends sessions, SESS-03). The e-mail is sent
    after commit, so a rolled-back issue sends nothing.
    """
    user = _locked_user(membership)
    _refuse_self(actor, user, _("You cannot issue a password link for your own account."))
    if not user.is_active:
        raise UserAdminError(_("Reactivate the user before issuing a password link."))
    user.set_unusable_password()
    user.session_generation += 1
    user.save(update_fields=["password", "session_generation"])
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    url = request.build_absolute_uri(path) if request is not None else path
    emailed = bool(user.email)
    if emailed:
        transaction.on_commit(partial(_send_link_email, user_id=user.pk, url=url))
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_LINK_SENT,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail={"emailed": emailed},
    )
    return PasswordLink(url=url, emailed=emailed)


@transaction.atomic
def user_password_set(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """The user chose their own password through a valid link (validated by the form).

    Setting the password changes its hash, so the link that led here stops working at once.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.password_set_at = timezone.now()
    user.session_generation += 1
    user.save(update_fields=["password", "password_set_at", "session_generation"])
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_SET, request=request, actor=user, subject=user)
