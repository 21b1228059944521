"""Heartbeats of the background processes, for /healthz.

Core imports no other app: the worker (sigap.work) records its own beat here after each scheduler tick, and
/healthz reads it. A beat stores the interval of its process, so "stale" means "``SIGAP_WORKER_STALE_TICKS``
intervals without a beat" whatever the interval is.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from sigap.core.models import Heartbeat

WORKER = "worker"

# What a database that cannot be reached raises (Django wraps the driver's errors in these): the worker
# waits and tries again, a request gets the 503 page (sigap.core.views.server_error).
DATABASE_DOWN = (OperationalError, InterfaceError)

HeartbeatState = Literal["ok", "stale", "missing"]


def heartbeat_record(name: str, *, interval: float, now: datetime | None = None) -> None:
    """Record that the process ``name`` (ticking every ``interval`` seconds) is alive now."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": now or timezone.now(), "interval_seconds": float(interval)}
    )


def heartbeat_state(name: str, *, now: datetime | None = None) -> HeartbeatState:
    """``ok``; ``stale`` when the last beat is older than ``SIGAP_WORKER_STALE_TICKS`` intervals; ``missing``
    when the process never beat on this database."""
    beat = Heartbeat.objects.filter(name=name).values_list("beat_at", "interval_seconds").first()
    if beat is None:
        return "missing"
    beat_at, interval = beat
    limit = timedelta(seconds=interval * settings.SIGAP_WORKER_STALE_TICKS)
    return "stale" if (now or timezone.now()) - beat_at > limit else "ok"
