"""The steps of a referral after it is sent (domain.md §E4): accepted or declined (with the reason), service
given, done (outcome and feedback), or withdrawn by the unit (with the reason).

The partner records its answer and the service given in the partner portal (``locked_referral`` admits a
portal user while the referral's grant lasts, for those steps only); the case manager (or the HEAD) may still
record them on the partner's behalf, and records done and withdrawn. Each step follows ``rules.NEXT``, stamps its moment, adds a history row and an audit event on the
case (the timeline's line). The partner's answer closes the "not answered" reminder; a referral done
marks its plan item done (``plan_item_set_status`` of ``sigap.cases``, the floor below) and, through
``sigap.referrals.hooks``, the apps above (the empowerment programme it delivers).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models.plan import PlanItem, PlanItemStatus, PlanState
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.plan import plan_item_set_status
from sigap.referrals.hooks import referral_stepped
from sigap.referrals.kinds import OVERRIDE_CONFIRM, UNANSWERED
from sigap.referrals.models import Referral, Status
from sigap.referrals.rules import may_move
from sigap.referrals.services.common import audit, locked_referral, step, text
from sigap.work.services import work_item_cancel, work_item_done

# The stamp each step sets besides ``status_changed_*``.
STAMPS: dict[str, str] = {
    Status.ACCEPTED: "answered_at",
    Status.DECLINED: "answered_at",
    Status.SERVICE_GIVEN: "service_given_at",
    Status.DONE: "done_at",
    Status.WITHDRAWN: "withdrawn_at",
}


def _move(
    *,
    actor: User,
    referral: Referral,
    target: str,
    note: str = "",
    request: HttpRequest | None,
    **fields: str,
) -> Referral:
    row, case = locked_referral(referral, actor, target=target)
    if not may_move(row.status, target):
        raise TransitionRefused(
            _("A referral that is %(now)s cannot become %(next)s.")
            % {"now": row.get_status_display().lower(), "next": Status(target).label.lower()}
        )
    now = timezone.now()
    changed = ["status", "status_changed_at", "status_changed_by", STAMPS[target], *fields]
    row.status, row.status_changed_at, row.status_changed_by = target, now, actor
    setattr(row, STAMPS[target], now)
    if target in (Status.ACCEPTED, Status.DECLINED):
        row.answered_by = actor
        changed.append("answered_by")
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=changed)
    step(referral=row, status=target, actor=actor, at=now, note=note)
    if target != Status.WITHDRAWN:
        work_item_done(target=row, kind=UNANSWERED, by=actor)  # the partner answered (or acted)
    else:
        work_item_cancel(target=row, kind=UNANSWERED, by=actor)
        work_item_cancel(target=row, kind=OVERRIDE_CONFIRM, by=actor)
    audit(actor=actor, case=case, referral=row, event=target.lower(), request=request, status=target)
    referral_stepped(row, target, actor, request)  # e.g. the empowerment programme it delivers (D82)
    return row


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, request: HttpRequest | None = None) -> Referral:
    return _move(actor=actor, referral=referral, target=Status.ACCEPTED, request=request)


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str, request: HttpRequest | None = None) -> Referral:
    reason = text(reason)
    if not reason:
        raise TransitionRefused(_("Say why the partner declined."))
    return _move(
        actor=actor, referral=referral, target=Status.DECLINED, note=reason, request=request, decline_reason=reason
    )


@transaction.atomic
def referral_service_given(
    *, actor: User, referral: Referral, outcome: str = "", request: HttpRequest | None = None
) -> Referral:
    outcome = text(outcome)
    fields = {"outcome": outcome} if outcome else {}
    return _move(actor=actor, referral=referral, target=Status.SERVICE_GIVEN, note=outcome, request=request, **fields)


@transaction.atomic
def referral_done(
    *, actor: User, referral: Referral, outcome: str, feedback: str = "", request: HttpRequest | None = None
) -> Referral:
    """The partner's part is over: outcome (required) and feedback recorded; its plan item is done."""
    outcome, feedback = text(outcome), text(feedback)
    if not outcome:
        raise TransitionRefused(_("Record the outcome: what the partner did for the victim."))
    row = _move(
        actor=actor,
        referral=referral,
        target=Status.DONE,
        note=outcome,
        request=request,
        outcome=outcome,
        feedback=feedback,
    )
    item = PlanItem.objects.filter(pk=row.plan_item_id).select_related("plan").first() if row.plan_item_id else None
    if item is not None and not item.is_resolved and item.plan.state == PlanState.APPROVED:
        plan_item_set_status(actor=actor, item=item, status=PlanItemStatus.DONE, request=request)
    return row


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, reason: str, request: HttpRequest | None = None) -> Referral:
    reason = text(reason)
    if not reason:
        raise TransitionRefused(_("Say why the referral is withdrawn."))
    return _move(
        actor=actor, referral=referral, target=Status.WITHDRAWN, note=reason, request=request, withdraw_reason=reason
    )
