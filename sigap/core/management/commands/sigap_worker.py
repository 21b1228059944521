"""The background worker: runs queued tasks (django-tasks database queue).

The periodic scheduler of deadlines and reminders joins this worker with the work-items issue.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run Sigap's background worker (queued tasks)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("db_worker", queue_name="*", interval=1.0)
