"""The case and complaint counters move to the core SequenceCounter without losing a number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sigap.core.testing.migrations import migrate_to

BEFORE = [("cases", "0009_break_glass_review"), ("intake", "0003_redundant_indexes"), ("core", "0003_sequence_counter")]


def _latest() -> list[tuple[str, str]]:
    """Every app's last migration: going back to BEFORE also undid later migrations that depend on it."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


_migrate = migrate_to


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():  # type: ignore[no-untyped-def]
    """AFTER is not the newest state once later migrations exist: leave the schema as the other tests need it."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_last_numbers_issued_survive_the_move(personas) -> None:
    old_apps = _migrate(BEFORE)
    try:
        unit_model = old_apps.get_model("accounts", "Unit")
        kukar = unit_model.objects.get(pk=personas.kukar.pk)
        old_apps.get_model("cases", "CaseNumberCounter").objects.create(unit=kukar, year=2025, last_value=41)
        old_apps.get_model("intake", "ComplaintNumberCounter").objects.create(unit=kukar, year=2025, last_value=97)
    finally:
        new_apps = _migrate(_latest())
    counters = new_apps.get_model("core", "SequenceCounter").objects.filter(unit_id=personas.kukar.pk, year=2025)
    assert dict(counters.values_list("series", "last_value")) == {"case": 41, "complaint": 97}

    # The next numbers continue the sequences.
    from django.db import transaction

    from sigap.cases.services.lifecycle import case_number_issue
    from sigap.intake.services.complaint import complaint_number_issue

    with transaction.atomic():
        assert case_number_issue(unit=personas.kukar, year=2025) == (42, "PPA-KKR/2025/0042")
        assert complaint_number_issue(unit=personas.kukar, year=2025) == (98, "ADU/2025/0098")


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone(personas) -> None:
    from sigap.core.models import SequenceCounter

    SequenceCounter.objects.create(unit=personas.kukar, series="case", year=2026, last_value=7)
    try:
        old_apps = _migrate(BEFORE)
        old = old_apps.get_model("cases", "CaseNumberCounter").objects.get(unit_id=personas.kukar.pk, year=2026)
        assert old.last_value == 7
    finally:
        _migrate(_latest())
    assert SequenceCounter.objects.get(unit=personas.kukar, series="case", year=2026).last_value == 7
