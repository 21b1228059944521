"""Writes of the complaints app, second half: decisions, the hand-off to a case, outreach, assignment
and the unit's response clocks. Same rules as :mod:`sigap.intake.services.complaint` (keyword-only, atomic,
locked row, guards with clear refusals, audit event in the same transaction).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.intake.hooks import case_opened, outreach_decided, outreach_ended
from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import (
    DECISION_STATE,
    CloseReason,
    Complaint,
    ComplaintState,
    Decision,
    IntakeSettings,
    Jurisdiction,
    RiskLevel,
)
from sigap.intake.services.carry import carried_persons, complaint_carry_rows
from sigap.intake.services.complaint import (
    MAX_NOTE,
    ComplaintRefused,
    _audit,
    _locked,
    _membership_in,
    _move,
    _optional,
    _save,
)
from sigap.intake.services.contact import unreachable_evidence_missing
from sigap.work.services import work_item_done, work_item_reassign

logger = logging.getLogger("sigap.intake")


# --- decision --------------------------------------------------------------------------------


def _check_decision(complaint: Complaint, decision: str, close_reason: str, note: str | None) -> None:
    """The guards of each decision; the message says what is missing."""
    if decision not in Decision.values:
        raise ComplaintRefused(_("Choose a decision."))
    if decision == Decision.CLOSE:
        if close_reason not in CloseReason.values:
            raise ComplaintRefused(_("Give the reason for closing without a case."))
        if close_reason == CloseReason.OTHER and not note:
            raise ComplaintRefused(_("Explain the reason in the note."))
        if close_reason == CloseReason.UNREACHABLE:
            missing = unreachable_evidence_missing(complaint)
            if missing is not None:
                raise ComplaintRefused(missing)
        return
    if close_reason:
        raise ComplaintRefused(_("A reason for closing is only given when closing without a case."))
    if complaint.state == ComplaintState.DARURAT:
        return  # once safe, an emergency becomes a case; its identification was done before
    if not complaint.category or not complaint.jurisdiction:
        raise ComplaintRefused(_("Record the identification (category, risk, jurisdiction) before deciding."))
    if decision == Decision.EMERGENCY and complaint.risk_level != RiskLevel.TINGGI:
        raise ComplaintRefused(_("An emergency response needs a high risk level."))
    if decision == Decision.OPEN_CASE and complaint.jurisdiction != Jurisdiction.THIS_UNIT:
        raise ComplaintRefused(_("The complaint belongs to another region: refer or transfer it instead."))
    if decision == Decision.REFER_OUT and not (complaint.transfer_to or note):
        raise ComplaintRefused(_("Say in the note where the complaint is referred."))


@transaction.atomic
def complaint_decide(
    *,
    actor: User,
    complaint: Complaint,
    decision: str,
    close_reason: str = "",
    note: str = "",
    same_as: dict[str, uuid.UUID | None] | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """Take the decision of identification (or open the case of an emergency once safe).

    ``same_as``: for opening a case, the known person the officer confirmed for each row of
    ``complaint_carry_rows`` (by key); rows not named become new persons of the case.

    Open a case → ``KASUS_DIBUKA`` through the case file's ``case_open`` (the case is numbered and
    linked here); emergency → ``DARURAT``; outreach → ``PENJANGKAUAN``; refer/transfer →
    ``DIRUJUK_KELUAR``; close → ``DITUTUP_TANPA_KASUS`` with a reason.
    """
    _membership_in(actor, complaint.unit)
    complaint = _locked(complaint)
    clean_note = _optional(note, MAX_NOTE)
    to_state = DECISION_STATE.get(decision, "")
    if complaint.state == ComplaintState.ADUAN_MASUK:
        raise ComplaintRefused(_("Take the complaint into identification first."))
    if complaint.state == ComplaintState.DARURAT and decision != Decision.OPEN_CASE:
        raise ComplaintRefused(_("Once the person is safe, an emergency continues as a case."))
    _check_decision(complaint, decision, close_reason, clean_note)
    now = timezone.now()
    changed: dict[str, tuple[Any, Any]] = {}
    _move(complaint=complaint, to_state=to_state, actor=actor, at=now, changed=changed)
    updates = {
        "decision": decision,
        "close_reason": close_reason if decision == Decision.CLOSE else "",
        "decision_note": clean_note,
        "decided_at": now,
        "decided_by": actor,
    }
    for name, value in updates.items():
        old = getattr(complaint, name)
        if old != value:
            changed[name] = (old.pk if isinstance(old, User) else old, value.pk if isinstance(value, User) else value)
            setattr(complaint, name, value)
    if decision == Decision.OPEN_CASE:
        case_id, case_number = _open_case(actor=actor, complaint=complaint, same_as=same_as or {}, request=request)
        if case_id is not None:
            complaint.case_id, complaint.case_number = case_id, case_number
            changed["case_id"] = (None, str(case_id))
            changed["case_number"] = ("", case_number)
    # A decision is a response: a clock still open (e.g. after outreach) closes here.
    work_item_done(target=complaint, kind=COMPLAINT_RESPONSE, by=actor)
    _save(complaint, changed)
    _audit(actor=actor, complaint=complaint, action=AuditAction.UPDATE, changed=changed, request=request)
    if decision == Decision.OUTREACH:
        # The services app plans the visit and starts its clock (sigap.intake.hooks; this app cannot import it).
        outreach_decided(actor=actor, complaint=complaint, request=request)
    if complaint.case_id:
        case_opened(actor=actor, complaint=complaint, request=request)  # e.g. links an inbound referral
    logger.info("complaint decided", extra={"complaint": str(complaint.pk), "decision": decision})
    return complaint


def _open_case(
    *, actor: User, complaint: Complaint, same_as: dict[str, uuid.UUID | None], request: HttpRequest | None
) -> tuple[Any, str]:
    """Hand the complaint to the case file (``sigap.cases.services.lifecycle.case_open``): ``(case id, number)``.

    The case is opened in the same transaction, with the complaint's safe-contact rule and its people
    (created, or linked to the known person the officer confirmed): a refusal there refuses the decision too.
    """
    try:
        from sigap.cases.services.lifecycle import case_open
    except ImportError:  # the case file is not installed: the decision is recorded without a link
        return None, ""
    try:
        case = case_open(
            actor=actor,
            category=complaint.category,
            category_subtype=complaint.category_subtype,
            risk_level=complaint.risk_level,
            complaint_ref=complaint.number,
            contact_calls=complaint.contact_calls,
            contact_rule=complaint.contact_instructions or "",
            persons=carried_persons(complaint_carry_rows(complaint), same_as),
            request=request,
        )
    except ValidationError as error:
        raise ComplaintRefused(error.messages) from None
    return case.pk, case.number


@transaction.atomic
def complaint_outreach_done(*, actor: User, complaint: Complaint, request: HttpRequest | None = None) -> Complaint:
    """PENJANGKAUAN → IDENTIFIKASI: the outreach visit is done; identification continues (the visits still
    planned are cancelled through ``sigap.intake.hooks.outreach_ended``)."""
    _membership_in(actor, complaint.unit)
    complaint = _locked(complaint)
    if complaint.state != ComplaintState.PENJANGKAUAN:
        raise ComplaintRefused(_("Only a complaint in outreach can return to identification."))
    changed: dict[str, tuple[Any, Any]] = {}
    _move(complaint=complaint, to_state=ComplaintState.IDENTIFIKASI, actor=actor, at=timezone.now(), changed=changed)
    changed["decision"] = (complaint.decision, "")
    complaint.decision = ""
    _save(complaint, changed)
    _audit(actor=actor, complaint=complaint, action=AuditAction.UPDATE, changed=changed, request=request)
    # The visits still planned will not take place: the services app cancels them and their clocks.
    outreach_ended(actor=actor, complaint=complaint, request=request)
    return complaint


@transaction.atomic
def complaint_assign(
    *, actor: User, complaint: Complaint, handler: User, request: HttpRequest | None = None
) -> Complaint:
    """The HEAD gives a complaint to an intake officer of the unit (its open clock follows)."""
    membership = _membership_in(actor, complaint.unit)
    if membership.role != Role.HEAD:
        raise ComplaintRefused(_("Only the head of the unit can assign complaints."))
    if not Membership.objects.filter(
        user=handler, unit=complaint.unit, role=Role.INTAKE, is_active=True, user__is_active=True
    ).exists():
        raise ComplaintRefused(_("Choose an active intake officer of the unit."))
    complaint = _locked(complaint)
    if complaint.is_final:
        raise ComplaintRefused(_("A decided complaint cannot be reassigned."))
    if complaint.handler_id == handler.pk:
        return complaint
    changed = {"handler": (complaint.handler_id, handler.pk)}
    complaint.handler = handler
    _save(complaint, changed)
    work_item_reassign(target=complaint, kind=COMPLAINT_RESPONSE, responsible=handler)
    _audit(actor=actor, complaint=complaint, action=AuditAction.ASSIGN, changed=changed, request=request)
    return complaint


# --- settings ----------------------------------------------------------------------------------


@transaction.atomic
def intake_settings_update(
    *,
    actor: User,
    high_risk_minutes: int,
    medium_risk_hours: int,
    low_risk_working_days: int,
    request: HttpRequest | None = None,
) -> IntakeSettings:
    """The HEAD sets the response clocks of the unit (new complaints only; open clocks keep theirs)."""
    membership = actor.membership
    if membership is None or membership.role != Role.HEAD:
        raise ComplaintRefused(_("Only the head of the unit can change the response clocks."))
    row, _created_now = IntakeSettings.objects.select_for_update().get_or_create(unit=membership.unit)
    values = {
        "high_risk_minutes": high_risk_minutes,
        "medium_risk_hours": medium_risk_hours,
        "low_risk_working_days": low_risk_working_days,
    }
    changed = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            unit=membership.unit,
            action=AuditAction.UPDATE,
            obj=row,
            changed_fields=list(changed),
            old={k: v[0] for k, v in changed.items()},
            new={k: v[1] for k, v in changed.items()},
            request=request,
        )
    return row
