"""sequence_next: one counter per unit, series and year; only inside the creating transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from sigap.core.sequences import sequence_next


def test_series_units_and_years_count_apart(personas) -> None:
    with transaction.atomic():
        assert [sequence_next(unit=personas.kukar, series="case", year=2026) for _ in range(3)] == [1, 2, 3]
        assert sequence_next(unit=personas.kukar, series="complaint", year=2026) == 1
        assert sequence_next(unit=personas.kukar, series="case", year=2027) == 1
        assert sequence_next(unit=personas.samarinda, series="case", year=2026) == 1
        assert sequence_next(unit=personas.kukar, series="case", year=2026) == 4


def test_a_rolled_back_creation_gives_its_number_back(personas) -> None:
    with pytest.raises(ValueError), transaction.atomic():
        assert sequence_next(unit=personas.kukar, series="case", year=2026) == 1
        raise ValueError("the creation failed")
    with transaction.atomic():
        assert sequence_next(unit=personas.kukar, series="case", year=2026) == 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction(personas) -> None:
    # Outside the creating transaction the row lock would end at once: two records could share a number.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        sequence_next(unit=personas.kukar, series="case", year=2026)
