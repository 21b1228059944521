"""``manage.py rotate_keys``: move every encrypted value and blind index to the newest keys.

See docs/security/keys.md for the rotation drill. Safe to interrupt and rerun: finished rows are skipped.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sigap.core.crypto.keys import KeyConfigurationError, get_keyring
from sigap.core.crypto.rotation import RotationError, rotate_model, rotation_plans


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column under the newest data key and rebuild every blind index under "
        "SIGAP_INDEX_KEY, in batches. Resumable. With --check, change nothing and exit 1 if work remains."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--check", action="store_true", help="Report what is left to do; change nothing.")
        parser.add_argument("--model", action="append", default=[], help="Only this model (app_label.Model).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            ring = get_keyring()
        except KeyConfigurationError as exc:
            raise CommandError(str(exc)) from None
        plans = rotation_plans()
        wanted = {label.lower() for label in options["model"]}
        if wanted:
            plans = [p for p in plans if p.label.lower() in wanted]
            if len(plans) != len(wanted):
                raise CommandError("Unknown or unencrypted model in --model.")
        check_only = options["check"]
        self.stdout.write(
            f"Newest data key: {ring.current_kid}. "
            + ("Index key rotation in progress. " if ring.previous_index_key else "")
            + ("Checking only." if check_only else "Rotating.")
        )
        pending = 0
        for plan in plans:
            total = plan.model._base_manager.count()
            bar = tqdm(
                total=total,
                desc=plan.label,
                unit="row",
                file=sys.stderr,
                disable=options["no_progress"] or not total,
                leave=False,
            )
            try:
                report = rotate_model(
                    plan, batch_size=options["batch_size"], check_only=check_only, progress=bar.update
                )
            except RotationError as exc:
                raise CommandError(f"{exc} Stopped; rows before it are done. Fix the key ring and rerun.") from None
            finally:
                bar.close()
            pending += report.pending
            verb = "to do" if check_only else "done"
            old = ", ".join(f"{kid}: {n}" for kid, n in sorted(report.stale_kids.items())) or "none"
            self.stdout.write(
                f"{report.label}: {report.rows} rows; re-encrypt {verb}: {report.reencrypted} "
                f"(values on older keys: {old}); blind indexes {verb}: {report.reindexed}; "
                f"name tokens {verb}: {report.tokens_rebuilt}."
            )
        if check_only and pending:
            raise CommandError(f"{pending} rows are not yet on the newest keys: run rotate_keys.", returncode=1)
        self.stdout.write(self.style.SUCCESS("All encrypted values and blind indexes are on the newest keys."))
