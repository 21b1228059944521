"""Reporting date and periods: ``reported_in`` (the indexed filter) says exactly what ``reporting_date`` says."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.accounts.models import Unit
from sigap.cases.models import Case
from sigap.reports.periods import Period, reported_in, reporting_date
from sigap.reports.tests.factories import WITA, at, complaint_for, opened_case, report_year


def _by_annotation(period: Period) -> set[Any]:
    annotated = Case.objects.annotate(reported=reporting_date())
    return set(annotated.filter(reported__gte=period.start, reported__lt=period.end).values_list("pk", flat=True))


def _by_filter(period: Period) -> set[Any]:
    units = list(Unit.objects.values_list("pk", flat=True))
    return set(Case.objects.filter(reported_in(period, units)).values_list("pk", flat=True))


def test_the_filter_and_the_definition_agree_at_every_boundary(personas: Any) -> None:
    head = personas["head"]
    y = report_year()
    made = {
        # name: (opened, complaint received or None)
        "direct in Y": (at(y, 6, 1), None),
        "direct first minute of Y": (dt.datetime(y, 1, 1, 0, 0, tzinfo=WITA), None),
        "direct last minute of Y": (dt.datetime(y, 12, 31, 23, 59, tzinfo=WITA), None),
        "direct in Y+1": (at(y + 1, 1, 2), None),
        "complaint Y-1, opened Y": (at(y, 1, 3), at(y - 1, 12, 31)),
        "complaint Y, opened Y+1": (at(y + 1, 1, 3), at(y, 12, 31)),
        "complaint Y, opened Y": (at(y, 5, 5), at(y, 5, 1)),
        "complaint after opening": (at(y, 12, 30), at(y + 1, 1, 2)),
        "complaint long before": (at(y + 1, 2, 2), at(y - 1, 2, 2)),
    }
    cases = {}
    for name, (opened, received) in made.items():
        case = opened_case(head, opened=opened)
        if received is not None:
            complaint_for(case, received=received)
        cases[name] = case.pk
    # A reference that names no complaint of the unit counts from the opening.
    stray = opened_case(head, opened=at(y, 8, 8))
    Case.objects.filter(pk=stray.pk).update(complaint_ref="ADU/1999/0001")
    cases["stray reference"] = stray.pk
    # A hand-typed reference to a complaint whose decision did not open this case: the opening counts.
    typed = opened_case(head, opened=at(y + 1, 1, 5))
    other = opened_case(head, opened=at(y - 1, 3, 3))
    origin = complaint_for(other, received=at(y, 2, 2))
    Case.objects.filter(pk=typed.pk).update(complaint_ref=origin.number)
    cases["typed reference"] = typed.pk
    cases["complaint after its case"] = other.pk
    for period in (
        Period.year(y, WITA),
        Period.year(y - 1, WITA),
        Period.year(y + 1, WITA),
        Period.year(y, WITA, month=12),
        Period.year(y, WITA, month=1),
        Period((y - 1, 6), (y + 1, 1), WITA),
    ):
        assert _by_filter(period) == _by_annotation(period), period.label()
    in_y = {name for name, pk in cases.items() if pk in _by_filter(Period.year(y, WITA))}
    assert in_y == {
        "direct in Y",
        "direct first minute of Y",
        "direct last minute of Y",
        "complaint Y, opened Y+1",
        "complaint Y, opened Y",
        "complaint after opening",  # the earlier date (the opening) counts
        "stray reference",
    }
    # A complaint received after its case was opened never moves the case later than its opening.
    assert cases["complaint after its case"] in _by_filter(Period.year(y - 1, WITA))


def test_period_bounds_and_labels() -> None:
    year = Period.year(2025, WITA)
    assert year.start == dt.datetime(2025, 1, 1, tzinfo=WITA) and year.end == dt.datetime(2026, 1, 1, tzinfo=WITA)
    assert year.label() == "2025" and year.as_context() == {"from": "2025-01", "to": "2025-12"}
    december = Period.year(2025, WITA, month=12)
    assert december.end == dt.datetime(2026, 1, 1, tzinfo=WITA) and december.label() == "December 2025"
    span = Period((2024, 11), (2025, 2), WITA)
    assert span.start == dt.datetime(2024, 11, 1, tzinfo=WITA) and span.end == dt.datetime(2025, 3, 1, tzinfo=WITA)
    assert span.label() == "November 2024 – February 2025" and span.slug() == "2024-11_2025-02"
