"""The scheduler loop that the background worker runs beside the task queue."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connections

from sigap.work.scheduler import TickResult, work_items_tick

logger = logging.getLogger("sigap.work")

TICK_SECONDS = 60.0


def seconds_to_next_tick(now: float, interval: float = TICK_SECONDS) -> float:
    """Seconds until the next whole interval (ticks land on the start of each minute)."""
    return interval - (now % interval)


def run_scheduler(
    stop: threading.Event,
    *,
    interval: float = TICK_SECONDS,
    tick: Callable[[], TickResult] | None = None,
) -> None:
    """Tick at once, then at the start of every minute, until ``stop`` is set.

    A failing tick is logged and retried at the next minute: the scheduler never dies of a bad
    row or a database hiccup. ``stop`` is checked between ticks, never inside one, so a tick in
    progress finishes its transaction before the worker exits.
    """
    step = tick or work_items_tick
    logger.info("work scheduler started", extra={"interval": interval})
    while not stop.is_set():
        close_old_connections()
        try:
            step()
        except Exception:
            logger.exception("work tick failed")
        stop.wait(seconds_to_next_tick(time.time(), interval))
    logger.info("work scheduler stopped")


def scheduler_thread(stop: threading.Event, *, interval: float = TICK_SECONDS) -> threading.Thread:
    """A daemon thread running the scheduler; it closes its own database connections when done."""

    def target() -> None:
        try:
            run_scheduler(stop, interval=interval)
        finally:
            connections.close_all()

    return threading.Thread(target=target, name="sigap-scheduler", daemon=True)
