"""The LEADERSHIP recap: aggregates across the units a leader oversees, never a case (ARCHITECTURE §3).

Per unit for the period: cases, open and closed cases, KDRT share, median days to closure, victims by
sex and child/adult, victims who reached independence and the median days to it (issue #14); across the units: the forms of violence, most frequent first. A fixed number of
queries whatever the number of units or cases: the units, the period's cases into a temporary table,
then cases, victims, medians and forms. The period's bounds follow the time zone of the leader's own
unit, one zone for all units: a case reported in the first two hours of a year in WIT counts in the
year before for a leader in WIB. Every figure goes through :mod:`sigap.reports.suppression` before it
is shown or written to the CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from sigap.accounts.models import Unit
from sigap.cases.models import OPEN_STATES, Case
from sigap.cases.models.incident import AgeStatus
from sigap.reports.outcomes import Median, independence_by_unit
from sigap.reports.periods import Period
from sigap.reports.recap import kdrt_case
from sigap.reports.selectors import (
    CLOSED_STATES,
    CaseIds,
    cases_materialised,
    first_incident,
    victims_of,
    violence_types_of,
)
from sigap.reports.suppression import Cell, count_cell, median_cell, pair_cells, share_cell
from sigap.reports.tables import list_choices, list_labels

SEX_FEMALE = "P"
SEX_MALE = "L"


@dataclass
class UnitFigures:
    """The raw counts of one unit (never shown as such: see :meth:`cells`)."""

    unit_id: int
    cases: int = 0
    open: int = 0
    closed: int = 0
    kdrt: int = 0
    female: int = 0
    male: int = 0
    children: int = 0
    adults: int = 0
    median_days: float | None = None
    independent: Median = field(default_factory=Median)


@dataclass(frozen=True)
class UnitLine:
    """One unit's row as the leader sees it: suppressed cells only."""

    name: str
    region_code: str
    cases: Cell
    open: Cell
    closed: Cell
    kdrt_share: Cell
    median_days: Cell
    female: Cell
    male: Cell
    children: Cell
    adults: Cell
    independent: Cell
    days_to_independence: Cell


@dataclass(frozen=True)
class FormLine:
    label: str
    victims: Cell


@dataclass
class LeadershipRecap:
    period: Period
    lines: list[UnitLine] = field(default_factory=list)
    forms: list[FormLine] = field(default_factory=list)


def line_of(unit: Unit, figures: UnitFigures) -> UnitLine:
    female, male = pair_cells(figures.female, figures.male)
    children, adults = pair_cells(figures.children, figures.adults)
    open_, closed = pair_cells(figures.open, figures.closed)
    return UnitLine(
        name=unit.name,
        region_code=unit.region_code,
        cases=count_cell(figures.cases),
        open=open_,
        closed=closed,
        kdrt_share=share_cell(figures.kdrt, figures.cases),
        median_days=median_cell(figures.median_days, figures.closed),
        female=female,
        male=male,
        children=children,
        adults=adults,
        independent=count_cell(figures.independent.n),
        days_to_independence=figures.independent.cell,
    )


def _medians(case_ids: CaseIds) -> dict[int, float]:
    """Median days from opening to closure per unit, in SQL: the middle row(s) of each unit's closed
    cases ordered by duration (``ROW_NUMBER`` over ``COUNT``), so at most two rows per unit come back."""
    duration = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    ranked = (
        Case.objects.filter(pk__in=case_ids, state__in=CLOSED_STATES, closed_at__isnull=False)
        .annotate(
            days=duration,
            rank=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[duration.asc(), F("pk").asc()]),
            closed_n=Window(Count("pk"), partition_by=[F("unit_id")]),
        )
        # The middle row of an odd count, the two middle rows of an even one (integer division):
        # (n + 1) / 2 <= rank <= n / 2 + 1.
        .filter(rank__gte=(F("closed_n") + 1) / 2, rank__lte=F("closed_n") / 2 + 1)
        .values_list("unit_id", "days")
    )
    middles: dict[int, list[float]] = {}
    for unit_id, days in ranked.order_by():
        seconds = days.total_seconds() if isinstance(days, dt.timedelta) else float(days) / 1_000_000
        middles.setdefault(unit_id, []).append(seconds / 86400)
    return {unit_id: fmean(values) for unit_id, values in middles.items()}


def leadership_recap(*, units: QuerySet[Unit], period: Period) -> LeadershipRecap:
    """Per unit and across units, for ``period``; ``units`` comes from ``units_overseen_by``.

    The period's cases are found once (``cases_materialised``) and read by the four queries.
    """
    unit_list = list(units.order_by("region_code", "name"))
    unit_ids = [unit.pk for unit in unit_list]
    with cases_materialised(unit_ids, period) as case_ids:
        figures = _figures(unit_list, case_ids)
        form_counts = _forms(case_ids)
    if unit_ids:
        _independence(figures, period)
    labels = list_labels("violence_type")
    order = [code for code, _label in list_choices("violence_type")]
    ranked = sorted(form_counts, key=lambda code: (-form_counts[code], order.index(code) if code in order else 99))
    return LeadershipRecap(
        period=period,
        lines=[line_of(unit, figures[unit.pk]) for unit in unit_list],
        forms=[FormLine(labels.get(code, code), count_cell(form_counts[code])) for code in ranked],
    )


def _forms(case_ids: CaseIds) -> dict[str, int]:
    """Victims per form of violence, across the units."""
    forms = violence_types_of(case_ids).values("code").annotate(victims=Count("incident__victim_id", distinct=True))
    return {row["code"]: row["victims"] for row in forms.order_by()}


def _figures(unit_list: list[Unit], case_ids: CaseIds) -> dict[int, UnitFigures]:
    figures = {unit.pk: UnitFigures(unit.pk) for unit in unit_list}
    per_case = (
        Case.objects.filter(pk__in=case_ids)
        .values("unit_id")
        .annotate(
            cases=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            closed=Count("pk", filter=Q(state__in=CLOSED_STATES)),
            kdrt=Count("pk", filter=Q(kdrt_case())),
        )
        .order_by()
    )
    for row in per_case:
        found = figures[row["unit_id"]]
        found.cases, found.open, found.closed, found.kdrt = row["cases"], row["open"], row["closed"], row["kdrt"]

    # Grouped by the person's unit (a person never moves between units, so it is the case's unit):
    # no second join to the case table; and by sex and age status, folded below (at most 9 groups a unit).
    per_victim = (
        victims_of(case_ids)
        .annotate(age_status=Subquery(first_incident().values("age_status")[:1]))
        .values("person__unit_id", "person__sex", "age_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in per_victim:
        found = figures[row["person__unit_id"]]
        if row["person__sex"] == SEX_FEMALE:
            found.female += row["n"]
        elif row["person__sex"] == SEX_MALE:
            found.male += row["n"]
        if row["age_status"] == AgeStatus.ANAK:
            found.children += row["n"]
        elif row["age_status"] == AgeStatus.DEWASA:
            found.adults += row["n"]

    for unit_id, days in _medians(case_ids).items():
        figures[unit_id].median_days = days
    return figures


def _independence(figures: dict[int, UnitFigures], period: Period) -> None:
    """Victims who reached independence in the period and the median days to it (one compiled query; it counts
    by the day of the first "independent" record, not by the period's cases: ``sigap.reports.outcomes``)."""
    for unit_id, median in independence_by_unit(list(figures), period).items():
        figures[unit_id].independent = median
