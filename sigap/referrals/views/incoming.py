"""Pages of referrals in: record one received from another agency, import a transfer package, read one.

Thin views: a form, a selector (404 outside scope), a service; refusals come back as form errors.
Every opening of a referral in and every download of its document is audited.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.store import file_open
from sigap.core.reference.selectors import code_label
from sigap.referrals.forms.incoming import IncomingReferralForm
from sigap.referrals.forms.transfer import PackageImportForm
from sigap.referrals.models import Referral
from sigap.referrals.selectors.incoming import get_incoming_for_user
from sigap.referrals.services.incoming import IncomingData, incoming_referral_record
from sigap.referrals.services.transfer.receive import transfer_import
from sigap.referrals.transfer.package import PackageRefused, payload_of_workbook
from sigap.referrals.transfer.summary import summary_lines

logger = logging.getLogger("sigap.referrals")

INTAKE_ROLES = (Role.INTAKE, Role.HEAD)
READ_ROLES = (Role.INTAKE, Role.HEAD, Role.CASE_MANAGER)


def stored_download(storage_name: str, key: str, *, content_type: str, size: int | None, name: str) -> Any:
    """A stored file as a download no browser renders or caches (None when it cannot be read)."""
    try:
        stream = file_open(storage_name, key)
    except (DecryptionError, OSError) as exc:
        logger.error("referral document unreadable error=%s", type(exc).__name__)  # no name: it may be personal
        return None
    response = StreamingHttpResponse(stream, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def incoming_create(request: StaffRequest) -> HttpResponse:
    form = IncomingReferralForm(request.POST or None, unit=request.membership.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = incoming_referral_record(
                actor=request.user,
                data=IncomingData(
                    reference=data["reference"],
                    letter_date=data["letter_date"],
                    received_at=data["received_at"],
                    needs_summary=data["needs_summary"],
                    risk_level=data["risk_level"],
                    partner=data.get("partner"),
                    partner_name=data.get("partner_name") or "",
                    partner_kind=data["partner_kind"],
                    services=list(data.get("services") or []),
                    urgency=data["urgency"],
                    contact_name=data.get("contact_name") or "",
                    contact_phone=data.get("reporter_phone") or "",
                    contact_instructions=data.get("contact_instructions") or "",
                    contact_calls=data.get("contact_calls") or "",
                    people=form.people(),
                ),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Referral recorded as complaint %(number)s: its response clock is running.")
                % {"number": referral.complaint.number if referral.complaint else ""},
            )
            return redirect("referrals:incoming_detail", referral_id=referral.pk)
    return render(request, "referrals/incoming/create.html", {"form": form})


@staff_view(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def package_import(request: StaffRequest) -> HttpResponse:
    form = PackageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = transfer_import(
                actor=request.user,
                upload=form.cleaned_data["package"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except ValidationError as error:  # PackageRefused, FileRefused, IncomingRefused
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Package imported as complaint %(number)s: its response clock is running.")
                % {"number": referral.complaint.number if referral.complaint else ""},
            )
            return redirect("referrals:incoming_detail", referral_id=referral.pk)
    return render(request, "referrals/incoming/import.html", {"form": form})


def _package_lines(referral: Referral) -> list[tuple[str, str]]:
    """The summary of an imported package, read again from the kept workbook ([] for a plain referral)."""
    if not referral.letter_storage_name:
        return []
    try:
        plain = b"".join(file_open(referral.letter_storage_name, referral.letter_file_key))
        return summary_lines(payload_of_workbook(plain))
    except (DecryptionError, OSError, PackageRefused):
        logger.error("imported package unreadable referral=%s", referral.pk)
        return [("", _("The package cannot be read at the moment. Tell the administrator of the unit."))]


@staff_view(*READ_ROLES)
@require_GET
def incoming_detail(request: StaffRequest, referral_id: Any) -> HttpResponse:
    referral = get_incoming_for_user(request.user, referral_id)
    audit_view(request, referral)
    context = {
        "referral": referral,
        "services": [code_label("service_type", code) for code in referral.services or []],
        "lines": _package_lines(referral),
    }
    return render(request, "referrals/incoming/detail.html", context)


@staff_view(*READ_ROLES)
@require_GET
def incoming_document(request: StaffRequest, referral_id: Any) -> HttpResponseBase:
    referral = get_incoming_for_user(request.user, referral_id)
    if not referral.letter_storage_name:
        messages.error(request, _("This referral has no document."))
        return redirect("referrals:incoming_detail", referral_id=referral.pk)
    response = stored_download(
        referral.letter_storage_name,
        referral.letter_file_key,
        content_type=referral.letter_content_type,
        size=referral.letter_size,
        name=f"{referral.number.replace('/', '-')}.xlsx",
    )
    if response is None:
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return redirect("referrals:incoming_detail", referral_id=referral.pk)
    audit_view(request, referral, AuditAction.DOWNLOAD, context={"document": "package"})
    return response
