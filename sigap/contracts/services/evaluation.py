"""The HEAD's decision on a contract period, and what it sets in motion.

- extend / extend with conditions: the next period opens; at the last period, a draft contract for the next
  fiscal year is proposed instead (``contract_draft_create``).
- end (with the reason): the contract ends at the period's end, and each open case of the expert goes to the
  HEAD's reassignment queue (a work item per case, ``CASE_REASSIGN``).

A decision is never changed: ``decision_supersede`` records a new one pointing at it, with a reason. It may
change the conditions, or turn an extension into an end while the next period has no decision of its own; an
end cannot become an extension (the unit makes a new contract instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.session import SessionExpert, SessionStatus
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.models.case import OPEN_STATES
from sigap.contracts.kinds import CASE_REASSIGN, PERIOD_EVALUATION
from sigap.contracts.models import (
    DECIDED_STATE,
    Contract,
    ContractPeriod,
    ContractState,
    Decision,
    PeriodDecision,
    PeriodState,
)
from sigap.contracts.rating import Scale, unit_scale
from sigap.contracts.services.contract import contract_draft_create, head_unit, period_open
from sigap.work.services import work_item_done, work_item_open

MAX_TEXT = 4000


def period_end_moment(period: ContractPeriod) -> dt.datetime:
    """Midnight after the period's last day, in the unit's time zone (when the period is over)."""
    day_after = period.end + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time(0), tzinfo=period.contract.unit.zone)


def _text(value: str, *, required: bool, message: str) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError(message)
    if len(text) > MAX_TEXT:
        raise ValidationError(_("A text is too long (at most 4000 characters)."))
    return text


def _check_ratings(scale: Scale, ratings: Mapping[str, Any]) -> dict[str, int]:
    lowest, highest = scale.lowest, scale.highest
    cleaned: dict[str, int] = {}
    for code, label in scale.criteria:
        value = ratings.get(code)
        if not isinstance(value, int) or not lowest <= value <= highest:
            raise ValidationError(
                _("Rate %(criterion)s from %(lowest)d to %(highest)d.")
                % {"criterion": label, "lowest": lowest, "highest": highest}
            )
        cleaned[code] = value
    return cleaned


def _clean(
    period: ContractPeriod, decision: str, ratings: Mapping[str, Any], notes: str, conditions: str, reason: str
) -> dict[str, Any]:
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."))
    # The unit's scale now: a decision rates on it and keeps a copy of it (a later change leaves it as decided).
    scale = unit_scale(period.contract.unit_id)
    return {
        "decision": decision,
        "ratings": _check_ratings(scale, ratings),
        "scale": scale.snapshot(),
        "notes": _text(notes, required=False, message=""),
        "conditions": _text(
            conditions if decision == Decision.EXTEND_WITH_CONDITIONS else "",
            required=decision == Decision.EXTEND_WITH_CONDITIONS,
            message=_("Write the conditions of the extension."),
        ),
        "reason": _text(
            reason if decision == Decision.END else "",
            required=decision == Decision.END,
            message=_("Write why the contract ends."),
        ),
    }


def _locked_period(actor: User, period: ContractPeriod) -> ContractPeriod:
    unit = head_unit(actor)
    locked = (
        ContractPeriod.objects.select_for_update()
        .select_related("contract__unit", "contract__expert")
        .get(pk=period.pk)
    )
    if locked.contract.unit_id != unit.pk:
        raise ValidationError(_("This contract is not of your unit."))
    return locked


def _record(
    *, actor: User, period: ContractPeriod, values: dict[str, Any], request: HttpRequest | None, **extra: Any
) -> PeriodDecision:
    row = PeriodDecision(period=period, decided_at=timezone.now(), decided_by=actor, **values, **extra)
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        unit=period.contract.unit,
        action=AuditAction.CREATE,
        obj=row,
        # The texts and the scores are personal (about the expert's work): their names only, never their values.
        changed_fields=["decision", "ratings", "scale", "notes", "conditions", "reason", "supersedes"],
        new={"decision": row.decision, "supersedes": row.supersedes_id},
        request=request,
    )
    return row


def _set_state(period: ContractPeriod, state: str) -> None:
    period.state = state
    period.save(update_fields=["state"])


def _end_contract(*, actor: User, period: ContractPeriod, request: HttpRequest | None) -> int:
    """End the contract at the period's end and queue the expert's open cases for reassignment.

    The contract stays ACTIVE until then (the expert still works, her sessions are still planned): the hourly
    step marks it ENDED once ``ended_at`` is past (``schedule.evaluations_open``). A decision taken after the
    period's end ends it at once.
    """
    contract = Contract.objects.select_for_update().get(pk=period.contract_id)
    contract.ended_at = period_end_moment(period)
    if contract.ended_at <= timezone.now():
        contract.state = ContractState.ENDED
    contract.save(update_fields=["state", "ended_at"])
    audit_record(
        actor=actor,
        unit=contract.unit,
        action=AuditAction.UPDATE,
        obj=contract,
        changed_fields=["state", "ended_at"],
        new={"state": contract.state, "ended_at": contract.ended_at},
        request=request,
    )
    return cases_hand_back(actor=actor, contract=contract, due_at=contract.ended_at)


def cases_hand_back(*, actor: User, contract: Contract, due_at: dt.datetime) -> int:
    """A reassignment item for the HEAD per open case of the expert: on their team, or with a planned session."""
    user_id = contract.expert.user_id
    on_team = CaseTeamMember.objects.filter(user_id=user_id, is_active=True).values("case_id")
    booked = SessionExpert.objects.filter(
        user_id=user_id, session__status=SessionStatus.PLANNED, session__unit_id=contract.unit_id
    ).values("session__case_id")
    cases = Case.objects.filter(unit_id=contract.unit_id, state__in=list(OPEN_STATES)).filter(
        Q(pk__in=on_team) | Q(pk__in=booked)
    )
    opened = 0
    for case in cases.distinct().order_by("number"):
        work_item_open(
            unit=contract.unit, kind=CASE_REASSIGN, target=case, due_at=due_at, responsible=actor, title_key=case.number
        )
        opened += 1
    return opened


def _apply(*, actor: User, period: ContractPeriod, decision: str, request: HttpRequest | None) -> None:
    _set_state(period, DECIDED_STATE[Decision(decision)])
    if decision == Decision.END:
        _end_contract(actor=actor, period=period, request=request)
    elif period.is_last:
        contract = period.contract
        contract_draft_create(
            actor=actor,
            expert=contract.expert,
            fiscal_year=contract.fiscal_year + 1,
            post=contract.post,
            profession=contract.profession,
            previous=contract,
            request=request,
        )
    else:
        period_open(contract=period.contract, number=period.number + 1, now=timezone.now())


@transaction.atomic
def period_decide(
    *,
    actor: User,
    period: ContractPeriod,
    decision: str,
    ratings: Mapping[str, Any],
    notes: str = "",
    conditions: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> PeriodDecision:
    """Record the HEAD's rating and decision on ``period`` and carry it out (see the module docstring)."""
    locked = _locked_period(actor, period)
    if locked.contract.state != ContractState.ACTIVE:
        raise ValidationError(_("This contract is not active."))
    if locked.decided:
        raise ValidationError(_("This period is already decided: a decision can only be superseded, with a reason."))
    values = _clean(locked, decision, ratings, notes, conditions, reason)
    row = _record(actor=actor, period=locked, values=values, request=request)
    _apply(actor=actor, period=locked, decision=decision, request=request)
    work_item_done(target=locked, kind=PERIOD_EVALUATION, by=actor)
    return row


