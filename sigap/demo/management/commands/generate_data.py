"""``manage.py generate_data``: fill the database with fully synthetic cases for scale tests (issue "Scale").

The generator lives in ``bench/`` (see docs/performance.md). Refused in production: synthetic records
must never sit next to real ones.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Generate synthetic cases (presets 10k, 100k, 1m). Resumes where an interrupted run stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=["10k", "100k", "1m"], help="Named size (cases, units, years).")
        parser.add_argument("--cases", type=int, help="Total number of synthetic cases wanted (not an increment).")
        parser.add_argument("--units", type=int, help="Number of synthetic units.")
        parser.add_argument("--years", type=int, help="Years the cases are spread over (ending yesterday).")
        parser.add_argument("--seed", type=int, default=20260101, help="Random seed (same seed, same data).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Cases per transaction.")
        parser.add_argument(
            "--workers",
            type=int,
            help="Processes, each writing a share of the units (PostgreSQL; default: 2 there with 2+ cores, else 1).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("generate_data refuses to run in production: synthetic data must stay out of it")
        from django.db import connection

        from bench.generator import PRESETS, RunConfig, cases_done, default_workers, generate

        preset = PRESETS[options["preset"] or "10k"]
        cases = options["cases"] if options["cases"] is not None else preset.cases
        units = options["units"] if options["units"] is not None else preset.units
        years = options["years"] if options["years"] is not None else preset.years
        if cases < 1 or units < 1 or years < 1 or options["batch_size"] < 1:
            raise CommandError("--cases, --units, --years and --batch-size must be positive")
        if units > 999:
            raise CommandError("--units must be at most 999")
        workers = options["workers"] if options["workers"] is not None else default_workers()
        if workers < 1:
            raise CommandError("--workers must be positive")
        if workers > 1 and connection.vendor != "postgresql":
            raise CommandError("--workers above 1 needs PostgreSQL (SQLite has one writer at a time)")
        config = RunConfig(
            cases=cases, units=units, years=years, seed=options["seed"], batch_size=options["batch_size"]
        )
        done = cases_done()
        if done > cases:
            self.stdout.write(f"{done} synthetic cases already stored (more than {cases}): nothing to do.")
            return
        try:
            if options["no_progress"]:
                result = generate(config, workers=workers)
            else:
                from tqdm import tqdm

                with tqdm(total=cases, initial=done, unit="case", smoothing=0.1) as bar:
                    result = generate(config, progress=bar.update, workers=workers)
        except KeyboardInterrupt:
            # Every committed batch stays; the one in progress was rolled back.
            raise CommandError(
                f"interrupted with {cases_done()} synthetic cases stored: run the same command again to resume"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['already'] + result['written']} synthetic cases in {units} units "
                f"({result['written']} written now in {result['seconds']} s, {workers} worker(s))"
            )
        )
