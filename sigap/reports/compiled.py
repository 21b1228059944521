"""Report queries built and compiled by the ORM once per process, then run with each request's values.

The unit recap sends six GROUP BY queries whose *shape* never changes: only the unit ids and the period's
two bounds do. Building those querysets (subqueries, ``Q`` trees, clones) and compiling them to SQL cost
as much Python as the database spent running them (issue #22: ≈ 24 ms against ≈ 21 ms of SQL at 10k
cases; ~54,000 of the recap's ~57,000 Python function calls were building and compiling). So each query
is built once per process with stand-in values (impossible unit ids, the year 1901), compiled, and kept
as SQL text plus a map of its parameters: which are the units, which the period's start and end, which
are constants of the query. A request then only puts its own values in those places and executes.

Safe by construction, and checked:

- the stand-ins must each be found among the parameters (never inlined in the SQL text), or the query is
  not kept and runs through the ORM every time;
- values are bound as parameters by the database driver, exactly as the ORM would bind them
  (``adapt_datetimefield_value`` for the bounds);
- ``sigap/reports/tests/test_compiled.py`` compares the SQL and parameters of every kept query with a
  fresh ORM compile for other units and periods, and the rows with the ORM's rows, on SQLite and
  PostgreSQL.

The rows come back as the ORM's ``values()`` would give them: a dict per row keyed by the queryset's
``values()`` names then its annotations. Only group keys of plain code columns and integer counts are
read this way (no encrypted column, no converter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from sigap.reports.periods import Period

# Unit ids no unit can have (primary keys are positive), one per position of the ``IN`` list.
_UNIT_BASE = -7_000_000_000
# A period no report can ask for (reports start in 2000, periods.MIN_YEAR).
_STAND_IN_YEAR = 1901

Build = Callable[[Sequence[int], Period], QuerySet[Any]]


@dataclass(frozen=True)
class Compiled:
    """A query's SQL with, for each parameter, where its value comes from: ``("unit", i)``, a bound of the
    period (``("start", None)``, ``("end", None)``, or their days ``("start_day", None)``,
    ``("end_day", None)`` for a ``DateField``) or ``("const", value)``."""

    sql: str
    slots: tuple[tuple[str, Any], ...]
    names: tuple[str, ...]

    def params(self, unit_ids: Sequence[int], period: Period) -> list[Any]:
        bounds = _bounds(period)
        values: list[Any] = []
        for source, value in self.slots:
            if source == "unit":
                values.append(unit_ids[value])
            elif source == "const":
                values.append(value)
            else:
                values.append(bounds[source])
        return values


def _bounds(period: Period) -> dict[str, Any]:
    """The period's bounds as the ORM binds them on this database: as a ``DateTimeField`` value, and the
    bound's day as a ``DateField`` value (``police_report_date__gte=period.start.date()``)."""
    ops = connection.ops
    return {
        "start": ops.adapt_datetimefield_value(period.start),
        "end": ops.adapt_datetimefield_value(period.end),
        "start_day": ops.adapt_datefield_value(period.start.date()),
        "end_day": ops.adapt_datefield_value(period.end.date()),
    }


def _names(queryset: QuerySet[Any]) -> tuple[str, ...]:
    # The order of ``django.db.models.query.ValuesIterable``.
    query = queryset.query
    return (*query.extra_select, *query.values_select, *query.annotation_select)


def compile_query(build: Build, unit_count: int, zone: Any) -> Compiled | None:
    """Build and compile ``build`` once with stand-in values; ``None`` when a stand-in cannot be told
    apart in the result (then the caller uses the ORM as usual)."""
    units = [_UNIT_BASE - i for i in range(unit_count)]
    period = Period((_STAND_IN_YEAR, 1), (_STAND_IN_YEAR, 12), zone)
    queryset = build(units, period)
    sql, params = queryset.query.sql_with_params()
    places = {unit: ("unit", i) for i, unit in enumerate(units)}
    bounds = _bounds(period)
    slots: list[tuple[str, Any]] = []
    found: set[Any] = set()
    for param in params:
        if isinstance(param, int) and param in places:
            slots.append(places[param])
            found.add(param)
            continue
        # A datetime equals no date (and a date string no datetime string): at most one bound matches.
        bound = next((name for name, value in bounds.items() if type(param) is type(value) and param == value), None)
        if bound is not None:
            slots.append((bound, None))
            found.add(bound)
        else:
            slots.append(("const", param))
    inlined = str(_UNIT_BASE) in sql or str(_STAND_IN_YEAR) in sql
    both = {"start", "end"} <= found or {"start_day", "end_day"} <= found
    if inlined or not both or not set(units) <= found:
        return None
    return Compiled(sql=sql, slots=tuple(slots), names=_names(queryset))


_compiled: dict[tuple[str, str, int, str], Compiled | None] = {}


def grouped_rows(name: str, build: Build, unit_ids: Sequence[int], period: Period) -> list[dict[str, Any]]:
    """The rows of ``build(unit_ids, period)`` (a ``values(...).annotate(...)`` queryset), its SQL
    compiled once per process and database (``name`` identifies the query; see the module docstring)."""
    key = (name, connection.vendor, len(unit_ids), str(period.zone))
    if key not in _compiled:
        _compiled[key] = compile_query(build, len(unit_ids), period.zone)
    compiled = _compiled[key]
    if compiled is None:
        return list(build(unit_ids, period))
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params(unit_ids, period))
        return [dict(zip(compiled.names, row, strict=True)) for row in cursor.fetchall()]
