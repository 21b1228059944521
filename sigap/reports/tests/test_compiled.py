"""Report queries compiled once (``sigap.reports.compiled``) give what a fresh ORM compile gives.

Run on SQLite and PostgreSQL by CI: the SQL text and every parameter are compared with the ORM's own
compile for other units and periods, and the rows with the ORM's rows on the hand-made recap data.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from sigap.cases.models import Case
from sigap.reports import compiled
from sigap.reports.periods import Period
from sigap.reports.recap import RECAP_QUERIES, unit_recap
from sigap.reports.tests.factories import WITA, RecapData

pytestmark = pytest.mark.django_db


def _periods(year: int) -> list[Period]:
    return [Period.year(year, WITA), Period.year(year, WITA, month=3), Period((year - 2, 11), (year, 2), WITA)]


@pytest.mark.parametrize("name", sorted(RECAP_QUERIES))
def test_a_kept_query_binds_exactly_what_the_orm_binds(personas: Any, recap_data: RecapData, name: str) -> None:
    build = RECAP_QUERIES[name]
    kept = compiled.compile_query(build, 1, WITA)
    assert kept is not None, "every recap query is kept: its stand-ins are all parameters"
    for unit in (personas.kukar, personas.samarinda):
        for period in _periods(recap_data.year):
            fresh_sql, fresh_params = build([unit.pk], period).query.sql_with_params()
            assert kept.sql == fresh_sql
            assert kept.params([unit.pk], period) == list(fresh_params)


@pytest.mark.parametrize("name", sorted(RECAP_QUERIES))
def test_a_kept_query_returns_the_orms_rows(personas: Any, recap_data: RecapData, name: str) -> None:
    build = RECAP_QUERIES[name]
    for period in _periods(recap_data.year):
        unit_ids = [personas.kukar.pk]
        expected = sorted(map(repr, build(unit_ids, period)))
        assert sorted(map(repr, compiled.grouped_rows(name, build, unit_ids, period))) == expected


def test_the_recap_is_the_same_with_and_without_the_kept_queries(
    personas: Any, recap_data: RecapData, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = Period.year(recap_data.year, WITA)
    kept = unit_recap(unit=personas.kukar, period=period)
    monkeypatch.setattr(compiled, "compile_query", lambda *args: None)  # the ORM every time
    monkeypatch.setattr(compiled, "_compiled", {})
    plain = unit_recap(unit=personas.kukar, period=period)
    assert kept.summary == plain.summary and kept.summary.cases > 0
    assert [(t.key, t.rows) for t in kept.tables] == [(t.key, t.rows) for t in plain.tables]


def test_a_query_whose_stand_in_is_not_a_parameter_is_not_kept(personas: Any) -> None:
    # A unit id written into the SQL text (here through ``extra``) cannot be replaced: the ORM runs it.
    def inlined(unit_ids: Any, period: Period) -> Any:
        where = f"unit_id = {int(unit_ids[0])}"
        return Case.objects.extra(where=[where]).values("state").annotate(n=Count("pk")).order_by()  # noqa: S610 - an int

    assert compiled.compile_query(inlined, 1, WITA) is None
    rows = compiled.grouped_rows("test.inlined", inlined, [personas.kukar.pk], Period.year(2026, WITA))
    assert rows == list(inlined([personas.kukar.pk], Period.year(2026, WITA)))
