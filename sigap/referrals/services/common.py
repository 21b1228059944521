"""What every referral write shares: the locked referral and case, the step in the history, the audit event
on the case (``changed_fields=["referrals"]``, codes and ids only: also the case timeline's line)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage
from sigap.referrals.models import Referral, ReferralEvent

MAX_TEXT = 2000


def text(value: str, *, limit: int = MAX_TEXT) -> str:
    cleaned = (value or "").replace("\x00", "").strip()
    if len(cleaned) > limit:
        raise TransitionRefused(_("The text is too long (at most %(n)d characters).") % {"n": limit})
    return cleaned


def locked_case(case_id: Any, actor: User) -> Case:
    """The case row, locked; refused when closed or when the actor is neither its HEAD nor its case manager."""
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no new records; reopen it first."))
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can refer a case."))
    return case


def locked_referral(referral: Referral, actor: User) -> tuple[Referral, Case]:
    case = locked_case(referral.case_id, actor)
    row = Referral.objects.select_for_update().select_related("partner", "victim__person").get(pk=referral.pk)
    return row, case


def step(*, referral: Referral, status: str, actor: User, at: Any, note: str = "") -> ReferralEvent:
    return ReferralEvent.objects.create(referral=referral, status=status, at=at, by=actor, note=note)


def audit(
    *,
    actor: User,
    case: Case,
    referral: Referral,
    event: str,
    request: HttpRequest | None,
    action: str = AuditAction.UPDATE,
    reason: str = "",
    **values: Any,
) -> None:
    audit_record(
        actor=actor,
        unit=case.unit,
        action=action,
        obj=case,
        changed_fields=["referrals"],
        new={"referrals": {"event": event, "referral": str(referral.pk), "number": referral.number, **values}},
        reason=reason,
        request=request,
    )
