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
from sigap.partners.selectors import partner_of
from sigap.referrals.models import Referral, ReferralEvent
from sigap.referrals.rules import PARTNER_STEPS

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


def locked_referral(referral: Referral, actor: User, *, target: str = "") -> tuple[Referral, Case]:
    """The referral and its case, locked, for a step by ``actor``: the unit's HEAD or case manager, or a user of
    the partner portal while the referral's grant lasts (``selectors.portal``), for the partner's own steps."""
    if partner_of(actor) is not None:
        return _locked_for_partner(referral, actor, target=target)
    case = locked_case(referral.case_id, actor)
    row = (
        Referral.objects.select_for_update(of=("self",)).select_related("partner", "victim__person").get(pk=referral.pk)
    )
    return row, case


def _locked_for_partner(referral: Referral, actor: User, *, target: str) -> tuple[Referral, Case]:
    if target not in PARTNER_STEPS:
        raise TransitionRefused(_("The unit records this step, not the partner."))
    return locked_grant(referral, actor)


def locked_grant(referral: Referral, actor: User) -> tuple[Referral, Case]:
    """The referral and its case, locked, while the portal user ``actor`` may still act on it (else refused)."""
    from sigap.referrals.selectors.portal import referrals_visible_to

    assert referral.case_id is not None  # a referral out always has its case
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=referral.case_id)
    # Read again under the lock: the grant may have ended since the page was shown.
    found = (
        referrals_visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk=referral.pk)
        .first()
    )
    if found is None:
        raise TransitionRefused(_("This referral is no longer open to your organisation."))
    return found, case


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
