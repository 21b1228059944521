"""Attachment pages: the attachments of a case, a session, a hearing, a mediation, an outreach visit or a
shelter stay (list and upload), the download, the removal with a reason.

HEAD and the case team only (``cases_visible_to``); an attachment outside the user's field group is a 404
like a case outside the scope. Every list view and every download is an audit event on the case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.attachment import AttachmentForm, AttachmentRemoveForm
from sigap.assistance.models.attachment import Attachment, FieldGroup, OwnerKind
from sigap.assistance.models.legal import Hearing
from sigap.assistance.models.mediation import Mediation
from sigap.assistance.models.outreach import OutreachVisit
from sigap.assistance.models.session import AccompanimentSession
from sigap.assistance.models.shelter import ShelterStay
from sigap.assistance.rules.attachment import narrowed_by
from sigap.assistance.rules.session import notes_group_of
from sigap.assistance.selectors.attachment import Reader, attachments_of, get_attachment_for_user, reader_for
from sigap.assistance.selectors.legal import get_hearing_for_user
from sigap.assistance.selectors.mediation import get_mediation_for_user
from sigap.assistance.selectors.outreach import get_visit_for_user
from sigap.assistance.selectors.session import get_session_for_user
from sigap.assistance.selectors.shelter import get_stay_for_user
from sigap.assistance.services.attachment import attachment_remove, attachment_upload
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.cases.models import Case
from sigap.cases.selectors.case import get_case_for_user
from sigap.core.access import staff_view
from sigap.core.crypto.aead import DecryptionError
from sigap.core.dates import format_when
from sigap.core.files.kinds import FileRefused
from sigap.core.files.store import download_response, file_open

CASE_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
logger = logging.getLogger("sigap.assistance")


@dataclass(frozen=True)
class Owner:
    """What an attachment list is about: the case itself or one record of it, and where to go back."""

    case: Case
    kind: str
    pk: Any
    title: str
    back_url: str
    upload_url: str
    session_kind: str = ""  # a session's kind: its documents' floor follows its notes (D48)


def _floor(owner: Owner, reader: Reader) -> str:
    """The field group the owner imposes on this uploader's documents (no query: the reader has the profession)."""
    if owner.kind != OwnerKind.SESSION:
        return FieldGroup.GENERAL
    return notes_group_of(owner.session_kind, reader.profession)


def _narrowed_message(attachment: Attachment, chosen: str, floor: str) -> str | None:
    """The sentence that says a choice was narrowed, and why (None: kept as chosen)."""
    why = narrowed_by(chosen=chosen, document_kind=attachment.document_kind, owner_floor=floor)
    if why is None:
        return None
    readers = {
        FieldGroup.CLINICAL: _("you and the head of the unit"),
        FieldGroup.LEGAL: _("the case manager, the legal counsellors of the team and the head of the unit"),
    }
    if why == "document":
        reason = _('because a document of the kind "%(kind)s" is always kept so') % {
            "kind": attachment.get_document_kind_display()
        }
    else:
        reason = _("because documents of this session are read as its notes are")
    return _("This document can be read only by %(readers)s, %(reason)s.") % {
        "readers": readers.get(FieldGroup(attachment.field_group), attachment.get_field_group_display()),
        "reason": reason,
    }


def owner_url(attachment: Attachment) -> str:
    """The page of the record an attachment belongs to (where it is listed and where its removal goes back)."""
    names = {
        OwnerKind.SESSION: ("assistance:session_detail", "session_id"),
        OwnerKind.HEARING: ("assistance:hearing_attachments", "hearing_id"),
        OwnerKind.MEDIATION: ("assistance:mediation_detail", "mediation_id"),
        OwnerKind.OUTREACH: ("assistance:visit_attachments", "visit_id"),
        OwnerKind.SHELTER_STAY: ("assistance:stay_attachments", "stay_id"),
    }
    name, key = names.get(OwnerKind(attachment.owner_kind), ("assistance:case_attachments", ""))
    if not key:
        return reverse(name, kwargs={"case_id": attachment.case_id})
    return reverse(name, kwargs={key: attachment.owner_id})


