"""E-mails to a user about their own account (AUTH-08, AUTH-10).

Each message holds the user's own name, what changed and Sigap's address only: never a unit,
case, colleague or any other personal value. They are sent after the commit of the change (the
services queue them with ``transaction.on_commit``), so a rolled-back change mails nothing. A mail
failure never breaks the change: it is logged with the user id and the error type only (the
exception text may carry the address).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role, User
from sigap.core.dates import format_when

logger = logging.getLogger("sigap.accounts")


class Notice(models.TextChoices):
    """What happened to the account (the subject of one notice e-mail)."""

    MFA_RESET = "MFA_RESET", _("Your two-factor login was reset")
    ROLE_CHANGED = "ROLE_CHANGED", _("Your role was changed")
    DEACTIVATED = "DEACTIVATED", _("Your account was deactivated")
    REACTIVATED = "REACTIVATED", _("Your account was reactivated")
    NEW_DEVICE = "NEW_DEVICE", _("New login to your account")


def sigap_address() -> str:
    """Sigap's login page as an absolute address, or "" when ``SIGAP_BASE_URL`` is not set."""
    base = settings.SIGAP_BASE_URL.rstrip("/")
    return f"{base}{reverse(settings.LOGIN_URL)}" if base else ""


def _recipient(user_id: int) -> User | None:
    user = User.objects.filter(pk=user_id).only("email", "full_name", "username").first()
    return user if user is not None and user.email else None


def _send(*, user: User, subject: str, body: str, what: str) -> None:
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as exc:  # noqa: BLE001 - a mail failure must not undo or break the change
        logger.error(f"{what} e-mail failed", extra={"user_id": user.pk, "error": type(exc).__name__})


def password_link_mail(*, user_id: int, url: str) -> None:
    """Send the one-time link to the user's own address (this is also the AUTH-10 notice)."""
    user = _recipient(user_id)
    if user is None:
        return
    context = {"name": user.full_name or user.username, "url": url, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    subject = render_to_string("accounts/users/password_link_subject.txt", context).strip()
    body = render_to_string("accounts/users/password_link_email.txt", context)
    _send(user=user, subject=subject, body=body, what="password link")


def account_notice_mail(
    *, user_id: int, notice: str, role: str = "", device: str = "", when: datetime | None = None
) -> None:
    """Tell the user that ``notice`` happened to their account (their new role, for a role change; the
    kind of browser and the time in their unit's time zone, for a login from a new device)."""
    user = _recipient(user_id)
    if user is None:
        return
    when_text = ""
    if when is not None:
        membership = user.membership
        zone = membership.unit.zone if membership is not None else timezone.get_default_timezone()
        when_text = format_when(when, zone)
    context = {
        "name": user.full_name or user.username,
        "notice": notice,
        "role": Role(role).label if role in Role.values else "",
        "device": device or _("an unknown browser"),
        "when": when_text,
        "address": sigap_address(),
    }
    subject = _("Sigap: %(what)s") % {"what": Notice(notice).label}
    body = render_to_string("accounts/users/notice_email.txt", context)
    _send(user=user, subject=str(subject), body=body, what="account notice")
