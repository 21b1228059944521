"""The users' iCalendar feeds (calendar, issue #12): make (or replace) and revoke a secret feed address.

The token is 32 random bytes (URL-safe), returned once to be shown; only its SHA-256 is stored, so a copy
of the database gives no working address. Making a new address revokes the old one. Both writes are
audited (ids only, never the token).
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.assistance.models.feed import CalendarFeed
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _revoke_live(actor: User, request: HttpRequest | None) -> int:
    now = timezone.now()
    revoked = 0
    for feed in CalendarFeed.objects.select_for_update().filter(user=actor, revoked_at__isnull=True):
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            unit=actor.membership.unit if actor.membership else None,
            action=AuditAction.UPDATE,
            obj=feed,
            changed_fields=["revoked_at"],
            new={"revoked_at": now},
            request=request,
        )
        revoked += 1
    return revoked


@transaction.atomic
def calendar_feed_create(*, actor: User, request: HttpRequest | None = None) -> tuple[CalendarFeed, str]:
    """A new secret feed address for ``actor`` (any previous one stops working); the token, to show once."""
    _revoke_live(actor, request)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=actor, token_hash=token_hash(token), created_at=timezone.now())
    audit_record(
        actor=actor,
        unit=actor.membership.unit if actor.membership else None,
        action=AuditAction.CREATE,
        obj=feed,
        request=request,
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, actor: User, request: HttpRequest | None = None) -> int:
    """Stop ``actor``'s feed address (its calendar app then gets 404); how many were revoked."""
    return _revoke_live(actor, request)