def _owner_list(request: StaffRequest, owner: Owner, reader: Reader, form: AttachmentForm) -> dict[str, Any]:
    """The list and the upload form of an owner, as the owner's page and the attachment pages show them."""
    owner_id = None if owner.kind == OwnerKind.CASE else owner.pk
    every = owner.kind == OwnerKind.CASE  # the case's page lists the files of its records too
    rows = [
        (a, reader.can_remove(a), owner_url(a) if every and a.owner_kind != OwnerKind.CASE else "")
        for a in attachments_of(request.user, owner.case, None if every else owner.kind, owner_id, reader=reader)
    ]
    return {
        "attachment_rows": rows,
        "attachment_form": form,
        "attachment_owner": owner,
        "can_upload": reader.can_upload,
        "sees_reasons": reader.sees_removal_reasons,
        "show_owner": every,
    }


def owner_attachments_context(request: StaffRequest, owner: Owner) -> dict[str, Any]:
    """What an owner's detail page (a session, a mediation) needs to include ``_owner_attachments.html``."""
    reader = reader_for(request.user, owner.case)
    return _owner_list(request, owner, reader, AttachmentForm(owner_floor=_floor(owner, reader)))


def _attachments_page(request: StaffRequest, owner: Owner) -> HttpResponse:
    """GET: the owner's attachments; POST: upload one to the owner (HEAD and team), then back to its page."""
    reader = reader_for(request.user, owner.case)
    floor = _floor(owner, reader)
    form = AttachmentForm(owner_floor=floor)
    if request.method == "POST":
        if not reader.can_upload:
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES, owner_floor=floor)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                saved = attachment_upload(
                    actor=request.user,
                    case=owner.case,
                    upload=upload,
                    original_name=upload.name,
                    document_kind=form.cleaned_data["document_kind"],
                    field_group=form.cleaned_data["field_group"],
                    owner_kind=owner.kind,
                    owner_id=None if owner.kind == OwnerKind.CASE else owner.pk,
                    request=request,
                )
            except FileRefused as refused:
                form.add_error("file", refused)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Attachment added."))
                narrowed = _narrowed_message(saved, form.cleaned_data["field_group"], floor)
                if narrowed:
                    messages.info(request, narrowed)
                return redirect(owner.back_url if owner.kind != OwnerKind.CASE else owner.upload_url)
    audit_view(request, owner.case, context={"page": "attachments", "owner": owner.kind, "id": str(owner.pk)})
    return render(
        request, "assistance/case_attachments.html", {"case": owner.case, **_owner_list(request, owner, reader, form)}
    )


def case_owner(case: Case) -> Owner:
    url = reverse("assistance:case_attachments", kwargs={"case_id": case.pk})
    back = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    return Owner(case, OwnerKind.CASE, case.pk, case.number, back, url)


def session_owner(session: AccompanimentSession) -> Owner:
    url = reverse("assistance:session_attachments", kwargs={"session_id": session.pk})
    back = reverse("assistance:session_detail", kwargs={"session_id": session.pk})
    title = f"{session.get_kind_display()} · {format_when(session.planned_start, session.case.unit.zone)}"
    return Owner(session.case, OwnerKind.SESSION, session.pk, title, back, url, session_kind=session.kind)


def hearing_owner(hearing: Hearing) -> Owner:
    case = hearing.track.case
    url = reverse("assistance:hearing_attachments", kwargs={"hearing_id": hearing.pk})
    back = reverse("assistance:legal_track", kwargs={"case_id": case.pk})
    title = _("Hearing of %(when)s") % {"when": format_when(hearing.starts_at, case.unit.zone)}
    return Owner(case, OwnerKind.HEARING, hearing.pk, title, back, url)


def mediation_owner(mediation: Mediation) -> Owner:
    url = reverse("assistance:mediation_attachments", kwargs={"mediation_id": mediation.pk})
    back = reverse("assistance:mediation_detail", kwargs={"mediation_id": mediation.pk})
    title = _("Mediation: %(matter)s") % {"matter": mediation.get_matter_display()}
    return Owner(mediation.case, OwnerKind.MEDIATION, mediation.pk, title, back, url)


