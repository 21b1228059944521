"""Reads of the accounts app, always scoped to the asking admin's unit."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django_otp import device_classes

from sigap.accounts.models import Membership, SecurityEvent, Unit, User

# The largest primary key the database holds (a signed 64-bit BigAutoField). A larger id from a URL
# cannot exist, and passing it to SQLite raises OverflowError (a 500): it is answered as unknown.
MAX_ID = 2**63 - 1


def _mfa_enrolled() -> Any:
    """True when the user has a confirmed device of any installed django-otp device model."""
    checks = [Exists(model.objects.filter(user_id=OuterRef("user_id"), confirmed=True)) for model in device_classes()]
    if not checks:
        return Value(False, output_field=BooleanField())
    combined: Any = checks[0]
    for check in checks[1:]:
        combined = combined | check
    return combined


def unit_members(*, unit: Unit) -> QuerySet[Membership]:
    """The users of ``unit`` (through their active membership), with ``mfa_enrolled`` annotated.

    A deactivated user keeps their membership (only ``User.is_active`` is switched off), so they stay
    listed and can be reactivated. One query, whatever the number of rows.
    """
    queryset = Membership.objects.filter(unit=unit, is_active=True).select_related("user")
    return queryset.annotate(mfa_enrolled=_mfa_enrolled())


def unit_member_list(
    *, unit: Unit, query: str = "", role: str = "", active: bool | None = None
) -> QuerySet[Membership]:
    """The unit's users for the list page: search in name and username, filter by role and state."""
    queryset = unit_members(unit=unit)
    if query:
        queryset = queryset.filter(Q(user__full_name__icontains=query) | Q(user__username__icontains=query))
    if role:
        queryset = queryset.filter(role=role)
    if active is not None:
        queryset = queryset.filter(user__is_active=active)
    return queryset.order_by("user__full_name", "user__username")


def unit_member_get(*, unit: Unit, user_id: int) -> Membership:
    """One user of ``unit``; any other id (another unit's user, unknown, out of range) is a 404, never a 403."""
    if not 0 < user_id <= MAX_ID:
        raise Http404
    membership = unit_members(unit=unit).filter(user_id=user_id).first()
    if membership is None:
        raise Http404
    return membership


def user_security_events(*, user: User, unit: Unit, limit: int = 10) -> QuerySet[SecurityEvent]:
    """The latest security events about ``user`` recorded in ``unit`` (for the detail page)."""
    return SecurityEvent.objects.filter(subject=user, unit=unit).select_related("actor").order_by("-created_at")[:limit]
