"""Writes of the closure of a case: request (reason + summary), the HEAD's decision, and reopen.

Same rules as :mod:`sigap.cases.services.lifecycle`: keyword-only, atomic, the case row locked, guards checked,
history kept and the audit event recorded in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.cases import codes
from sigap.cases.kinds import CLOSURE_APPROVAL
from sigap.cases.models import OPEN_STATES, Case, CaseState, ReopenReason
from sigap.cases.models.people import NoteConfidentiality
from sigap.cases.rules import guards
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.services.handoffs import case_closed_handoffs_cancel
from sigap.cases.services.lifecycle import (
    MAX_SUMMARY_LENGTH,
    audit_case_change,
    history_add,
    locked_case,
    refusal,
    step_note_clean,
)
from sigap.cases.services.people import case_note_add
from sigap.cases.services.state_hooks import state_changed
from sigap.cases.services.team import case_manager_missing_close
from sigap.work.services import work_decision_tell, work_item_cancel, work_item_done, work_item_hand
from sigap.work.workdays import add_working_days

CLOSURE_APPROVAL_WORKING_DAYS = 3


# --- closure ---------------------------------------------------------------------------------


def unit_head(unit: Unit) -> User | None:
    """The first active HEAD of ``unit`` (who receives its approval items), or None."""
    membership = (
        Membership.objects.select_related("user")
        .filter(unit=unit, role=Role.HEAD, is_active=True, user__is_active=True)
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


@transaction.atomic
def case_request_closure(
    *, actor: User, case: Case, reason: str, summary: str, request: HttpRequest | None = None
) -> Case:
    """Ask the HEAD to close the case, with a termination reason (reference list) and a summary.

    Allowed from any open state (a beneficiary may stop the service or become unreachable at any
    time). The request waits in the HEAD's approval queue (work item ``case_closure_approval``).
    """
    locked = locked_case(case)
    if not can_manage(actor, locked):
        raise refusal(_("Only the head of the unit or the case manager can do this."))
    if locked.state not in OPEN_STATES:
        raise refusal(_("Only an open case can be closed."))
    if locked.closure_pending:
        raise refusal(_("Closure has already been requested for this case."))
    if not codes.is_code(codes.TERMINATION_REASON, reason):
        raise refusal(_("Choose the reason for closing the case."))
    summary = (summary or "").strip()
    if not summary:
        raise refusal(_("Write a closure summary."))
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise refusal(_("The closure summary is too long (at most 5000 characters)."))
    guards.check_guards(guards.REQUEST_CLOSURE, locked)
    guards.check_closure_guards(locked, reason)
    now = timezone.now()
    changed: dict[str, tuple[Any, Any]] = {
        "closure_requested_at": (None, now.isoformat()),
        "closure_requested_by": (None, actor.pk),
        "closure_reason": (locked.closure_reason or None, reason),
        "closure_summary": (None, None),
    }
    locked.closure_requested_at, locked.closure_requested_by = now, actor
    locked.closure_reason, locked.closure_summary = reason, summary
    locked.save(
        update_fields=[
            "closure_requested_at",
            "closure_requested_by",
            "closure_reason",
            "closure_summary",
            "updated_at",
        ]
    )
    audit_case_change(actor=actor, case=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    head = unit_head(locked.unit)
    if head is not None:
        work_item_hand(
            unit=locked.unit,
            kind=CLOSURE_APPROVAL,
            target=locked,
            due_at=add_working_days(now, CLOSURE_APPROVAL_WORKING_DAYS, unit=locked.unit),
            responsible=head,
            title_key=locked.number,
            actor=actor,
        )
    return locked


def _clear_closure_request(case: Case) -> dict[str, tuple[Any, Any]]:
    changed: dict[str, tuple[Any, Any]] = {
        "closure_requested_at": (case.closure_requested_at.isoformat() if case.closure_requested_at else None, None),
        "closure_requested_by": (case.closure_requested_by_id, None),
        "closure_reason": (case.closure_reason, ""),
        "closure_summary": (None, None),
    }
    case.closure_requested_at, case.closure_requested_by = None, None
    case.closure_reason, case.closure_summary = "", ""
    return changed


@transaction.atomic
def case_reject_closure(*, actor: User, case: Case, comment: str, request: HttpRequest | None = None) -> Case:
    """The HEAD sends a closure request back (the case stays open; the request is cleared).

    Like a plan return, the HEAD says what must happen first: ``comment`` is required and kept as a note
    for the case manager and the head (encrypted, like every note).
    """
    locked = locked_case(case)
    if not is_head_of(actor, locked):
        raise refusal(_("Only the head of the unit can decide on a closure."))
    if not locked.closure_pending:
        raise refusal(_("No closure has been requested for this case."))
    comment = step_note_clean(comment)
    requester = locked.closure_requested_by
    changed = _clear_closure_request(locked)
    locked.save(update_fields=[*changed, "updated_at"])
    audit_case_change(actor=actor, case=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    case_note_add(
        actor=actor,
        case=locked,
        body=_("Closure sent back: %(comment)s") % {"comment": comment},
        confidentiality=NoteConfidentiality.MANAGER_HEAD,
        request=request,
    )
    work_item_cancel(target=locked, kind=CLOSURE_APPROVAL, by=actor)
    work_decision_tell(target=locked, kind=CLOSURE_APPROVAL, approved=False, recipients=[requester])
    return locked


@transaction.atomic
def case_approve_closure(*, actor: User, case: Case, request: HttpRequest | None = None) -> Case:
    """The HEAD approves the requested closure: the case goes to TERMINASI (HEAD only)."""
    locked = locked_case(case)
    if not is_head_of(actor, locked):
        raise refusal(_("Only the head of the unit can approve a closure."))
    if not locked.closure_pending:
        raise refusal(_("No closure has been requested for this case."))
    guards.check_guards(guards.APPROVE_CLOSURE, locked)
    guards.check_closure_guards(locked, locked.closure_reason)
    old_state, now = locked.state, timezone.now()
    locked.state, locked.closed_at, locked.closed_by = CaseState.TERMINASI, now, actor
    locked.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
    history_add(
        case=locked,
        from_state=old_state,
        to_state=CaseState.TERMINASI,
        actor=actor,
        reason=locked.closure_reason,
        at=now,
    )
    changed = {
        "state": (old_state, CaseState.TERMINASI),
        "closed_at": (None, now.isoformat()),
        "closed_by": (None, actor.pk),
    }
    audit_case_change(actor=actor, case=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    work_item_done(target=locked, kind=CLOSURE_APPROVAL, by=actor)
    work_decision_tell(target=locked, kind=CLOSURE_APPROVAL, approved=True, recipients=[locked.closure_requested_by])
    state_changed(actor=actor, case=locked, old_state=old_state, new_state=CaseState.TERMINASI)
    # A case closed before anyone managed it needs no team any more.
    case_manager_missing_close(case=locked, by=actor, cancelled=True)
    case_closed_handoffs_cancel(case=locked, by=actor)
    return locked


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, note: str, request: HttpRequest | None = None) -> Case:
    """TERMINASI → ASESMEN on a new incident or a relapse; the last closure stays in the history.

    ``note`` (what happened, in words) is required and kept in the history with the reason code.
    """
    locked = locked_case(case)
    if not can_manage(actor, locked):
        raise refusal(_("Only the head of the unit or the case manager can do this."))
    if locked.state != CaseState.TERMINASI:
        raise refusal(_("Only a closed case can be reopened."))
    if reason not in ReopenReason.values:
        raise refusal(_("Choose why the case is reopened."))
    note = step_note_clean(note)
    guards.check_guards(guards.REOPEN, locked)
    old_state, now = locked.state, timezone.now()
    changed = _clear_closure_request(locked)
    changed |= {
        "state": (old_state, CaseState.ASESMEN),
        "closed_at": (locked.closed_at.isoformat() if locked.closed_at else None, None),
        "closed_by": (locked.closed_by_id, None),
    }
    locked.state, locked.closed_at, locked.closed_by = CaseState.ASESMEN, None, None
    locked.save(update_fields=[*changed, "updated_at"])
    history_add(
        case=locked, from_state=old_state, to_state=CaseState.ASESMEN, actor=actor, reason=reason, note=note, at=now
    )
    audit_case_change(actor=actor, case=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    state_changed(actor=actor, case=locked, old_state=old_state, new_state=CaseState.ASESMEN)
    return locked
