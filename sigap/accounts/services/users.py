"""Writes of user administration (create, role, deactivate, MFA reset, password link).

Every function is keyword-only, runs under ``transaction.atomic`` and records its security event in
the same transaction. Guards raise :class:`UserAdminError` with a message for the admin. Nobody ever
sees or sets another person's password: new users get an unusable password and choose their own
through a one-time link (``PasswordResetTokenGenerator``, valid ``PASSWORD_RESET_TIMEOUT`` = 1 h).

Two-person rule (security.md §2.10, review finding 3): the unit admin could otherwise take over the
HEAD's account (reset their second factor, then use a password link). So the privileged roles
(:data:`PRIVILEGED_ROLES`) are granted, taken away, reset and re-linked only by the system
superuser: on the server (``manage.py user_recover``, ``channel=Channel.CLI``, actor None) or in the
Django admin (``channel=Channel.DJANGO_ADMIN``). The user is e-mailed about every such change (AUTH-10).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user

from sigap.accounts.models import Membership, Role, SecurityEvent, Unit, User
from sigap.accounts.notices import Notice, account_notice_mail, password_link_mail
from sigap.accounts.services.security import security_event_record
from sigap.accounts.sessions import user_sessions_revoke
from sigap.core.crypto.normalise import validate_phone

# Roles whose holder can see every case of the unit, manage its users or read its whole audit trail.
PRIVILEGED_ROLES = frozenset({Role.HEAD, Role.UNIT_ADMIN, Role.AUDITOR})


class Channel(models.TextChoices):
    """Who acts, and so which guards apply. Recorded in the event ``detail`` as ``via`` (except the web UI)."""

    UNIT_ADMIN = "web", gettext_lazy("Unit administrator (web)")
    CLI = "cli", gettext_lazy("System superuser on the server (manage.py user_recover)")
    DJANGO_ADMIN = "django_admin", gettext_lazy("System superuser (Django admin)")


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
    """A freshly issued one-time link. ``emailed`` says whether an e-mail was queued to the user.

    When ``emailed`` is True nobody but the user may see ``url`` (AUTH-08): never show it to the admin.
    """

    url: str
    emailed: bool


def _locked_user(membership: Membership) -> User:
    """The member's user row, locked for the rest of the transaction (no-op lock on SQLite)."""
    return User.objects.select_for_update().get(pk=membership.user_id)


def _locked_member(
    actor: User | None, membership: Membership, channel: str, *, own: str | None, second_person: str
) -> tuple[Membership, User]:
    """The membership and its user, locked, for an action the unit admin may not take on a privileged
    member (``second_person``) nor, when ``own`` says why, on her own account."""
    _check_channel(actor, channel)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    user = _locked_user(membership)
    if own is not None:
        _refuse_self(actor, user, own)
    _require_second_person(channel, membership.role, message=second_person)
    return membership, user


def _bump_session_generation(user: User) -> None:
    # The SessionPolicyMiddleware compares this with the value stored at login: every open session
    # of the user ends at its next request, on every web node, without hunting for session rows.
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    user_sessions_revoke(user)


def _refuse_self(actor: User | None, user: User, message: str) -> None:
    if actor is not None and actor.pk == user.pk:
        raise UserAdminError(message)


def role_is_privileged(role: str) -> bool:
    """True for the roles only the system superuser may grant, take away, reset or re-link."""
    return role in PRIVILEGED_ROLES


def _check_channel(actor: User | None, channel: str) -> None:
    # Programming errors, not user input: the CLI acts without a user, the Django admin as a superuser.
    if channel == Channel.CLI and actor is not None:
        raise ValueError("the CLI channel acts without an actor")
    if channel != Channel.CLI and actor is None:
        raise ValueError("an actor is required outside the CLI")
    if channel == Channel.DJANGO_ADMIN and not (actor is not None and actor.is_superuser):
        raise ValueError("the Django admin channel needs a superuser")
    if channel not in Channel.values:
        raise ValueError("unknown channel")


