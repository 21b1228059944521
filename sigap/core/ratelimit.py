"""A per-client rate limit for public endpoints (no third-party captcha), counted in the database.

Used by the public reporting pages (``sigap.intake``) and the CSP report endpoint.

Fixed windows: one ``RateLimitCounter`` row per page, client and window, raised with an atomic
``UPDATE … SET count = count + 1``. The row lock makes concurrent requests queue, so exactly
``limit`` attempts pass (the cache's ``incr`` on the database cache was a get-then-set and lost
counts). Being in the database, the counter is shared by every web process.

The client is ``sigap.core.net.client_ip`` (behind our proxy: the header the proxy sets), hashed
with the secret key: the table never holds an address. Expired rows are deleted whenever a new
window row is created, so the table holds about one window of rows.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from sigap.core.models import RateLimitCounter
from sigap.core.net import client_ip

PRUNE_BATCH = 1000


def _client(scope: str, request: HttpRequest) -> str:
    ip = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}|{ip}".encode(), hashlib.sha256).hexdigest()[:64]


def _window_start(window_seconds: int) -> datetime:
    now = int(timezone.now().timestamp())
    return datetime.fromtimestamp(now - now % window_seconds, tz=UTC)


def _first_attempt(rows: QuerySet[RateLimitCounter], *, scope: str, client: str, start: datetime, seconds: int) -> int:
    """Create the window's row (count 1); when a concurrent request created it first, add to it."""
    try:
        with transaction.atomic():  # a savepoint: losing the race on the unique constraint is expected
            RateLimitCounter.objects.create(
                scope=scope, client=client, window_start=start, expires_at=start + timedelta(seconds=seconds), count=1
            )
    except IntegrityError:
        rows.update(count=F("count") + 1)
        return int(rows.values_list("count", flat=True).get())
    return 1


def _prune() -> None:
    """Delete rows of windows that are over; rows another request holds are left for next time."""
    with transaction.atomic():
        stale = list(
            RateLimitCounter.objects.filter(expires_at__lte=timezone.now())
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:PRUNE_BATCH]
        )
        if stale:
            RateLimitCounter.objects.filter(pk__in=stale).delete()


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt of the client in ``scope``; False once it is over ``limit`` in the window."""
    start, client = _window_start(window_seconds), _client(scope, request)
    rows = RateLimitCounter.objects.filter(scope=scope, client=client, window_start=start)
    with transaction.atomic():
        # The UPDATE locks the row until commit: a concurrent attempt waits, then adds to the new value.
        if rows.update(count=F("count") + 1):
            count = int(rows.values_list("count", flat=True).get())
        else:
            count = _first_attempt(rows, scope=scope, client=client, start=start, seconds=window_seconds)
    if count == 1:  # a new window row: a good moment to remove the old ones
        _prune()
    return count <= limit


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """True when the client already used up ``scope`` in this window (nothing is counted)."""
    count = (
        RateLimitCounter.objects.filter(
            scope=scope, client=_client(scope, request), window_start=_window_start(window_seconds)
        )
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) >= limit
