"""``request.user`` in one statement: the user, the active membership with its unit, the second-factor device.

Django's ``AuthenticationMiddleware`` loads the user, django-otp's ``OTPMiddleware`` then the device the
session was verified with, and ``User.membership`` the membership: three SELECTs on every request (issue
#22). Here one SELECT joins them. Nothing is cached between requests, so a deactivated user, a removed
membership, a deactivated unit or a deleted device takes effect on the very next request, as before.

The rules are Django's and django-otp's, kept here line for line: the session names the user and the
backend that logged them in (a backend no longer configured logs them out); ``user_can_authenticate``
refuses an inactive user; the session's password hash must match (else the session is flushed); the
device must belong to the user and be confirmed (else it is dropped from the session). A session verified
with another kind of device than TOTP (a backup code) loads it with one more query, as django-otp does.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.db.models import FilteredRelation, Q
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware, is_verified
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import User


def _with_device_fields(user: Any, device: Device | None) -> Any:
    user.otp_device = device
    user.is_verified = partial(is_verified, user)
    return user


def _totp_pk(persistent_id: str) -> int | None:
    """The TOTP device's id in a persistent id ("otp_totp.totpdevice/12"); None for another kind."""
    label, _slash, pk = OTPMiddleware._normalize_persistent_id(persistent_id).rpartition("/")
    if label != TOTPDevice.model_label() or not pk.isdigit():
        return None
    return int(pk)


def _joined_user(user_id: Any, totp_pk: int | None) -> User | None:
    users = User._default_manager.filter(pk=user_id).annotate(
        # At most one row: one active membership per user (constraint membership_one_active_per_user).
        active_membership=FilteredRelation("memberships", condition=Q(memberships__is_active=True)),
    )
    related = ["active_membership__unit"]
    if totp_pk is not None:
        users = users.annotate(verified_totp=FilteredRelation("totpdevice", condition=Q(totpdevice__pk=totp_pk)))
        related.append("verified_totp")
    return users.select_related(*related).first()


def _session_hash_verified(request: HttpRequest, user: User) -> bool:
    """Django's check (django.contrib.auth.get_user): a changed password ends the session."""
    session = request.session
    session_hash = session.get(HASH_SESSION_KEY)
    if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    if session_hash and any(
        constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        return True
    session.flush()
    return False


def _device(request: HttpRequest, user: User, persistent_id: str | None, totp_pk: int | None) -> Device | None:
    if totp_pk is not None:
        device: Device | None = getattr(user, "verified_totp", None)
    elif persistent_id:
        device = Device.from_persistent_id(OTPMiddleware._normalize_persistent_id(persistent_id))
    else:
        device = None
    return OTPMiddleware._finalize_device(request, user, device)


def request_user(request: HttpRequest) -> Any:
    """The user of this request's session (``AnonymousUser`` when none), with ``otp_device``,
    ``is_verified()`` and the active membership already loaded."""
    session = request.session
    pk_field = User._meta.pk
    assert pk_field is not None
    try:
        user_id = pk_field.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return _with_device_fields(AnonymousUser(), None)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return _with_device_fields(AnonymousUser(), None)
    backend = load_backend(backend_path)
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if type(backend) is not ModelBackend:
        # Another backend loads its users its own way: Django's path, then django-otp's.
        user = get_user(request)
        if not user.is_authenticated:
            return _with_device_fields(user, None)
        return _with_device_fields(user, _device(request, user, persistent_id, None))
    totp_pk = _totp_pk(persistent_id) if persistent_id else None
    joined = _joined_user(user_id, totp_pk)
    if joined is None or not backend.user_can_authenticate(joined) or not _session_hash_verified(request, joined):
        return _with_device_fields(AnonymousUser(), None)
    membership = getattr(joined, "active_membership", None)
    # A deactivated unit gives its members no membership (User.membership says the same).
    joined.__dict__["_active_membership"] = membership if membership is not None and membership.unit.is_active else None
    return _with_device_fields(joined, _device(request, joined, persistent_id, totp_pk))