def _require_second_person(channel: str, *roles: str, message: str) -> None:
    """Refuse the unit admin any action on a privileged role (two-person rule)."""
    if channel == Channel.UNIT_ADMIN and any(role_is_privileged(role) for role in roles):
        raise UserAdminError(message)


def _detail(channel: str, **values: object) -> dict[str, object]:
    # Events of the web UI keep their historical shape; the superuser's carry where they came from.
    return values if channel == Channel.UNIT_ADMIN else {**values, "via": str(channel)}


# Apps whose work belongs to a role in a unit (the case file: emergency-access reviews for the unit's
# auditor) register here; each hook is called with the unit, inside the transaction of any change of
# who holds which role there (a new user, a new role, deactivation, reactivation).
MEMBERSHIP_CHANGE_HOOKS: list[Callable[[Unit], None]] = []


def memberships_changed(unit: Unit) -> None:
    """Tell the registered apps that who holds which role in ``unit`` may have changed."""
    for hook in MEMBERSHIP_CHANGE_HOOKS:
        hook(unit)


def _notify(user: User, notice: str, role: str = "") -> None:
    transaction.on_commit(partial(account_notice_mail, user_id=user.pk, notice=notice, role=role))


SECOND_PERSON_ROLE = gettext_lazy(
    "Only the system administrator can give or take away the roles Head of unit, Unit administrator and "
    "Auditor. Ask them to do it on the server (manage.py user_recover)."
)
SECOND_PERSON_EDIT = gettext_lazy(
    "This user is a Head of unit, Unit administrator or Auditor: only the system administrator can change "
    "their name, e-mail or phone (the password link goes to that e-mail)."
)
SECOND_PERSON_RESET = gettext_lazy(
    "This user is a Head of unit, Unit administrator or Auditor: only the system administrator can reset "
    "their two-factor login or issue them a password link. Ask them to do it on the server "
    "(manage.py user_recover)."
)


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
    """Create a user of ``unit`` with ``role`` and no usable password (they set it through a link).

    The unit admin cannot create a user with a privileged role: they would hold the new account's
    password link. They create it with another role and the system superuser grants the role.
    """
    if role not in Role.values:
        raise UserAdminError(_("Choose a role from the list."))
    _require_second_person(Channel.UNIT_ADMIN, role, message=str(SECOND_PERSON_ROLE))
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
    memberships_changed(unit)
    return user


