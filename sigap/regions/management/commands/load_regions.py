"""``manage.py load_regions``: load the shipped Kemendagri areas (idempotent, safe to re-run)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.regions.services import RegionDataError, regions_load


class Command(BaseCommand):
    help = (
        "Load provinces, regencies, districts and villages from sigap/regions/data (idn-area-data, ODbL). "
        "Re-running adds new areas and updates changed names; nothing is deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar and no summary.")
        parser.add_argument(
            "--province", metavar="CODE", help="Load only one province, e.g. 64 (tests and small demos)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = bool(options["quiet"]) or int(options.get("verbosity", 1)) == 0
        # The bar is for people watching a terminal; logs of make/CI get the summary line only.
        progress = not quiet and sys.stderr.isatty()
        try:
            result = regions_load(province=options.get("province"), progress=progress)
        except (RegionDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if quiet:
            return
        for level, counts in result.levels.items():
            self.stdout.write(
                f"{level}: {counts.total} in the data, {counts.created} created, {counts.updated} renamed"
            )
        self.stdout.write(self.style.SUCCESS(f"Regions loaded in {result.seconds:.1f} s."))
