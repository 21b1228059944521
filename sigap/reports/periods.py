"""Report periods and the reporting date of a case (domain.md §E1: SIMFONI counts by reporting date).

A :class:`Period` is a run of whole calendar months in one time zone (a unit's), half-open:
``start <= t < end``. :func:`reporting_date` is *the* definition of when a case counts; every report
filters with :func:`reported_in`, which says the same thing in a form the database can use an index for.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.dates import MONTHS

from sigap.intake.models import Complaint

# The first year a report may ask for (SIMFONI PPA started in 2016; older files may be migrated).
MIN_YEAR = 2000


@dataclass(frozen=True)
class Period:
    """Whole months ``first``..``last`` (inclusive, as (year, month)) in ``zone``."""

    first: tuple[int, int]
    last: tuple[int, int]
    zone: zoneinfo.ZoneInfo

    @classmethod
    def year(cls, year: int, zone: zoneinfo.ZoneInfo, *, month: int | None = None) -> Period:
        """A calendar year, or one month of it."""
        if month is None:
            return cls((year, 1), (year, 12), zone)
        return cls((year, month), (year, month), zone)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.first[0], self.first[1], 1, tzinfo=self.zone)

    @property
    def end(self) -> dt.datetime:
        year, month = self.last
        return dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=self.zone)

    @property
    def is_whole_year(self) -> bool:
        return self.first[0] == self.last[0] and self.first[1] == 1 and self.last[1] == 12

    def label(self) -> str:
        """ "2026", "Maret 2026" or "Januari 2024 – Maret 2026", in the active language."""
        if self.is_whole_year:
            return str(self.first[0])
        first = f"{MONTHS[self.first[1]]} {self.first[0]}"
        if self.first == self.last:
            return first
        return f"{first} – {MONTHS[self.last[1]]} {self.last[0]}"

    def as_context(self) -> dict[str, Any]:
        """Codes only, for the audit trail and file names: ``{"from": "2026-01", "to": "2026-12"}``."""
        return {"from": f"{self.first[0]:04d}-{self.first[1]:02d}", "to": f"{self.last[0]:04d}-{self.last[1]:02d}"}

    def slug(self) -> str:
        context = self.as_context()
        return context["from"] if context["from"] == context["to"] else f"{context['from']}_{context['to']}"


def current_year(zone: zoneinfo.ZoneInfo) -> int:
    return dt.datetime.now(tz=zone).year


def origin_complaint(prefix: str) -> QuerySet[Complaint]:
    # The complaint a case came from: the one the intake decision linked both ways (its number in the
    # case's ``complaint_ref``, the case in its ``case_id``). (unit, number) is unique and indexed, so
    # this is one index probe per case.
    return Complaint.objects.filter(
        unit_id=OuterRef(f"{prefix}unit_id"),
        number=OuterRef(f"{prefix}complaint_ref"),
        case_id=OuterRef(f"{prefix}pk"),
    ).order_by()  # at most one row: no sort (the model's default ordering would add one)


def reporting_date(prefix: str = "") -> Coalesce:
    """When a case counts in SIMFONI: the day its complaint was received, else the day it was opened.

    ``prefix`` is the path to the case from the queried model (``"case__"`` for a CasePerson).
    Edge cases:

    - a case opened directly (no complaint, or a hand-typed ``complaint_ref`` that is not the complaint
      whose decision opened it) counts from its opening;
    - a complaint received *after* the case was opened cannot move the case later than its opening: the
      earlier of the two dates counts. That also makes "reported on or before opened" always true,
      which :func:`reported_in` relies on.
    """
    opened = F(f"{prefix}opened_at")
    received = Subquery(origin_complaint(prefix).values("received_at")[:1])
    return Coalesce(Least(received, opened), opened, output_field=DateTimeField())


def reported_in(period: Period, unit_ids: Sequence[int]) -> Q:
    """Cases (the filter is on ``Case``) of ``unit_ids`` whose :func:`reporting_date` falls in
    ``period``, written so that the database reads only the cases that can qualify, through indexes,
    and computes the reporting date (one complaint probe) for those only.

    The reporting date is never after the opening, so a case qualifies only if it was opened in the
    period, or opened after it with its complaint received within it. The first set is an index range
    on ``(unit, opened_at)``; the second comes from the complaints received in the period, an index
    range on ``(unit, received_at)``. (A correlated ``EXISTS`` would be simpler to write, but PostgreSQL
    turns it into a hash of every complaint of the country received before the period.) Cases opened
    after the period are scanned (not probed), so an old year costs more than a recent one.
    Other models filter with ``case_id__in=`` the ``values("pk")`` of these cases (see
    ``sigap.reports.selectors``): the filter then runs once per case, not once per joined row.
    ``test_periods`` checks the result against the plain definition.
    """
    start, end = period.start, period.end
    ids = list(unit_ids)
    received_within = (
        Complaint.objects.filter(unit_id__in=ids, received_at__gte=start, received_at__lt=end, case_id__isnull=False)
        .order_by()
        .values("case_id")
    )
    # Opened in the period: it counts unless its complaint came in before the period.
    opened_within = Q(opened_at__gte=start, opened_at__lt=end) & Q(GreaterThanOrEqual(reporting_date(), start))
    # Opened after it: it counts if its complaint came in within the period (then the reporting date is
    # the complaint's date; no complaint gives NULL, which never counts). Written with the complaint's
    # date, not with the reporting date: PostgreSQL lifts a condition shared by both branches of an OR
    # out of it, and would then look up the complaint of every case opened after the period too.
    received = Subquery(origin_complaint("").values("received_at")[:1])
    opened_after = (
        Q(opened_at__gte=end, pk__in=received_within)
        & Q(GreaterThanOrEqual(received, start))
        & Q(LessThan(received, end))
    )
    return Q(unit_id__in=ids) & (opened_within | opened_after)


def local_date(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.date | None:
    return value.astimezone(zone).date() if value is not None else None


def file_date(value: dt.date | None) -> str:
    """A date in a report file: DD/MM/YYYY in every language (what Excel with Indonesian settings reads
    as a date), empty when unknown. ``strftime``, not Django's localized formats: a 100,000-row export
    formats 200,000 dates, and the localized path cost 10 µs each."""
    return value.strftime("%d/%m/%Y") if value is not None else ""