def visit_owner(visit: OutreachVisit, case: Case) -> Owner:
    url = reverse("assistance:visit_attachments", kwargs={"visit_id": visit.pk})
    back = reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk})
    title = _("Outreach visit of %(when)s") % {"when": format_when(visit.planned_at, case.unit.zone)}
    return Owner(case, OwnerKind.OUTREACH, visit.pk, title, back, url)


def stay_owner(stay: ShelterStay) -> Owner:
    url = reverse("assistance:stay_attachments", kwargs={"stay_id": stay.pk})
    back = reverse("assistance:case_shelter", kwargs={"case_id": stay.case_id})
    # The shelter's name, never its address (the address has readers of its own).
    title = _("Shelter stay from %(when)s") % {"when": format_when(stay.admitted_at, stay.case.unit.zone)}
    return Owner(stay.case, OwnerKind.SHELTER_STAY, stay.pk, title, back, url)


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_attachments(request: StaffRequest, case_id: Any) -> HttpResponse:
    """The case's attachments (its own and its records') the user may read, and the upload form (HEAD and team)."""
    return _attachments_page(request, case_owner(get_case_for_user(request.user, case_id)))


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def session_attachments(request: StaffRequest, session_id: Any) -> HttpResponse:
    """A session's documents (psychological report, legal opinion…): the list, and the upload (POST)."""
    return _attachments_page(request, session_owner(get_session_for_user(request.user, session_id)))


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def hearing_attachments(request: StaffRequest, hearing_id: Any) -> HttpResponse:
    """A hearing's documents (summons, court record…): the list, and the upload (POST)."""
    return _attachments_page(request, hearing_owner(get_hearing_for_user(request.user, hearing_id)))


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def mediation_attachments(request: StaffRequest, mediation_id: Any) -> HttpResponse:
    """A mediation's documents (its berita acara, the signed agreement…): the list, and the upload (POST)."""
    return _attachments_page(request, mediation_owner(get_mediation_for_user(request.user, mediation_id)))


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def visit_attachments(request: StaffRequest, visit_id: Any) -> HttpResponse:
    """An outreach visit's documents (photos, a signed statement…), read as the visit is: through its case.

    Documents are kept on a case: a visit of a complaint that is not a case yet takes none (it says so).
    """
    visit = get_visit_for_user(request.user, visit_id)
    case_id = visit.case_id or (visit.complaint.case_id if visit.complaint is not None else None)
    if case_id is None:
        messages.info(request, _("Documents can be added to this visit once its complaint becomes a case."))
        return redirect("assistance:visit_detail", visit_id=visit.pk)
    # The visit's case through the scope: a visit seen through its complaint only does not open the case (404).
    return _attachments_page(request, visit_owner(visit, get_case_for_user(request.user, case_id)))


@staff_view(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def stay_attachments(request: StaffRequest, stay_id: Any) -> HttpResponse:
    """A shelter stay's documents (the placement letter, the referral at discharge…): the HEAD and the case
    team. A child's stay shows its admission's (the victim's stay), where the documents are kept."""
    stay = get_stay_for_user(request.user, stay_id)
    if stay.principal_id is not None:
        return redirect("assistance:stay_attachments", stay_id=stay.principal_id)
    return _attachments_page(request, stay_owner(stay))


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
        return redirect(owner_url(attachment))
    audit_view(
        request,
        attachment.case,
        AuditAction.DOWNLOAD,
        context={"attachment": str(attachment.pk), "kind": attachment.document_kind},
    )
    return download_response(
        stream, content_type=attachment.content_type, size=attachment.size, original_name=attachment.original_name
    )


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
            return redirect(owner_url(attachment))
    return render(
        request,
        "assistance/attachment_remove.html",
        {"case": attachment.case, "attachment": attachment, "form": form, "back_url": owner_url(attachment)},
    )
