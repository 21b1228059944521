"""The hourly step of the contracts app: open the evaluation of each period 14 days before it ends.

The period moves to UNDER_EVALUATION and its unit's HEAD gets the work item "evaluate the expert's period"
(reminded 3 days before the period ends, missed and escalated when it ends undecided). Contracts past their
end with no decision left to take, and contracts decided "end" once their end moment is past, are marked ENDED.
Idempotent: a period under evaluation is not opened again.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from sigap.accounts.models import Membership, Role
from sigap.assistance.models.session import SessionExpert, SessionStatus
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.models.case import OPEN_STATES
from sigap.contracts.kinds import CASE_REASSIGN, PERIOD_EVALUATION
from sigap.contracts.models import Contract, ContractPeriod, ContractState, PeriodState
from sigap.contracts.periods import EVALUATION_LEAD_DAYS
from sigap.contracts.services.evaluation import period_end_moment
from sigap.work.models import WorkItem
from sigap.work.services import work_item_done, work_item_open


def evaluation_title(period: ContractPeriod) -> str:
    """The work item's reference: the contract's id and the period (never the expert's name)."""
    return f"K{period.contract_id}-P{period.number}"


def evaluations_open(*, now: dt.datetime | None = None) -> int:
    """Open the evaluations that fall due (see the module docstring); how many opened."""
    now = now or timezone.now()
    horizon = now.date() + dt.timedelta(days=EVALUATION_LEAD_DAYS + 1)
    due = ContractPeriod.objects.filter(
        state=PeriodState.OPEN, contract__state=ContractState.ACTIVE, end__lte=horizon
    ).select_related("contract__unit")
    opened = 0
    for period in due.order_by("pk"):
        unit = period.contract.unit
        if (period.end - timezone.localdate(now, unit.zone)).days > EVALUATION_LEAD_DAYS:
            continue
        head = (
            Membership.objects.filter(unit=unit, role=Role.HEAD, is_active=True, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if head is None:
            continue  # tried again next hour, once the unit has a HEAD
        period.state = PeriodState.UNDER_EVALUATION
        period.save(update_fields=["state"])
        work_item_open(
            unit=unit,
            kind=PERIOD_EVALUATION,
            target=period,
            due_at=period_end_moment(period),
            responsible=head.user,
            title_key=evaluation_title(period),
        )
        opened += 1
    for contract in Contract.objects.filter(state=ContractState.ACTIVE, end__lt=now.date() - dt.timedelta(days=1)):
        if not contract.periods.exclude(
            state__in=[PeriodState.EXTENDED, PeriodState.EXTENDED_WITH_CONDITIONS]
        ).exists():
            contract.state, contract.ended_at = ContractState.ENDED, now
            contract.save(update_fields=["state", "ended_at"])
            audit_record(
                actor=None,
                unit=contract.unit,
                action=AuditAction.UPDATE,
                obj=contract,
                changed_fields=["state", "ended_at"],
                new={"state": contract.state, "ended_at": now},
                reason="contract past its end",
            )
    for contract in Contract.objects.filter(state=ContractState.ACTIVE, ended_at__lte=now):
        # Decided "end" at a period's evaluation: active until the end of that period (walk #13, finding 5).
        contract.state = ContractState.ENDED
        contract.save(update_fields=["state"])
        audit_record(
            actor=None,
            unit=contract.unit,
            action=AuditAction.UPDATE,
            obj=contract,
            changed_fields=["state"],
            new={"state": contract.state},
            reason="contract reached its decided end",
        )
    handbacks_close()
    return opened


def handbacks_close() -> int:
    """Close the reassignment items whose case no longer needs it: closed, or no expert whose contract ended
    (and who has no active one) is still on its team or booked on a planned session of it. How many closed."""
    # An ending contract (decided "end", still running) hands its cases back already: its expert is "gone" too.
    active = Contract.objects.filter(state=ContractState.ACTIVE, ended_at__isnull=True).values("expert__user_id")
    gone = (
        Contract.objects.filter(Q(state=ContractState.ENDED) | Q(state=ContractState.ACTIVE, ended_at__isnull=False))
        .exclude(expert__user_id__in=active)
        .values("expert__user_id")
    )
    closed = 0
    open_items = WorkItem.objects.filter(kind=CASE_REASSIGN, state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED])
    for item in open_items.order_by("pk"):
        case = Case.objects.filter(pk=item.object_id).first()
        if case is None:
            continue
        waiting = case.state in OPEN_STATES and (
            CaseTeamMember.objects.filter(case=case, is_active=True, user_id__in=gone).exists()
            or SessionExpert.objects.filter(
                Q(session__case=case) & Q(session__status=SessionStatus.PLANNED), user_id__in=gone
            ).exists()
        )
        if not waiting:
            closed += work_item_done(target=case, kind=CASE_REASSIGN)
    return closed
