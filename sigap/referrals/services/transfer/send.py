"""Writes of a transfer out (pelimpahan): a case manager proposes, the HEAD sends back or carries it out.

Carrying it out (:func:`transfer_carry_out`) is one transaction with one audit trail: the package is
made from the locked case, its two files encrypted with a fresh password and kept sealed, and the case
closed with the reason "moved to another region (transferred)" through the case file's own closure
services (request, then approval by the same HEAD), so every guard and follow-up of a closure applies.
The password is returned to the caller to be shown once; it is stored nowhere (decision D78).

Same rules as every service: keyword-only, atomic, rows locked, audit event in the same transaction;
refusals raise :class:`TransferRefused` (a ``ValidationError``) with the message for the user.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_changes, audit_record
from sigap.cases.models import OPEN_STATES, Case
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.services.closure import case_approve_closure, case_request_closure, unit_head
from sigap.cases.services.lifecycle import locked_case
from sigap.core.classification import Level
from sigap.core.files.kinds import PDF, XLSX
from sigap.core.files.store import file_store
from sigap.referrals.classification import CLASSIFICATION
from sigap.referrals.models import CaseTransfer, TransferState
from sigap.referrals.transfer.kinds import TRANSFER_APPROVAL
from sigap.referrals.transfer.package import encrypt_workbook, new_password, package_pdf, workbook_plain
from sigap.referrals.transfer.payload import build_payload
from sigap.work.services import work_decision_tell, work_item_cancel, work_item_done, work_item_hand
from sigap.work.workdays import add_working_days

TRANSFER_REASON = "PINDAH_WILAYAH"  # termination_reason: "Moved to another region (transferred)"
APPROVAL_WORKING_DAYS = 3
MAX_REASON = 2000
MAX_NAME = 200
# Values of the non-personal fields go into the audit trail; the storage names are of no use to a reader.
SAFE_FIELDS = frozenset(
    name for name, entry in CLASSIFICATION["CaseTransfer"].items() if entry in (Level.PUBLIC, Level.INTERNAL)
) - {"xlsx_storage_name", "pdf_storage_name"}


class TransferRefused(ValidationError):
    """A transfer step was refused; the message says why."""


@dataclass(frozen=True)
class Receiver:
    """Where the case goes: a unit of this Sigap, or an external UPTD PPA by its name (and region code)."""

    unit: Unit | None = None
    name: str = ""
    region_code: str = ""

    def resolved(self, case: Case) -> tuple[Unit | None, str, str]:
        if self.unit is not None:
            if self.unit.pk == case.unit_id or not self.unit.is_active:
                raise TransferRefused(_("Choose another active unit: a case cannot be transferred to its own unit."))
            return self.unit, self.unit.name, self.unit.region_code
        name = " ".join((self.name or "").split())[:MAX_NAME]
        if not name:
            raise TransferRefused(_("Choose the receiving unit, or type the name of the UPTD PPA."))
        return None, name, (self.region_code or "").strip()[:20]


def _clean_reason(reason: str) -> str:
    text = (reason or "").replace("\x00", "").strip()
    if not text:
        raise TransferRefused(_("Say why the case is transferred (for example, where the victim moved)."))
    if len(text) > MAX_REASON:
        raise TransferRefused(_("The reason is too long (at most 2000 characters)."))
    return text


def _check_case(case: Case) -> None:
    if case.state not in OPEN_STATES:
        raise TransferRefused(_("Only an open case can be transferred."))
    if case.closure_pending:
        raise TransferRefused(
            _("A closure is waiting for the head's decision: decide on it before transferring the case.")
        )


def _audit(*, actor: User, transfer: CaseTransfer, action: AuditAction, changed: dict[str, tuple[Any, Any]],
           request: HttpRequest | None) -> None:  # fmt: skip
    audit_changes(obj=transfer, unit=transfer.unit, safe_fields=SAFE_FIELDS, actor=actor, action=action,
                  changed=changed, request=request)  # fmt: skip


@transaction.atomic
def _case_line(*, actor: User, transfer: CaseTransfer, event: str, request: HttpRequest | None) -> None:
    """The step on the case's own timeline (walk #14, 6): who proposed, sent back or carried out the transfer,
    and to which unit (an organisation's name; the reason stays on the transfer page)."""
    audit_record(
        actor=actor,
        unit=transfer.unit,
        action=AuditAction.UPDATE,
        obj=transfer.case,
        changed_fields=["referrals"],
        new={"referrals": {"event": event, "receiving": transfer.receiving_name}},
        request=request,
    )


def transfer_propose(
    *, actor: User, case: Case, receiver: Receiver, reason: str, request: HttpRequest | None = None
) -> CaseTransfer:
    """The case manager proposes a transfer; it waits in the HEAD's approval queue."""
    locked = locked_case(case)
    if not can_manage(actor, locked):
        raise TransferRefused(_("Only the head of the unit or the case manager can do this."))
    _check_case(locked)
    unit, name, _code = receiver.resolved(locked)
    if CaseTransfer.objects.filter(case=locked, state=TransferState.PROPOSED).exists():
        raise TransferRefused(_("A transfer of this case is already waiting for the head's decision."))
    now = timezone.now()
    transfer = CaseTransfer(
        unit=locked.unit,
        case=locked,
        state=TransferState.PROPOSED,
        receiving_unit=unit,
        receiving_name=name,
        reason=_clean_reason(reason),
        proposed_at=now,
        proposed_by=actor,
    )
    transfer.full_clean()
    transfer.save(force_insert=True)
    changed = {f: (None, getattr(transfer, f)) for f in ("state", "receiving_name", "reason", "proposed_at")}
    changed["receiving_unit"] = (None, unit.pk if unit else None)
    _audit(actor=actor, transfer=transfer, action=AuditAction.CREATE, changed=changed, request=request)
    _case_line(actor=actor, transfer=transfer, event="transfer_proposed", request=request)
    head = unit_head(locked.unit)
    if head is not None:
        work_item_hand(
            unit=locked.unit,
            kind=TRANSFER_APPROVAL,
            target=transfer,
            due_at=add_working_days(now, APPROVAL_WORKING_DAYS, unit=locked.unit),
            responsible=head,
            title_key=locked.number,
            actor=actor,
        )
    return transfer


def _locked_proposal(actor: User, transfer: CaseTransfer) -> CaseTransfer:
    locked = (
        CaseTransfer.objects.select_for_update(of=("self",)).select_related("case__unit", "unit").get(pk=transfer.pk)
    )
    if not is_head_of(actor, locked.case):
        raise TransferRefused(_("Only the head of the unit can decide on a transfer."))
    if locked.state != TransferState.PROPOSED:
        raise TransferRefused(_("This transfer has already been decided."))
    return locked


@transaction.atomic
def transfer_send_back(
    *, actor: User, transfer: CaseTransfer, note: str, request: HttpRequest | None = None
) -> CaseTransfer:
    """The HEAD sends a proposal back with a note; the case stays open here."""
    locked = _locked_proposal(actor, transfer)
    note = (note or "").replace("\x00", "").strip()[:MAX_REASON]
    if not note:
        raise TransferRefused(_("Say why the transfer is sent back."))
    now = timezone.now()
    changed: dict[str, tuple[Any, Any]] = {
        "state": (locked.state, TransferState.SENT_BACK),
        "decided_at": (None, now),
        "decided_by": (None, actor.pk),
        "send_back_note": (None, note),
    }
    locked.state, locked.decided_at, locked.decided_by, locked.send_back_note = (
        TransferState.SENT_BACK,
        now,
        actor,
        note,
    )
    locked.save(update_fields=["state", "decided_at", "decided_by", "send_back_note"])
    _audit(actor=actor, transfer=locked, action=AuditAction.UPDATE, changed=changed, request=request)
    _case_line(actor=actor, transfer=locked, event="transfer_sent_back", request=request)
    work_item_cancel(target=locked, kind=TRANSFER_APPROVAL, by=actor)
    work_decision_tell(target=locked, kind=TRANSFER_APPROVAL, approved=False, recipients=[locked.proposed_by])
    return locked


@transaction.atomic
def transfer_carry_out(
    *,
    actor: User,
    case: Case,
    transfer: CaseTransfer | None = None,
    receiver: Receiver | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> tuple[CaseTransfer, str]:
    """The HEAD carries out a proposal (``transfer``) or transfers at once (``receiver`` and ``reason``).

    Returns the transfer and the package's password, to be shown once and never stored.
    """
    locked = locked_case(case)
    if not is_head_of(actor, locked):
        raise TransferRefused(_("Only the head of the unit can carry out a transfer."))
    _check_case(locked)
    now = timezone.now()
    if transfer is not None:
        row = _locked_proposal(actor, transfer)
        if row.case_id != locked.pk:
            raise TransferRefused(_("This transfer belongs to another case."))
        action = AuditAction.UPDATE
        changed: dict[str, tuple[Any, Any]] = {"state": (row.state, TransferState.DONE)}
    else:
        if receiver is None:
            raise TransferRefused(_("Choose the receiving unit, or type the name of the UPTD PPA."))
        unit, name, _code = receiver.resolved(locked)
        row = CaseTransfer(
            unit=locked.unit,
            case=locked,
            receiving_unit=unit,
            receiving_name=name,
            reason=_clean_reason(reason),
            proposed_at=now,
            proposed_by=actor,
        )
        action = AuditAction.CREATE
        changed = {f: (None, getattr(row, f)) for f in ("receiving_name", "reason", "proposed_at")}
        changed |= {"state": (None, TransferState.DONE), "receiving_unit": (None, unit.pk if unit else None)}
    code = row.receiving_unit.region_code if row.receiving_unit_id and row.receiving_unit else ""
    if receiver is not None and row.receiving_unit_id is None:
        code = receiver.resolved(locked)[2]
    payload = build_payload(
        case=locked, actor=actor, receiving_name=row.receiving_name, receiving_code=code, reason=row.reason
    )
    password = new_password()
    workbook = encrypt_workbook(workbook_plain(payload), password)
    document = package_pdf(payload, password)
    # The case is closed through the case file's own closure (its guards, history, hand-offs and clocks).
    summary = _("Transferred to %(unit)s. %(reason)s") % {"unit": row.receiving_name, "reason": row.reason}
    _case_line(actor=actor, transfer=row, event="transfer_done", request=request)
    case_request_closure(actor=actor, case=locked, reason=TRANSFER_REASON, summary=summary[:5000], request=request)
    case_approve_closure(actor=actor, case=locked, request=request)
    stored_xlsx = file_store(io.BytesIO(workbook), XLSX)
    stored_pdf = file_store(io.BytesIO(document), PDF)
    row.state, row.decided_at, row.decided_by = TransferState.DONE, now, actor
    row.identity_shared = bool(payload["identity_shared"])
    row.xlsx_storage_name, row.xlsx_file_key, row.xlsx_sha256 = (
        stored_xlsx.storage_name,
        stored_xlsx.key,
        stored_xlsx.sha256,
    )
    row.pdf_storage_name, row.pdf_file_key, row.pdf_sha256 = stored_pdf.storage_name, stored_pdf.key, stored_pdf.sha256
    changed |= {
        "decided_at": (None, now),
        "decided_by": (None, actor.pk),
        "identity_shared": (False, row.identity_shared),
        "xlsx_sha256": (None, row.xlsx_sha256),
        "pdf_sha256": (None, row.pdf_sha256),
    }
    if action == AuditAction.CREATE:
        row.full_clean()
        row.save(force_insert=True)
    else:
        row.save(update_fields=[
            "state", "decided_at", "decided_by", "identity_shared", "xlsx_storage_name", "xlsx_file_key",
            "xlsx_sha256", "pdf_storage_name", "pdf_file_key", "pdf_sha256",
        ])  # fmt: skip
    _audit(actor=actor, transfer=row, action=action, changed=changed, request=request)
    if action == AuditAction.UPDATE:
        work_item_done(target=row, kind=TRANSFER_APPROVAL, by=actor)
        work_decision_tell(target=row, kind=TRANSFER_APPROVAL, approved=True, recipients=[row.proposed_by])
    return row, password