def current_decision(period: ContractPeriod) -> PeriodDecision | None:
    """The decision on ``period`` that no later one supersedes (None: not decided)."""
    return period.decisions.filter(superseded_by__isnull=True).order_by("-decided_at", "-pk").first()


@transaction.atomic
def decision_supersede(
    *,
    actor: User,
    period: ContractPeriod,
    decision: str,
    ratings: Mapping[str, Any],
    supersede_reason: str,
    notes: str = "",
    conditions: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> PeriodDecision:
    """Replace the current decision on ``period`` by a new one, with the reason (the old row stays)."""
    locked = _locked_period(actor, period)
    old = current_decision(locked)
    if old is None:
        raise ValidationError(_("This period has no decision to supersede."))
    why = _text(supersede_reason, required=True, message=_("Write why the earlier decision is replaced."))
    values = _clean(locked, decision, ratings, notes, conditions, reason)
    if old.decision == Decision.END and decision != Decision.END:
        raise ValidationError(_("An ended contract cannot be extended by a new decision: make a new contract."))
    following = ContractPeriod.objects.filter(contract=locked.contract, number=locked.number + 1).first()
    if decision == Decision.END and old.decision != Decision.END:
        if following is not None and following.decided:
            raise ValidationError(_("The next period is already decided: decide on that period instead."))
        if following is not None:
            _set_state(following, PeriodState.ENDED)
    row = _record(actor=actor, period=locked, values=values, request=request, supersedes=old, supersede_reason=why)
    _set_state(locked, DECIDED_STATE[Decision(decision)])
    if decision == Decision.END and old.decision != Decision.END:
        _end_contract(actor=actor, period=locked, request=request)
    return row
