"""Empowerment outcomes and partner response times for the recaps (issue #14): two queries whatever the cases.

- **Victims who reached independence** in the period: the cases whose *first* outcome record judged "independent"
  (``empowerment.OutcomeRecord.independent``, the unit's definition) was recorded in the period; a victim who was
  independent before the period is not counted again. One victim per case (the victim the case follows).
- **Time to independence**: the median of the days from the case's opening to that first "independent" record.
- **Partner response times**: for the referrals out answered (accepted or declined) in the period, the median
  days from sent to the answer, per partner type (``partners.PartnerKind``).

Each median is computed in SQL as the leadership recap's median days to closure: the middle row(s) of each group
ordered by duration (``ROW_NUMBER`` over ``COUNT``), so at most two rows per group come back, each with the
group's size ``n``. The queries are built and compiled once per process (``sigap.reports.compiled``, D49); the
duration column is read as the database gives it (a ``timedelta`` from PostgreSQL, microseconds from SQLite,
whichever path ran) and turned into days by :func:`days_of`.

Suppression: a median is hidden when its group has fewer than 5 rows (``suppression.median_cell``), as the
median days to closure is; counts follow the page they are on (the unit recap shows its own unit's counts, the
leadership recap suppresses them, ``count_cell``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from sigap.empowerment.models import OutcomeRecord
from sigap.partners.models import PartnerKind
from sigap.referrals.models import Direction, Referral
from sigap.reports.compiled import grouped_rows
from sigap.reports.periods import Period
from sigap.reports.suppression import Cell, median_cell

SECONDS_PER_DAY = 86400


def days_of(value: Any) -> float:
    """A duration as the database returns it, in days (PostgreSQL: ``timedelta``; SQLite: microseconds)."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / SECONDS_PER_DAY
    return float(value) / 1_000_000 / SECONDS_PER_DAY


def _middle(queryset: QuerySet[Any], duration: ExpressionWrapper, group: str) -> QuerySet[Any]:
    """The middle row(s) of each ``group`` ordered by ``duration``, with ``days`` and the group's size ``n``."""
    return (
        queryset.annotate(
            group=F(group),
            days=duration,
            rank=Window(RowNumber(), partition_by=[F(group)], order_by=[duration.asc(), F("pk").asc()]),
            n=Window(Count("pk"), partition_by=[F(group)]),
        )
        # The middle row of an odd count, the two middle rows of an even one: (n + 1) / 2 <= rank <= n / 2 + 1.
        .filter(rank__gte=(F("n") + 1) / 2, rank__lte=F("n") / 2 + 1)
        .values("group", "days", "n")
        .order_by()
    )


def independence_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    """Per unit: the middle durations from opening to the first "independent" record in the period, and ``n``."""
    earlier = OutcomeRecord.objects.filter(
        case_id=OuterRef("case_id"), independent=True, recorded_at__lt=OuterRef("recorded_at")
    )
    first = OutcomeRecord.objects.filter(
        case__unit_id__in=list(unit_ids),
        independent=True,
        recorded_at__gte=period.start,
        recorded_at__lt=period.end,
    ).filter(~Exists(earlier))
    duration = ExpressionWrapper(F("recorded_at") - F("case__opened_at"), output_field=DurationField())
    return _middle(first, duration, "case__unit_id")


def response_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    """Per partner type: the middle durations from sent to answered of the referrals out answered in the period."""
    answered = Referral.objects.filter(
        unit_id__in=list(unit_ids),
        direction=Direction.OUT,
        sent_at__isnull=False,
        answered_at__gte=period.start,
        answered_at__lt=period.end,
    )
    duration = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
    return _middle(answered, duration, "partner__kind")


OUTCOME_QUERIES = {"outcomes.independence": independence_query, "outcomes.responses": response_query}


@dataclass(frozen=True)
class Median:
    """A group's size and the median of its durations in days (``None``: no row)."""

    n: int = 0
    days: float | None = None

    @property
    def cell(self) -> Cell:
        return median_cell(self.days, self.n)


def medians(rows: Iterable[dict[str, Any]]) -> dict[Any, Median]:
    """Fold the middle rows of :func:`_middle` into one :class:`Median` per group."""
    middles: dict[Any, list[float]] = {}
    sizes: dict[Any, int] = {}
    for row in rows:
        middles.setdefault(row["group"], []).append(days_of(row["days"]))
        sizes[row["group"]] = row["n"]
    return {group: Median(sizes[group], fmean(values)) for group, values in middles.items()}


@dataclass(frozen=True)
class ResponseLine:
    kind: str
    label: str
    median: Median


@dataclass
class Outcomes:
    """What the unit recap shows of independence and partners' answers."""

    independence: Median = field(default_factory=Median)
    responses: list[ResponseLine] = field(default_factory=list)


def unit_outcomes(unit_id: int, period: Period) -> Outcomes:
    """Two queries: the unit's victims who reached independence and its partners' response times, for the period."""
    reached = medians(grouped_rows("outcomes.independence", independence_query, [unit_id], period))
    answered = medians(grouped_rows("outcomes.responses", response_query, [unit_id], period))
    labels = dict(PartnerKind.choices)
    order = list(labels)
    lines = [
        ResponseLine(kind, str(labels.get(kind, kind)), median)
        for kind, median in sorted(answered.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    ]
    return Outcomes(independence=reached.get(unit_id, Median()), responses=lines)


def independence_by_unit(unit_ids: Sequence[int], period: Period) -> dict[int, Median]:
    """Per unit (the leadership recap): victims who reached independence in the period and the median days."""
    return medians(grouped_rows("outcomes.independence", independence_query, unit_ids, period))