@transaction.atomic
def user_update_contact(
    *,
    actor: User | None,
    membership: Membership,
    full_name: str,
    email: str,
    phone: str,
    request: HttpRequest | None = None,
    channel: str = Channel.UNIT_ADMIN,
) -> list[str]:
    """Correct a member's name, e-mail and phone; returns the names of the fields that changed.

    Audited as a security event with the field *names* only: staff names and contacts are personal
    (``sigap.accounts.classification``), so neither the old nor the new value goes into the trail. The unit
    admin cannot edit a privileged member: a new e-mail would receive that account's next password link.
    """
    membership, user = _locked_member(actor, membership, channel, own=None, second_person=str(SECOND_PERSON_EDIT))
    new = {"full_name": full_name.strip(), "email": email.strip(), "phone": phone.strip()}
    if not new["full_name"]:
        raise UserAdminError(_("Enter the user's full name."))
    if new["phone"]:
        validate_phone(new["phone"])
    changed = [name for name, value in new.items() if getattr(user, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(user, name, new[name])
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=changed)
    security_event_record(
        kind=SecurityEvent.Kind.USER_UPDATED,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail=_detail(channel, fields=changed),
    )
    return changed


@transaction.atomic
def user_change_role(
    *,
    actor: User | None,
    membership: Membership,
    role: str,
    request: HttpRequest | None = None,
    channel: str = Channel.UNIT_ADMIN,
) -> bool:
    """Give the member a new role; their open sessions end and they are told by e-mail.

    Returns False when the role is unchanged. The unit admin can neither grant a privileged role
    nor change the role of someone who holds one (demoting the HEAD is a takeover step too).
    """
    _check_channel(actor, channel)
    if role not in Role.values:
        raise UserAdminError(_("Choose a role from the list."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    user = _locked_user(membership)
    _refuse_self(actor, user, _("You cannot change your own role. Ask another unit administrator."))
    old_role = membership.role
    if old_role == role:
        return False
    _require_second_person(channel, old_role, role, message=str(SECOND_PERSON_ROLE))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    _bump_session_generation(user)
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_CHANGED,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail=_detail(channel, **{"from": old_role, "to": role}),
    )
    _notify(user, Notice.ROLE_CHANGED, role)
    memberships_changed(membership.unit)
    return True


@transaction.atomic
def user_deactivate(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    """Switch the user off: they cannot log in and every open session of theirs ends at once.

    Allowed for every role (a compromised HEAD account must be switched off fast): it gives the
    admin no access to the account. The user is told by e-mail.
    """
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
    _notify(user, Notice.DEACTIVATED)
    memberships_changed(membership.unit)


@transaction.atomic
def user_reactivate(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    """Let a deactivated user log in again (with their existing password and second factor).

    Allowed for every role: the account comes back with its owner's credentials only. E-mailed.
    """
    user = _locked_user(membership)
    if user.is_active:
        raise UserAdminError(_("This user is already active."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    security_event_record(
        kind=SecurityEvent.Kind.USER_REACTIVATED, request=request, actor=actor, subject=user, unit=membership.unit
    )
    _notify(user, Notice.REACTIVATED)
    memberships_changed(membership.unit)


@transaction.atomic
def user_reset_mfa(
    *,
    actor: User | None,
    membership: Membership,
    request: HttpRequest | None = None,
    channel: str = Channel.UNIT_ADMIN,
) -> int:
    """Delete every second-factor device of the user (TOTP, backup codes); they enrol again at next login.

    Returns the number of devices removed. The admin's own factor is managed on their own MFA page:
    resetting it here from a possibly stolen session would let an intruder enrol their own device.
    A privileged user's factor is reset by the system superuser only. The user is told by e-mail.
    """
    own = _("You cannot reset your own two-factor login here.")
    membership, user = _locked_member(actor, membership, channel, own=own, second_person=str(SECOND_PERSON_RESET))
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
        detail=_detail(channel, devices=removed),
    )
    _notify(user, Notice.MFA_RESET)
    return removed


@transaction.atomic
def user_password_link_issue(
    *,
    actor: User | None,
    membership: Membership,
    request: HttpRequest | None = None,
    channel: str = Channel.UNIT_ADMIN,
) -> PasswordLink:
    """Issue a one-time "set your password" link and e-mail it to the user.

    The caller shows ``url`` to the unit admin only when ``emailed`` is False (the user has no
    e-mail address: the admin hands it over in person); the CLI prints it for the superuser.
    The user's current password stops working and earlier links die with it: the token is derived
    from the password hash, which ``set_unusable_password`` replaces with a fresh random value.
    The user's open sessions end too (a password reset ends sessions, SESS-03). The e-mail is sent
    after commit, so a rolled-back issue sends nothing. A privileged user's link is issued by the
    system superuser only.
    """
    own = _("You cannot issue a password link for your own account.")
    membership, user = _locked_member(actor, membership, channel, own=own, second_person=str(SECOND_PERSON_RESET))
    if not user.is_active:
        raise UserAdminError(_("Reactivate the user before issuing a password link."))
    user.set_unusable_password()
    user.session_generation += 1
    user.save(update_fields=["password", "session_generation"])
    user_sessions_revoke(user)
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    # Outside a request (the CLI) the address comes from SIGAP_BASE_URL; without it, the path only.
    url = request.build_absolute_uri(path) if request is not None else settings.SIGAP_BASE_URL.rstrip("/") + path
    emailed = bool(user.email)
    if emailed:
        transaction.on_commit(partial(password_link_mail, user_id=user.pk, url=url))
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_LINK_SENT,
        request=request,
        actor=actor,
        subject=user,
        unit=membership.unit,
        detail=_detail(channel, emailed=emailed),
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
    user_sessions_revoke(user)
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_SET, request=request, actor=user, subject=user)
