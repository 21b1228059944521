"""The HEAD's workload page: per expert of the unit, open cases, sessions this week and this period, hours of
the held sessions this period, whether licensed today, and the contract's state (issue #13).

"This period" is the period of the expert's active contract that contains today (walk #13, finding 6: never a
future period opened early by an extension); between an ended period and the next one not yet opened, the last
one started; without a contract or a period, the current calendar quarter. A fixed
number of queries whatever the number of experts (the counts are grouped in SQL, the period read once each).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.assistance.models.session import SessionExpert, SessionStatus
from sigap.contracts.models import Contract, ContractPeriod, ContractState
from sigap.experts.licensing import annotate_licence, unit_today
from sigap.experts.selectors import open_caseload


@dataclass(frozen=True)
class WorkloadRow:
    user: User
    open_cases: int
    sessions_week: int
    sessions_period: int
    hours_period: Decimal
    licensed: bool
    contract: Contract | None
    period: ContractPeriod | None
    awaiting_confirmation: bool = False
    period_state: str = ""


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = dt.date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1) - dt.timedelta(days=1)
    return start, end


def workload_rows(unit: Unit) -> list[WorkloadRow]:
    today = unit_today(unit)
    zone = unit.zone
    users = list(
        annotate_licence(
            User.objects.filter(
                pk__in=Membership.objects.filter(unit=unit, role=Role.EXPERT, is_active=True).values("user_id")
            ),
            today,
        )
        .annotate(open_cases=open_caseload(unit.pk))
        .order_by("full_name", "pk")
    )
    contracts = {
        c.expert.user_id: c
        for c in Contract.objects.filter(unit=unit, state=ContractState.ACTIVE).select_related("expert", "unit")
    }
    # Ordered by number: the last one kept per contract is the latest started on or before today.
    periods = {
        p.contract_id: p
        for p in ContractPeriod.objects.filter(contract__in=list(contracts.values()), start__lte=today).order_by(
            "contract_id", "number"
        )
    }
    week_start = today - dt.timedelta(days=today.weekday())
    windows: dict[int, tuple[dt.date, dt.date]] = {}
    for user in users:
        contract = contracts.get(user.pk)
        period = periods.get(contract.pk) if contract is not None else None
        windows[user.pk] = (period.start, period.end) if period is not None else _quarter(today)
    earliest = min([week_start, *(w[0] for w in windows.values())])
    latest = max([week_start + dt.timedelta(days=6), *(w[1] for w in windows.values())])
    rows = (
        SessionExpert.objects.filter(
            user_id__in=[u.pk for u in users],
            session__unit=unit,
            session__planned_start__gte=dt.datetime.combine(earliest, dt.time(0), tzinfo=zone),
            session__planned_start__lt=dt.datetime.combine(latest + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
        )
        .exclude(Q(session__status=SessionStatus.CANCELLED))
        .values_list(
            "user_id", "session__planned_start", "session__status", "session__actual_start", "session__actual_end"
        )
    )
    week: dict[int, int] = defaultdict(int)
    in_period: dict[int, int] = defaultdict(int)
    seconds: dict[int, float] = defaultdict(float)
    for user_id, planned, status, actual_start, actual_end in rows:
        day = timezone.localtime(planned, zone).date()
        if week_start <= day <= week_start + dt.timedelta(days=6):
            week[user_id] += 1
        start, end = windows[user_id]
        if start <= day <= end:
            in_period[user_id] += 1
            if status == SessionStatus.HELD and actual_start and actual_end and actual_end > actual_start:
                seconds[user_id] += (actual_end - actual_start).total_seconds()
    result = []
    for user in users:
        contract = contracts.get(user.pk)
        period = periods.get(contract.pk) if contract is not None else None
        result.append(
            WorkloadRow(
                user=user,
                open_cases=user.open_cases,
                sessions_week=week[user.pk],
                sessions_period=in_period[user.pk],
                hours_period=(Decimal(seconds[user.pk]) / Decimal(3600)).quantize(Decimal("0.1")),
                licensed=bool(user.licensed),
                contract=contract,
                period=period,
                awaiting_confirmation=bool(user.awaiting_confirmation),
                period_state=period.state_text_on(today) if period is not None else "",
            )
        )
    return result
