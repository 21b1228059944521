"""Reads of the reports, always scoped to the user (ARCHITECTURE §3).

- :func:`report_unit_for`: the unit whose recap and SIMFONI export a HEAD or DATA_OFFICER may see —
  their own, nothing else (there is no unit parameter to tamper with);
- :func:`units_overseen_by`: the units a LEADERSHIP member sees in aggregate;
- the base querysets every report starts from: the cases and the victims (one row per victim per case,
  as SIMFONI counts) reported in a period. Reports aggregate these in SQL (ARCHITECTURE §8).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left

from sigap.accounts.models import Role, Unit, User
from sigap.cases.models import Case, CaseState
from sigap.cases.models.incident import Incident, IncidentViolenceType
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import PlanItem, PlanItemStatus
from sigap.reports.periods import Period, reported_in

# Roles that read the unit recap and the SIMFONI export of their own unit.
UNIT_REPORT_ROLES = (Role.HEAD, Role.DATA_OFFICER)
CLOSED_STATES = (CaseState.TERMINASI, CaseState.ARSIP)


def report_unit_for(user: User) -> Unit:
    """The user's own unit when their role may read its reports, else ``PermissionDenied``."""
    membership = user.membership if user.is_authenticated else None
    if membership is None or membership.role not in UNIT_REPORT_ROLES:
        raise PermissionDenied
    return membership.unit


def units_overseen_by(user: User) -> QuerySet[Unit]:
    """The units whose aggregates a LEADERSHIP member sees (none for any other role).

    - a NATIONAL unit's leadership (KemenPPPA) oversees every unit;
    - a PROVINCE unit's leadership oversees its own unit and the regency units whose region code
      starts with the province code (``64`` → ``64.02``, ``64.72`` …);
    - a REGENCY unit's leadership (kepala dinas of a kabupaten/kota) oversees its own unit.
    """
    membership = user.membership if user.is_authenticated else None
    if membership is None or membership.role != Role.LEADERSHIP:
        return Unit.objects.none()
    unit = membership.unit
    if unit.level == Unit.Level.NATIONAL:
        return Unit.objects.all()
    if unit.level == Unit.Level.PROVINCE:
        regencies = Q(level=Unit.Level.REGENCY, region_code__startswith=f"{unit.region_code}.")
        return Unit.objects.filter(Q(pk=unit.pk) | regencies)
    return Unit.objects.filter(pk=unit.pk)


def cases_reported(unit_ids: Sequence[int], period: Period) -> QuerySet[Case]:
    """The cases of the units whose reporting date falls in ``period`` (restricted cases included:
    aggregates and SIMFONI count every case)."""
    return Case.objects.filter(reported_in(period, unit_ids))


# The ids of the period's cases, as something ``case_id__in=`` accepts: a subquery of
# :func:`cases_reported` (the period filter then runs once per case, inside it) or the temporary table
# of :func:`cases_materialised`.
CaseIds = QuerySet[Any] | RawSQL


def period_case_ids(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return cases_reported(unit_ids, period).order_by().values("pk")


def victims_of(case_ids: CaseIds) -> QuerySet[CasePerson]:
    """One row per victim per case."""
    return CasePerson.objects.filter(role=PersonRole.VICTIM, case_id__in=case_ids)


def victims_reported(unit_ids: Sequence[int], period: Period) -> QuerySet[CasePerson]:
    """One row per victim per case, for the cases of :func:`cases_reported`."""
    return victims_of(period_case_ids(unit_ids, period))


def incidents_of(case_ids: CaseIds) -> QuerySet[Incident]:
    return Incident.objects.filter(case_id__in=case_ids)


def violence_types_of(case_ids: CaseIds) -> QuerySet[IncidentViolenceType]:
    return IncidentViolenceType.objects.filter(incident__case_id__in=case_ids)


def services_of(case_ids: CaseIds) -> QuerySet[PlanItem]:
    """Plan items of the cases, cancelled ones left out."""
    return PlanItem.objects.filter(plan__case_id__in=case_ids).exclude(status=PlanItemStatus.CANCELLED)


@contextmanager
def cases_materialised(unit_ids: Sequence[int], period: Period) -> Iterator[RawSQL]:
    """The ids of :func:`cases_reported` computed once, in a temporary table, for several queries.

    A report that reads the same period's cases in several queries would otherwise run the period
    filter (with its complaint lookups) in each: on the 100k benchmark data, for ~100,000 cases, that
    filter was ~0.5 s of each of the leadership recap's four queries. The table is private to the
    database connection and gone at the end of the block (``ON COMMIT DROP`` inside the transaction on
    PostgreSQL, where it is also analysed so the planner knows its size; dropped on SQLite).
    """
    name = connection.ops.quote_name(f"report_cases_{uuid.uuid4().hex[:16]}")
    # An explicit alias, so the table's column has a known name on both databases.
    ids = cases_reported(unit_ids, period).order_by().annotate(case_pk=F("pk")).values("case_pk")
    sql, params = ids.query.sql_with_params()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic() if postgres else nullcontext():
        with connection.cursor() as cursor:
            # The name is made here (hex digits); the SELECT and its parameters come from the ORM.
            suffix = " ON COMMIT DROP" if postgres else ""
            cursor.execute(f"CREATE TEMPORARY TABLE {name}{suffix} AS {sql}", params)  # noqa: S608
            if postgres:
                cursor.execute(f"ANALYZE {name}")
        try:
            yield RawSQL(f"SELECT case_pk FROM {name}", [])  # noqa: S608, S611 - a name made here, no input
        finally:
            if not postgres:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")


@contextmanager
def report_queries() -> Iterator[None]:
    """Run a report's queries in a read transaction tuned for reading everything (PostgreSQL only;
    nothing to do on SQLite). ``SET LOCAL`` lasts for this transaction only, so other requests on the
    same connection keep the server's settings. Measured on the 100k benchmark data:

    - ``jit = off``: the report queries carry many small subplans, so their estimated cost is high enough
      for PostgreSQL to compile them with LLVM first; compiling took 0.06–0.84 s per query, longer than
      running it.
    - ``cursor_tuple_fraction = 1``: the streamed SIMFONI export reads through a server-side cursor,
      which PostgreSQL plans for the first 10 % of the rows by default; that plan took 21 s instead of
      ~1 s for one unit's 5,400 rows, and 10 minutes instead of ~20 s for 83,000 rows.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield


def first_incident(victim_ref: str = "pk") -> QuerySet[Incident]:
    """The earliest incident of a victim (as a correlated subquery on ``victim_ref``): its age group,
    place and village describe the victim in SIMFONI; later incidents of the same case add forms only."""
    return Incident.objects.filter(victim_id=OuterRef(victim_ref)).order_by("date_from", "recorded_at", "pk")


# A village code is its district's code plus four digits (``64.02.06.2001`` → ``64.02.06``; the loader
# derives ``Village.district_id`` from the code itself, sigap.regions.services).
DISTRICT_CODE_LENGTH = 8


def district_of(village_field: str) -> Left:
    """The district (kecamatan) code of the village in ``village_field``, read from the code itself.

    Not ``…__village__district_id``: that join made PostgreSQL pick, for an export of many rows, a
    nested loop over a materialised scan of all 83,762 villages for every row (docs/performance.md,
    finding 11); the code's prefix needs no join. NULL when no village is recorded.
    """
    return Left(village_field, DISTRICT_CODE_LENGTH)
