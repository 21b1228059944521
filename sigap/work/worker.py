"""The loops of the background worker: the task queue and the scheduler, both riding out database outages.

When the database goes away (a restart, a failover, a network cut) neither loop exits: each logs the outage
(the error's class only, never its text, which may quote data), closes its broken connections and tries again
after a pause that doubles up to a cap (1, 2, 4 … seconds). When the database is back they go on where they
were. A worker that exits anyway (a bug, a kill) is restarted by the service manager (docs/operations.md,
deploy/sigap-worker.service), and /healthz tells when the scheduler stopped beating (sigap.core.health).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connections
from django.utils import timezone

from sigap.core.health import DATABASE_DOWN, WORKER, heartbeat_record
from sigap.work.scheduler import TickResult, work_items_tick

logger = logging.getLogger("sigap.work")

QUEUE_POLL_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 60.0


def seconds_to_next_tick(now: float, interval: float) -> float:
    """Seconds until the next whole interval (ticks land on the start of each minute)."""
    return interval - (now % interval)


def backoff_seconds(failures: int, *, cap: float = BACKOFF_CAP_SECONDS) -> float:
    """The pause after the ``failures``-th failure in a row: 1, 2, 4 … seconds, never more than ``cap``."""
    return min(cap, 2.0 ** max(0, failures - 1))


def connections_drop() -> None:
    """Close this thread's database connections: a broken one is useless, the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # closing a dead connection may complain; it is closed all the same
            connection.close()


def _database_unavailable(loop: str, error: BaseException, failures: int, pause: float) -> None:
    logger.warning(
        "database unavailable; retrying",
        extra={
            "event": "worker_db_unavailable",
            "loop": loop,
            "error": type(error).__name__,
            "attempt": failures,
            "retry_in": pause,
        },
    )


def hourly_ticker() -> Callable[[], TickResult]:
    """The worker's tick: :func:`work_items_tick`, with the hourly steps on the first tick and on the first
    good tick of each new hour (not only at minute 0: a worker started at 10:20 opens today's reminders at
    once, and a tick missed at 11:00 is made up at 11:01)."""
    last_hour: datetime | None = None

    def tick() -> TickResult:
        nonlocal last_hour
        now = timezone.now()
        hour = now.replace(minute=0, second=0, microsecond=0)
        result = work_items_tick(now=now, hourly_due=hour != last_hour)
        last_hour = hour  # only after a good tick: a failed one is made up by the next
        return result

    return tick


def run_scheduler(
    stop: threading.Event,
    *,
    interval: float | None = None,
    tick: Callable[[], TickResult] | None = None,
) -> None:
    """Tick at once, then at the start of every interval (a minute), until ``stop`` is set.

    A tick that succeeds records the worker's heartbeat. A tick that fails on a bad row is logged and tried
    again at the next interval; one that fails because the database is unreachable is tried again sooner,
    after a growing pause (capped at the interval). ``stop`` is checked between ticks, never inside one, so
    a tick in progress finishes its transaction before the worker exits.
    """
    interval = interval or settings.SIGAP_WORKER_TICK_SECONDS
    step = tick or hourly_ticker()
    failures = 0
    logger.info("work scheduler started", extra={"interval": interval})
    while not stop.is_set():
        close_old_connections()
        try:
            step()
            heartbeat_record(WORKER, interval=interval)
        except DATABASE_DOWN as error:
            failures += 1
            pause = backoff_seconds(failures, cap=interval)
            _database_unavailable("scheduler", error, failures, pause)
            connections_drop()
            stop.wait(pause)
            continue
        except Exception:
            logger.exception("work tick failed")
        else:
            if failures:
                logger.info("database reachable again", extra={"event": "worker_db_back", "loop": "scheduler"})
            failures = 0
        stop.wait(seconds_to_next_tick(time.time(), interval))
    logger.info("work scheduler stopped")


def scheduler_thread(stop: threading.Event, *, interval: float | None = None) -> threading.Thread:
    """A daemon thread running the scheduler; it closes its own database connections when done."""

    def target() -> None:
        try:
            run_scheduler(stop, interval=interval)
        finally:
            connections.close_all()

    return threading.Thread(target=target, name="sigap-scheduler", daemon=True)


def run_queue(*, poll: float = QUEUE_POLL_SECONDS, cap: float = BACKOFF_CAP_SECONDS) -> None:
    """Run the task queue (django-tasks' ``db_worker``) until a signal stops it, through database outages.

    ``db_worker`` handles Ctrl-C and SIGTERM: it finishes its current task and returns, or exits at once
    (``SystemExit``) when idle, also during our pause. It gives up at the first unreachable database: it is
    started again after a growing pause; a run that lasted longer than ``cap`` starts the count again.
    """
    failures = 0
    while True:
        started = time.monotonic()
        try:
            # reload=False: the autoreloader would fork a child and tick from two processes.
            call_command("db_worker", queue_name="*", interval=poll, reload=False)
            return
        except DATABASE_DOWN as error:
            if time.monotonic() - started > cap:
                failures = 0
            failures += 1
            pause = backoff_seconds(failures, cap=cap)
            _database_unavailable("queue", error, failures, pause)
            connections_drop()
            time.sleep(pause)
