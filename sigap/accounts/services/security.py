"""Writes of the accounts app. Every write records its security event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sigap.accounts.models import SecurityEvent, Unit, User
from sigap.core.net import client_ip


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_ip(request) or None


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    subject: Any = None,
    unit: Unit | None = None,
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Record one security event. ``detail`` must hold ids and codes only, never personal values."""
    actor_user = actor if isinstance(actor, User) else None
    subject_user = subject if isinstance(subject, User) else None
    if unit is None:
        for person in (subject_user, actor_user):
            membership = person.membership if person is not None else None
            if membership is not None:
                unit = membership.unit
                break
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor_user,
        subject=subject_user,
        unit=unit,
        ip_address=_client_ip(request),
        user_agent=user_agent,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        detail=detail or {},
    )
