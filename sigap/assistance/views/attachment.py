"""Attachment pages: a case's attachments (list and upload), the download, the removal with a reason.

HEAD and the case team only (``cases_visible_to``); an attachment outside the user's field group is a 404
like a case outside the scope. Every list view and every download is an audit event on the case.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.attachment import AttachmentForm, AttachmentRemoveForm
from sigap.assistance.selectors.attachment import attachments_of, get_attachment_for_user, reader_for
from sigap.assistance.services.attachment import attachment_remove, attachment_upload
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.files.kinds import FileRefused
from sigap.core.files.store import download_name, file_open

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
logger = logging.getLogger("sigap.assistance")


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_attachments(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The case's attachments the user may read, and the upload form (HEAD and team)."""
    case = get_case_for_user(request.user, case_id)
    reader = reader_for(request.user, case)
    form = AttachmentForm()
    if request.method == "POST":
        if not reader.can_upload:
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment_upload(
                    actor=request.user,
                    case=case,
                    upload=upload,
                    original_name=upload.name,
                    document_kind=form.cleaned_data["document_kind"],
                    field_group=form.cleaned_data["field_group"],
                    request=request,
                )
            except FileRefused as refused:
                form.add_error("file", refused)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Attachment added."))
                return redirect("assistance:case_attachments", case_id=case.pk)
    audit_view(request, case, context={"page": "attachments"})
    attachments = list(attachments_of(request.user, case, reader=reader))
    rows = [(a, reader.can_remove(a)) for a in attachments]
    return render(
        request,
        "assistance/case_attachments.html",
        {
            "case": case,
            "rows": rows,
            "form": form,
            "can_upload": reader.can_upload,
            "sees_reasons": reader.sees_removal_reasons,
        },
    )


@staff_view(*CASE_ROLES)
@require_GET
def attachment_download(request: StaffRequest, attachment_id: Any) -> HttpResponseBase:
    """The decrypted file, streamed, as a download that no browser renders or caches; audited."""
    attachment, _reader = get_attachment_for_user(request.user, attachment_id)
    try:
        stream = file_open(attachment.storage_name, attachment.file_key)
    except (DecryptionError, OSError) as exc:
        # Ids only: the name of the file is personal. The operator restores it from the backup (operations.md).
        logger.error("attachment unreadable id=%s error=%s", attachment.pk, type(exc).__name__)
        messages.error(request, _("This file cannot be read at the moment. Tell the administrator of the unit."))
        return redirect("assistance:case_attachments", case_id=attachment.case_id)
    audit_view(
        request,
        attachment.case,
        AuditAction.DOWNLOAD,
        context={"attachment": str(attachment.pk), "kind": attachment.document_kind},
    )
    response = StreamingHttpResponse(stream, content_type=attachment.content_type)
    response["Content-Length"] = str(attachment.size)
    name = download_name(attachment.original_name, attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def attachment_remove_view(request: StaffRequest, attachment_id: Any) -> HttpResponse:
    """Remove an attachment with a reason (the uploader, the case manager or the HEAD)."""
    attachment, reader = get_attachment_for_user(request.user, attachment_id)
    if not reader.can_remove(attachment):
        raise PermissionDenied
    form = AttachmentRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment_remove(
                actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attachment removed."))
            return redirect("assistance:case_attachments", case_id=attachment.case_id)
    return render(
        request,
        "assistance/attachment_remove.html",
        {"case": attachment.case, "attachment": attachment, "form": form},
    )
