"""Per-unit, per-year numbers (case numbers, complaint tickets, ...): one counter row per series."""

from __future__ import annotations

from django.db import models, transaction

from sigap.core.models import SequenceCounter

# The series in use. A new numbered record adds its key here (a key is what the database stores).
CASE = "case"
COMPLAINT = "complaint"
REFERRAL = "referral"


def sequence_next(*, unit: models.Model, series: str, year: int) -> int:
    """The next number of ``series`` for ``unit`` (an ``accounts.Unit``) in ``year``; call inside the
    creating transaction.

    The counter row is locked ``FOR UPDATE`` until that transaction ends, so concurrent creations of
    one unit queue here and never get one number twice; a rolled-back creation gives its number back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that creates the numbered record")
    # First number of the year: create the row; a concurrent creator wins and we wait for its lock.
    SequenceCounter.objects.bulk_create(
        [SequenceCounter(unit_id=unit.pk, series=series, year=year)], ignore_conflicts=True
    )
    counter = SequenceCounter.objects.select_for_update().get(unit_id=unit.pk, series=series, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value
