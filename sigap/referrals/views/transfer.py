"""Pages of a transfer out: start it from the case page, decide a proposal, download the package.

The case manager proposes (the HEAD decides, as for a closure); the HEAD may transfer at once. Carrying a
transfer out answers with the result page itself (no redirect): it is the one place the password is
shown, and it is never shown again (decision D78). Every download of the package is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.cases.models.case import OPEN_STATES
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.core.files.kinds import PDF, XLSX
from sigap.referrals.forms.transfer import SendBackForm, TransferForm
from sigap.referrals.models import CaseTransfer, TransferState
from sigap.referrals.selectors.transfer import get_transfer_for_user, transfers_of
from sigap.referrals.services.transfer.send import (
    transfer_carry_out,
    transfer_propose,
    transfer_send_back,
)
from sigap.referrals.transfer.payload import identity_allowed
from sigap.referrals.views.incoming import stored_download

ALREADY_DONE = gettext_lazy(
    "This transfer was already carried out: its password was shown once and cannot be shown again."
)

MANAGE_ROLES = (Role.HEAD, Role.CASE_MANAGER)


def _done_page(request: StaffRequest, transfer: CaseTransfer, password: str) -> HttpResponse:
    response = render(request, "referrals/transfer/done.html", {"transfer": transfer, "password": password})
    response["Cache-Control"] = "no-store"  # the password must not stay in a cache
    return response


@staff_view(*MANAGE_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def transfer_start(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The case manager proposes a transfer; the HEAD carries one out at once."""
    user = request.user
    case = get_case_for_user(user, case_id)
    if not can_manage(user, case):
        raise PermissionDenied
    head = is_head_of(user, case)
    done = next((t for t in transfers_of(case) if t.state == TransferState.DONE), None)
    if done is not None and case.state not in OPEN_STATES:
        # Already transferred and closed (also the browser's reload of the password page): no form to fill again.
        messages.info(request, ALREADY_DONE)
        return redirect("referrals:transfer_detail", transfer_id=done.pk)
    form = TransferForm(request.POST or None, unit=case.unit)
    if request.method == "POST" and form.is_valid():
        try:
            if head:
                transfer, password = transfer_carry_out(
                    actor=user, case=case, receiver=form.receiver(), reason=form.cleaned_data["reason"], request=request
                )
                return _done_page(request, transfer, password)
            transfer = transfer_propose(
                actor=user, case=case, receiver=form.receiver(), reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Transfer proposed: the head of the unit will decide."))
            return redirect("referrals:transfer_detail", transfer_id=transfer.pk)
    context = {
        "case": case,
        "form": form,
        "is_head": head,
        "transfers": transfers_of(case),
        "pending": any(t.state == TransferState.PROPOSED for t in transfers_of(case)),
    }
    return render(request, "referrals/transfer/start.html", context)


@staff_view(*MANAGE_ROLES)
@require_GET
def transfer_detail(request: StaffRequest, transfer_id: Any) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, transfer_id)
    head = is_head_of(request.user, transfer.case)
    context = {
        "transfer": transfer,
        "case": transfer.case,
        "is_head": head,
        "can_decide": head and transfer.state == TransferState.PROPOSED,
        "identity": identity_allowed(transfer.case, transfer.receiving_name)
        if transfer.state == TransferState.PROPOSED
        else transfer.identity_shared,
    }
    return render(request, "referrals/transfer/detail.html", context)


@staff_view(Role.HEAD)
@never_cache
@require_POST
def transfer_approve(request: StaffRequest, transfer_id: Any) -> HttpResponse:
    """The HEAD carries out a proposal: the package is made and the case closed; the password shown once."""
    transfer = get_transfer_for_user(request.user, transfer_id)
    if transfer.state == TransferState.DONE:
        # A second POST (the browser's reload of the password page): say what happened, not "case not open".
        messages.info(request, ALREADY_DONE)
        return redirect("referrals:transfer_detail", transfer_id=transfer.pk)
    try:
        transfer, password = transfer_carry_out(
            actor=request.user, case=transfer.case, transfer=transfer, request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("referrals:transfer_detail", transfer_id=transfer.pk)
    return _done_page(request, transfer, password)


@staff_view(Role.HEAD)
@require_http_methods(["GET", "POST"])
def transfer_send_back_page(request: StaffRequest, transfer_id: Any) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, transfer_id)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_send_back(actor=request.user, transfer=transfer, note=form.cleaned_data["note"], request=request)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Transfer sent back: the case stays open here."))
            return redirect("referrals:transfer_detail", transfer_id=transfer.pk)
    return render(request, "referrals/transfer/send_back.html", {"transfer": transfer, "form": form})


@staff_view(Role.HEAD)
@require_GET
def transfer_download(request: StaffRequest, transfer_id: Any, kind: str) -> HttpResponseBase:
    """One file of the package (still encrypted with its password), as a download; audited."""
    transfer = get_transfer_for_user(request.user, transfer_id)
    if kind not in ("xlsx", "pdf"):
        raise Http404
    if not is_head_of(request.user, transfer.case):
        raise PermissionDenied
    if transfer.state != TransferState.DONE:
        raise Http404
    storage, key, file_kind = (
        (transfer.xlsx_storage_name, transfer.xlsx_file_key, XLSX)
        if kind == "xlsx"
        else (transfer.pdf_storage_name, transfer.pdf_file_key, PDF)
    )
    name = f"pelimpahan-{transfer.case.number.replace('/', '-')}{file_kind.extension}"
    response = stored_download(storage, key, content_type=file_kind.content_type, size=None, name=name)
    if response is None:
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return redirect("referrals:transfer_detail", transfer_id=transfer.pk)
    audit_view(request, transfer, AuditAction.DOWNLOAD, context={"file": kind})
    return response
