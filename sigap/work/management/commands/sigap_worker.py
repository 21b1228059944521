"""The background worker: runs queued tasks (django-tasks database queue) and the work scheduler.

The task queue runs in the main thread (``db_worker``, which handles Ctrl-C and SIGTERM); the
scheduler of work items (reminders, missed deadlines, escalation, e-mail digests) ticks every
minute in a second thread. On a signal ``db_worker`` finishes its current task and exits; the
scheduler is then told to stop and given time to finish a tick in progress.

Several workers (on one or more machines, one PostgreSQL) may all run the scheduler: each tick
claims its rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` and guarded updates, so nothing is
reminded or escalated twice (see ``sigap.work.scheduler``). ``--no-scheduler`` runs the queue only.
Both loops survive database outages (``sigap.work.worker``).
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand

from sigap.work.worker import run_queue, scheduler_thread

STOP_GRACE_SECONDS = 30


class Command(BaseCommand):
    help = "Run Sigap's background worker (queued tasks and the work-item scheduler)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Run the task queue only, without the work-item scheduler."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = None if options["no_scheduler"] else scheduler_thread(stop)
        if thread is not None:
            thread.start()
        try:
            run_queue()  # until a signal; it rides out database outages
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=STOP_GRACE_SECONDS)
