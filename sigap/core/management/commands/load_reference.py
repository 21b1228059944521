"""``manage.py load_reference``: load the reference code lists (idempotent, safe to re-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.core.reference.services import ReferenceDefinitionError, SyncOutcome, reference_load


class Command(BaseCommand):
    help = (
        "Load the reference code lists of sigap/core/reference/definitions.py. New codes are added, changed "
        "labels updated and the list's version raised; codes that left the definitions are retired, never deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless something fails.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = reference_load()
        except ReferenceDefinitionError as exc:
            raise CommandError(str(exc)) from exc
        if options["quiet"] or int(options.get("verbosity", 1)) == 0:
            return
        for result in results:
            if result.outcome != SyncOutcome.UNCHANGED or int(options.get("verbosity", 1)) > 1:
                detail = f" ({', '.join(result.changes)})" if result.changes and result.outcome == "updated" else ""
                self.stdout.write(f"{result.key}: {result.outcome} v{result.version}{detail}")
        changed = sum(1 for r in results if r.outcome != SyncOutcome.UNCHANGED)
        self.stdout.write(self.style.SUCCESS(f"{len(results)} reference lists, {changed} created or updated."))
