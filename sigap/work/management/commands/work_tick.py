"""Run one scheduler step by hand (the worker runs it every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.work.scheduler import work_items_tick


class Command(BaseCommand):
    help = "Run one step of the work-item scheduler: reminders, missed deadlines, escalation, e-mail digests."

    def handle(self, *args: Any, **options: Any) -> None:
        result = work_items_tick()
        self.stdout.write(
            f"reminded={result.reminded} missed={result.missed} escalated={result.escalated} mailed={result.mailed}"
        )
